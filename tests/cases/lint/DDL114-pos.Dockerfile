FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSLo /tmp/install.sh https://get.example.com && sh /tmp/install.sh
RUN wget -q https://example.com/tool-1.0.tar.gz && tar -xzf tool-1.0.tar.gz
RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
USER 10001
HEALTHCHECK CMD ["/bin/true"]
