FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY app.zip /opt/
RUN unzip /opt/app.zip
COPY --from=builder /out/app.tar /opt/
RUN tar -xf /opt/app.tar
COPY app.tar.gz /opt/
USER 10001
HEALTHCHECK CMD ["/bin/true"]
