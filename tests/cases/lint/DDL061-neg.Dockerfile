FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
LABEL org.opencontainers.image.licenses="(MIT OR Apache-2.0) AND GPL-2.0-or-later WITH Classpath-exception-2.0"
USER 10001
HEALTHCHECK CMD ["/bin/true"]
