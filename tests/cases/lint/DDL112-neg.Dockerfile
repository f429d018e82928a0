FROM golang:1.22@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f AS build
RUN go build -o /app .
FROM gcr.io/distroless/static-debian12:nonroot@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
COPY --from=build /app /app
HEALTHCHECK CMD ["/app", "health"]
ENTRYPOINT ["/app"]
