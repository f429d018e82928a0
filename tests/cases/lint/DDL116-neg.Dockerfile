FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f AS build
ENV DEBIAN_FRONTEND=noninteractive
FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ARG DEBIAN_FRONTEND=noninteractive
USER 10001
HEALTHCHECK CMD ["/bin/true"]
