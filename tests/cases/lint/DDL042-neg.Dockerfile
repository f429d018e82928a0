FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN wget -q https://example.com/f.tgz && wget --progress=dot:giga https://example.com/g.tgz
USER app
HEALTHCHECK CMD ["/bin/true"]
