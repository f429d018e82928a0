FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ENV CACHE=/var/cache/app
RUN rm -rf ${BUILD_DIR:?}/* $CACHE/* && tmp=$(mktemp -d) && rm -rf $tmp/x
USER 10001
HEALTHCHECK CMD ["/bin/true"]
