FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
EXPOSE 8022 80
RUN apt-get install -y --no-install-recommends openssh-client=1:9.2 && rm -rf /var/lib/apt/lists/*
USER app
HEALTHCHECK CMD ["/bin/true"]
