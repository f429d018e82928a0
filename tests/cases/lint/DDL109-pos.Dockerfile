FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN apt-get update && apt-get -y dist-upgrade
RUN apk upgrade
USER app
HEALTHCHECK CMD ["/bin/true"]
