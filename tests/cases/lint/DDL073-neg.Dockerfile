FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ARG MODE=fast
RUN if [ $MODE = fast ] && [ "$OTHER" = x ] && [ $TARGETARCH = amd64 ]; then echo fast; fi
USER 10001
HEALTHCHECK CMD ["/bin/true"]
