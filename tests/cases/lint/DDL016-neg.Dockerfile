FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN apk add --no-cache curl=8.5.0-r0
USER app
HEALTHCHECK CMD ["/bin/true"]
