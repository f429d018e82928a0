FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN yum install -y httpd && yum clean all
USER app
HEALTHCHECK CMD ["/bin/true"]
