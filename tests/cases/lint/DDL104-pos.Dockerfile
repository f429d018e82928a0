FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ADD https://example.com/app.tar.gz /opt/
USER app
HEALTHCHECK CMD ["/bin/true"]
