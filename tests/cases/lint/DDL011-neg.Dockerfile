FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN pip install --no-cache-dir flask==3.0 'requests>=2' -r requirements.txt .
USER app
HEALTHCHECK CMD ["/bin/true"]
