FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN mkdir -p /srv/uploads && chmod 1777 /srv/uploads
RUN d=$(mktemp -d) && chmod 777 "$d" && cp -r /src "$d" && rm -rf "$d"
USER 10001
HEALTHCHECK CMD ["/bin/true"]
