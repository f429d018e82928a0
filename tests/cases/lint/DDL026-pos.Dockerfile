FROM --platform=linux/amd64 debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
USER app
HEALTHCHECK NONE
