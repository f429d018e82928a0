FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY id_rsa.pub /root/.ssh/authorized_keys
COPY .env.example /app/
COPY src/ /app/
USER app
HEALTHCHECK CMD ["/bin/true"]
