FROM quay.io/org/base:1.0@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f AS build
COPY --from=ghcr.io/org/tools:1.0 /bin/tool /usr/local/bin/
USER 10001
HEALTHCHECK CMD ["/bin/true"]
