FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSLo /tmp/app.tgz https://example.com/app.tgz && echo "$APP_SHA256  /tmp/app.tgz" | sha256sum -c - && tar -xzf /tmp/app.tgz
RUN curl -fsSLo /tmp/k.asc https://example.com/k.asc && gpg --verify /tmp/k.asc /tmp/app.tgz && tar -xzf /tmp/app.tgz
RUN curl -fsSLo /etc/motd https://example.com/motd
RUN curl -fsSLO https://example.com/app.tgz && if [ "$(openssl sha512 -r app.tgz)" = "$SUM *app.tgz" ]; then tar -xzf app.tgz; else exit 1; fi
USER 10001
HEALTHCHECK CMD ["/bin/true"]
