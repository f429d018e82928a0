FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY id_rsa /root/.ssh/id_rsa
COPY .env /app/
COPY .aws/ /root/.aws/
ADD certs/server.pem /etc/ssl/
COPY .docker/config.json /root/.docker/
COPY .npmrc /app/
USER app
HEALTHCHECK CMD ["/bin/true"]
