FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN go install golang.org/x/tools/cmd/goimports@latest
RUN go get github.com/x/y && go run example.com/gen@v1.2.0 args
USER 10001
HEALTHCHECK CMD ["/bin/true"]
