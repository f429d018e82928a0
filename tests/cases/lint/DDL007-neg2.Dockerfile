FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN apt-get install -s curl && apt-get -y install --no-install-recommends ./local.deb curl/bookworm-backports
USER 10001
HEALTHCHECK CMD ["/bin/true"]
