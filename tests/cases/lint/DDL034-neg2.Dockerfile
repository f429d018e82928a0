FROM fedora:40@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN microdnf install httpd-2.4.24 && microdnf clean all
USER 10001
HEALTHCHECK CMD ["/bin/true"]
