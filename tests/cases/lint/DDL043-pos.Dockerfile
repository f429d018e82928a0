FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
LABEL MyLabel=x
LABEL com.docker.foo=y
USER app
HEALTHCHECK CMD ["/bin/true"]
