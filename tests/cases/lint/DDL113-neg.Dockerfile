FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ARG VERSION=1.0 TOKEN_FILE=/run/secrets/t
RUN --mount=type=secret,id=npm_token cat /run/secrets/npm_token > /dev/null
USER app
HEALTHCHECK CMD ["/bin/true"]
