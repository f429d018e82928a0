FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/app.tar.gz /opt/
ADD https://github.com/moby/buildkit.git#v0.12.0 /src
USER app
HEALTHCHECK CMD ["/bin/true"]
