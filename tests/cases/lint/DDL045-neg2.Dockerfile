FROM golang:1.22@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f AS build
RUN go build -o /out/app ./cmd/app
FROM scratch AS export
COPY --from=build /out/app /
