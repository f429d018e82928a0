FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN npm install -g typescript@5.3.3 @angular/cli@17.0.0 && npm ci
USER app
HEALTHCHECK CMD ["/bin/true"]
