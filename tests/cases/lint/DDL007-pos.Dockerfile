FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN apt-get install -y --no-install-recommends curl=7.88 wget && rm -rf /var/lib/apt/lists/*
USER app
HEALTHCHECK CMD ["/bin/true"]
