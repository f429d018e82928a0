FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN gem i bundler:2.5.3 --no-document && gem install rake -v 13.1.0 && gem install rails:7.1.3 -- --use-system-libraries
USER 10001
HEALTHCHECK CMD ["/bin/true"]
