FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN useradd -u 1000000 app
USER app
HEALTHCHECK CMD ["/bin/true"]
