FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
LABEL org.opencontainers.image.version="1.2.3-rc.1+build.007"
USER 10001
HEALTHCHECK CMD ["/bin/true"]
