FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN ln -sf /bin/bash /bin/sh
USER app
HEALTHCHECK CMD ["/bin/true"]
