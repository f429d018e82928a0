FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
# Settings about a token, not tokens: no DDL101 (AUTH_TOKEN_TTL used to be reported).
ENV ACCESS_TOKEN_EXPIRE_MINUTES=30 AUTH_TOKEN_TTL=3600 JWT_SECRET_ALGORITHM=HS256
ENV OAUTH_TOKEN_ENDPOINT=https://auth.example.com/token SESSION_TOKEN_TIMEOUT=900
# A real secret next to them is still reported.
ENV JWT_SECRET=0123456789abcdef
USER app
HEALTHCHECK CMD ["/bin/true"]
