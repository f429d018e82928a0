FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN chmod 755 /app && chmod u+w /data && chmod 1755 /x
COPY --chmod=644 a /a
USER app
HEALTHCHECK CMD ["/bin/true"]
