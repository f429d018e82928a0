FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
LABEL org.opencontainers.image.created="2024-02-29T23:59:60.123+05:30"
USER 10001
HEALTHCHECK CMD ["/bin/true"]
