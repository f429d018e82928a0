FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN curl -fsSLo /a https://e.com/a && curl -fsSLo /b https://e.com/b
USER app
HEALTHCHECK CMD ["/bin/true"]
