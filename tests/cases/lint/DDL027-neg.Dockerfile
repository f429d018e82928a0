FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN yum install -y httpd-2.4.57 && yum clean all
USER app
HEALTHCHECK CMD ["/bin/true"]
