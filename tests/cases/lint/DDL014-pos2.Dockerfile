FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN npm install -g npm@latest && pnpm add lodash && yarn add left-pad
USER 10001
HEALTHCHECK CMD ["/bin/true"]
