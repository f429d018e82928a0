FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN pipx install black && pip install --no-cache-dir git+https://github.com/x/y.git#egg=y
USER 10001
HEALTHCHECK CMD ["/bin/true"]
