FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ENV AWS_REGION=eu-west-1 GH_USER=octocat
ARG VERSION=1.2.3
ENV DB_URL=postgres://db:5432/app URL2=https://$USER:$PASS@host/
RUN echo AKIA-not-a-key
USER app
HEALTHCHECK CMD ["/bin/true"]
