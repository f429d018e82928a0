FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN pip3 install --no-cache-dir flask==3.0
ENV PIP_NO_CACHE_DIR=1
RUN python3 -m pip install requests==2.31
USER app
HEALTHCHECK CMD ["/bin/true"]
