FROM alpine:3.20@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN if [ "$(uname -m)" == x86_64 ]; then echo amd64; fi
FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
SHELL ["/bin/bash", "-c"]
RUN [[ -f /etc/debian_version ]] && echo debian
USER 10001
HEALTHCHECK CMD ["/bin/true"]
