FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ONBUILD RUN make
USER app
HEALTHCHECK CMD ["/bin/true"]
