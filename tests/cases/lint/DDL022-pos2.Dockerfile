FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
CMD ["/app", "--serve]
USER 10001
HEALTHCHECK CMD ["/bin/true"]
