FROM fedora:40@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN dnf in httpd-2.4.24 && dnf clean all
USER 10001
HEALTHCHECK CMD ["/bin/true"]
