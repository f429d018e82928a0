FROM golang:1.22@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f AS build
RUN go build -o /app .
FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY --from=build /app /app
USER app
HEALTHCHECK CMD ["/app", "health"]
ENTRYPOINT ["/app"]
