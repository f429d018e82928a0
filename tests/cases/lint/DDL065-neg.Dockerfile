FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN go install golang.org/x/tools/cmd/goimports@v0.24.0
RUN go install ./cmd/... && go run main.go && go install tool
USER 10001
HEALTHCHECK CMD ["/bin/true"]
