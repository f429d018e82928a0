FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN useradd -l -u 1000000 app && useradd -u 1000 other
USER app
HEALTHCHECK CMD ["/bin/true"]
