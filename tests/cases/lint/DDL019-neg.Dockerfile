FROM golang:1.22@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f AS build
FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY --from=build /out /app/
COPY --from=0 /out /app2/
COPY --from=nginx:1.25 /etc/nginx /etc/nginx
USER app
HEALTHCHECK NONE
