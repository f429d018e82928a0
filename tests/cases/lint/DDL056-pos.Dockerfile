FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY app.tar.gz /opt/
RUN tar -xzf /opt/app.tar.gz -C /opt && rm /opt/app.tar.gz
COPY tools.tar /tmp/bundle.tar
RUN tar xf /tmp/bundle.tar
USER 10001
HEALTHCHECK CMD ["/bin/true"]
