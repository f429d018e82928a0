FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
EXPOSE 80 443/tcp 53/udp 8000-8010
USER app
HEALTHCHECK CMD ["/bin/true"]
