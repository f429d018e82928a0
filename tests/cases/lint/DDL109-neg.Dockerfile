FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN apt-get update && apt-get install -y --no-install-recommends --only-upgrade openssl=3.0 && rm -rf /var/lib/apt/lists/*
RUN yum update -y openssl-3.0.7 && yum clean all
USER app
HEALTHCHECK CMD ["/bin/true"]
