FROM --platform=$BUILDPLATFORM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
USER 10001
HEALTHCHECK CMD ["/bin/true"]
