FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
EXPOSE 22
RUN apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*
CMD ["/usr/sbin/sshd", "-D"]
USER app
HEALTHCHECK CMD ["/bin/true"]
