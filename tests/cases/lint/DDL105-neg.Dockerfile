FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSLo /tmp/i.sh https://get.example.com && sha256sum -c i.sha && sh /tmp/i.sh
RUN curl -fsSL https://e.com/a.tgz | tar xz
USER app
HEALTHCHECK CMD ["/bin/true"]
