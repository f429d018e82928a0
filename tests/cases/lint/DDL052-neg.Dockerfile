FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ENTRYPOINT ["a"]
CMD ["b"]
USER app
HEALTHCHECK CMD ["/bin/true"]
