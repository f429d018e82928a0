FROM debian:12.5@sha256:3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f
ENV AWS_KEY=AKIAIOSFODNN7EXAMPLE
ARG GH=ghp_0123456789abcdefghijklmnopqrstuvwxyz
LABEL jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U
RUN curl -H 'PRIVATE-TOKEN: glpat-abcdefghij0123456789' https://gitlab.example.com
ENV SLACK=xoxb-123456789012-abcdefghij
ENV STRIPE=sk_live_0123456789abcdefghijklmn
RUN <<EOF
echo '-----BEGIN OPENSSH PRIVATE KEY-----' > /k
EOF
ENV DB_URL=postgres://app:s3cret@db:5432/app
USER app
HEALTHCHECK CMD ["/bin/true"]
