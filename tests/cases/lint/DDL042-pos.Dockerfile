FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN wget https://example.com/f.tgz
USER app
HEALTHCHECK CMD ["/bin/true"]
