FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN cat /etc/os-release | grep VERSION
USER 10001
HEALTHCHECK CMD ["/bin/true"]
