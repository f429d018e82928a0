FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
VOLUME /var/run/docker.sock
ENV DOCKER_HOST=unix:///var/run/docker.sock
USER app
HEALTHCHECK CMD ["/bin/true"]
