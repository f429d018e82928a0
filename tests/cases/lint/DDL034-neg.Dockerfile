FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN dnf install -y httpd-2.4.57 && dnf clean all
RUN microdnf install --assumeyes nginx-1.24 && microdnf clean all
USER app
HEALTHCHECK CMD ["/bin/true"]
