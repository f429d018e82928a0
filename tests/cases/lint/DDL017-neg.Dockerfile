FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY app.py /app/
ADD rootfs.tar.gz /
USER app
HEALTHCHECK CMD ["/bin/true"]
