FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
SHELL ["/bin/bash", "-c"]
RUN ln -s /usr/bin/python3 /usr/bin/python
USER app
HEALTHCHECK CMD ["/bin/true"]
