FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
WORKDIR /srv
COPY app.py app/
COPY x /opt/x
USER app
HEALTHCHECK CMD ["/bin/true"]
