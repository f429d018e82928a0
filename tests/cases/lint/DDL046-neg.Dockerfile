FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN make && make install
COPY a /a
RUN true
RUN --mount=type=secret,id=t true
USER app
HEALTHCHECK CMD ["/bin/true"]
