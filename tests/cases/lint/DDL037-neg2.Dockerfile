FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ENV PIP_NO_CACHE_DIR=0
RUN pip install flask==3.0.0
RUN pipx install black==24.1.0
USER 10001
HEALTHCHECK CMD ["/bin/true"]
