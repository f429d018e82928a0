FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
LABEL org.opencontainers.image.revision="3f2a9c1" vcs.full="3f2a9c1e0b7d4c5a6e8f9a0b1c2d3e4f5a6b7c8d"
USER 10001
HEALTHCHECK CMD ["/bin/true"]
