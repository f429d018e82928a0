FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ENTRYPOINT ["/entry.sh"]
CMD ["python", "app.py"]
USER app
HEALTHCHECK CMD ["/bin/true"]
