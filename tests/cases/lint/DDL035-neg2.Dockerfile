FROM fedora:40@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN --mount=type=cache,target=/var/cache/libdnf5 dnf in -y httpd-2.4.24
RUN --mount=type=tmpfs,target=/var/cache/dnf dnf up -y
RUN dnf -y install httpd-2.4.24 && rm -rf /var/cache/libdnf5
USER 10001
HEALTHCHECK CMD ["/bin/true"]
