FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ADD app.py /app/
USER app
HEALTHCHECK CMD ["/bin/true"]
