FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
# hadolint ignore=DL3003
RUN cd /src && make
# drydock global ignore=DDL070
USER 10001
HEALTHCHECK CMD ["/bin/true"]
