FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
RUN pip install --no-cache-dir --root-user-action ignore poetry==1.8.5 && pip install --no-cache-dir -c constraints.txt flask
RUN pip install --no-cache-dir . && pip install --no-cache-dir git+https://github.com/x/y.git@v1.2#egg=y
USER 10001
HEALTHCHECK CMD ["/bin/true"]
