FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN pip3 install flask==3.0
USER app
HEALTHCHECK CMD ["/bin/true"]
