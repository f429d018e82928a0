FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN service nginx start
RUN true && ps aux
USER app
HEALTHCHECK CMD ["/bin/true"]
