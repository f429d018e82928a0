FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
LABEL org.opencontainers.image.source="https://github.com/x/y?tab=readme#top"
USER 10001
HEALTHCHECK CMD ["/bin/true"]
