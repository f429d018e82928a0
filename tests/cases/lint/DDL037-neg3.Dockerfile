FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN PIP_NO_CACHE_DIR=off pip install flask==3.0.0 && export PIP_NO_CACHE_DIR=1 && pip install x==1
RUN --mount=type=cache,target=/root/.cache/pip pip install y==2
USER 10001
HEALTHCHECK CMD ["/bin/true"]
