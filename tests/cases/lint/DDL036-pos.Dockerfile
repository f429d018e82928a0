FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN dnf install -y httpd && dnf clean all
USER app
HEALTHCHECK CMD ["/bin/true"]
