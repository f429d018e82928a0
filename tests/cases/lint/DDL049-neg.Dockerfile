FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
LABEL org.opencontainers.image.authors=someone@example.com
USER app
HEALTHCHECK CMD ["/bin/true"]
