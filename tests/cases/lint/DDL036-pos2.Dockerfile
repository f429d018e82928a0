FROM fedora:40@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN dnf -y module install nodejs && dnf clean all
USER 10001
HEALTHCHECK CMD ["/bin/true"]
