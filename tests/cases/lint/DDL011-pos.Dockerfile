FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN pip install --no-cache-dir flask requests==2.31
USER app
HEALTHCHECK CMD ["/bin/true"]
