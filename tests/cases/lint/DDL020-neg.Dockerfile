FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f AS base
FROM base AS final
COPY --from=base /a /b
USER app
HEALTHCHECK NONE
