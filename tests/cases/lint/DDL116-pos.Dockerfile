FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ENV DEBIAN_FRONTEND=noninteractive
USER 10001
HEALTHCHECK CMD ["/bin/true"]
