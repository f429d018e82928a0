FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ENV A=1
ENV B=$A PATH=/x:$PATH
USER app
HEALTHCHECK CMD ["/bin/true"]
