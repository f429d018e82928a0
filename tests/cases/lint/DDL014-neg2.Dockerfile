FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN npm install --loglevel verbose sax@0.1.1 && npm install --registry https://r.example.com express@4.19.2
RUN npm ci && npm install ./local-pkg && npm install github:user/repo#v1.0.0
USER 10001
HEALTHCHECK CMD ["/bin/true"]
