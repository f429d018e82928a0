FROM debian:latest
RUN apt-get update && apt-get install -y curl
ADD http://example.com/x.tgz /x
