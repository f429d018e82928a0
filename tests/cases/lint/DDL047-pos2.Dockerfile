FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN yarn cache clean && yarn install
USER 10001
HEALTHCHECK CMD ["/bin/true"]
