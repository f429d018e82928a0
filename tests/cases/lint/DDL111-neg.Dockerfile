FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
VOLUME /data
ENV DOCKER_HOST=tcp://docker:2376
USER app
HEALTHCHECK CMD ["/bin/true"]
