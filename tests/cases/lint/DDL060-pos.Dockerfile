FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
LABEL org.opencontainers.image.created="2024-02-30T10:00:00Z"
USER 10001
HEALTHCHECK CMD ["/bin/true"]
