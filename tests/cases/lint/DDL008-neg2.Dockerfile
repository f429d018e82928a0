FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 && apt-get dist-clean
RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends git=1:2.39.2-1.1
USER 10001
HEALTHCHECK CMD ["/bin/true"]
