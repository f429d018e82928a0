FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN wget -qO - https://e.com/list.txt | wc -l > /lines
USER app
HEALTHCHECK CMD ["/bin/true"]
