FROM fedora:40@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN dnf -y up && dnf -y rei bash-5.2.26
RUN dnf clean all && dnf in -y httpd-2.4.24
RUN dnf install -y httpd-2.4.24 && microdnf clean all
USER 10001
HEALTHCHECK CMD ["/bin/true"]
