FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY a.txt b.txt /app/
COPY a.txt /app
USER app
HEALTHCHECK CMD ["/bin/true"]
