# hadolint global ignore=DL3003,DL3059
FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN cd /src && make
# drydock ignore=DDL046
RUN true
USER 10001
HEALTHCHECK CMD ["/bin/true"]
