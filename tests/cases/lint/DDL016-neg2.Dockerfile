FROM alpine:3.20@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN apk add --no-network --allow-untrusted /tmp/pkgs/*.apk
RUN --mount=type=tmpfs,target=/var/cache/apk apk add curl=8.9.1-r1
RUN apk add -U jq=1.7.1-r0 && rm -rf /var/cache/apk/*
USER 10001
HEALTHCHECK CMD ["/bin/true"]
