FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN curl -fsSL https://e.com/a.tgz | tar xz
USER app
HEALTHCHECK CMD ["/bin/true"]
