FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88
USER app
HEALTHCHECK CMD ["/bin/true"]
