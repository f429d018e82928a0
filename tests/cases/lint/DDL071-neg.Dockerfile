FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN cat a.txt b.txt | sort && cat -A x | grep y && grep VERSION < /etc/os-release
USER 10001
HEALTHCHECK CMD ["/bin/true"]
