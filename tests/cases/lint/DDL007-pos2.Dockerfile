FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ONBUILD RUN apt-get install -y --no-install-recommends curl
USER 10001
HEALTHCHECK CMD ["/bin/true"]
