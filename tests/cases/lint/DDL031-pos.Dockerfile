FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN zypper -n dist-upgrade
USER app
HEALTHCHECK CMD ["/bin/true"]
