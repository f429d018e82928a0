FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
LABEL org.opencontainers.image.source=https://example.com version=1
USER app
HEALTHCHECK CMD ["/bin/true"]
