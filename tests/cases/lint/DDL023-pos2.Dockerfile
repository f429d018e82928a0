FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY --from=quay.io/org/tools:1.0 /bin/tool /usr/local/bin/
RUN --mount=type=bind,from=ghcr.io/org/data:1,target=/data cp /data/x /x
USER 10001
HEALTHCHECK CMD ["/bin/true"]
