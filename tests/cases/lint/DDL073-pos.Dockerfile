FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN if [ $MODE = fast ]; then echo fast; fi
USER 10001
HEALTHCHECK CMD ["/bin/true"]
