FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY jenkins.io-2026.key /war/jenkins-key.pub
COPY nginx_signing.key /etc/apt/keyrings/nginx.asc
COPY certs/ca.pem certs/server-cert.pem /etc/ssl/
COPY ssh/authorized_keys /home/app/.ssh/authorized_keys
USER 10001
HEALTHCHECK CMD ["/bin/true"]
