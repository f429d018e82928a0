FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://get.example.com | sh
RUN wget -qO- https://x.example.com/i.sh | sudo bash
RUN bash -c "$(curl -fsSL https://y.example.com/i.sh)"
USER app
HEALTHCHECK CMD ["/bin/true"]
