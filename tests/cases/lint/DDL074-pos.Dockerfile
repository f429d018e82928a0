FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN rm -rf $BUILD_DIR/*
USER 10001
HEALTHCHECK CMD ["/bin/true"]
