FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
WORKDIR /app
ARG D=/srv
WORKDIR $D
USER app
HEALTHCHECK CMD ["/bin/true"]
