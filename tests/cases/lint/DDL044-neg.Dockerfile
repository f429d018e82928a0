FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f AS base
LABEL org.opencontainers.image.licenses=MIT
FROM base
LABEL org.opencontainers.image.source=x
USER app
HEALTHCHECK NONE
