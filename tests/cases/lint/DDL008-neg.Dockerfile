FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88 \
 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt apt-get install -y --no-install-recommends git=1:2.39
USER app
HEALTHCHECK CMD ["/bin/true"]
