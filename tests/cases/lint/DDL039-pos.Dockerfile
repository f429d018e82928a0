FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ENV A=1 B=${A}/x
USER app
HEALTHCHECK CMD ["/bin/true"]
