FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN chmod u+s /usr/bin/x
RUN chmod 4755 /usr/bin/y
USER app
HEALTHCHECK CMD ["/bin/true"]
