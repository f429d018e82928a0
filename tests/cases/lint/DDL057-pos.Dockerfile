FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
LABEL org.opencontainers.image.source=https://example.com/repo
LABEL com.example.team=payments
USER 10001
HEALTHCHECK CMD ["/bin/true"]
