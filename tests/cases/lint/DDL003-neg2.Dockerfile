FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN cd / && true
RUN (cd /src && make) && (cd /docs && make)
RUN mkdir -p /tmp/b && cd /tmp/b && cmake .. && make && cd .. && rm -rf /tmp/b
RUN cd "$(mktemp -d)" && true
USER 10001
HEALTHCHECK CMD ["/bin/true"]
