FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN aptitude update && aptitude install -y curl=7.88.1-10
USER 10001
HEALTHCHECK CMD ["/bin/true"]
