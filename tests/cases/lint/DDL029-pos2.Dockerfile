FROM centos:7@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f AS build
ARG version=2.51.0-2.el7
FROM centos:7@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN yum -y install git-${version} && yum clean all
USER 10001
HEALTHCHECK CMD ["/bin/true"]
