FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN zypper -n install 'curl=8.0'
USER app
HEALTHCHECK CMD ["/bin/true"]
