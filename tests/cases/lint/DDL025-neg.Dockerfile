FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN gem install rails:7.1.2 && gem install bundler -v 2.5.3
USER app
HEALTHCHECK CMD ["/bin/true"]
