FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN chmod 777 /app
RUN chmod -R o+w /data
COPY --chmod=666 a /a
USER app
HEALTHCHECK CMD ["/bin/true"]
