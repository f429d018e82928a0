FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
CMD python app.py
ENTRYPOINT /entry.sh
USER app
HEALTHCHECK CMD ["/bin/true"]
