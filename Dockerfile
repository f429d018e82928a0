# drydock's own image: the one binary, exactly the shared libraries it loads, the CA
# certificates and the rules, on an empty (scratch) base — no shell, no package manager,
# nothing else to exploit or to scan. The BPF programs of `drydock watch` are embedded in
# the binary (bpftool skeleton), so nothing else is needed at run time.
#
#   docker build -t drydock .
#   docker run --rm drydock lint - < Dockerfile
#
# How to run each command (privileges, mounts) is in README.md, "drydock in a container".
#
# The build stage's base is pinned by digest (a bot moves the pin; a tag would change
# under us). BASE_IMAGE exists for places that cannot pull it: drydock's own test suite
# runs where no registry is reachable and builds this file FROM a Debian bookworm it made
# with debootstrap (tests/images/70-drydock.sh). Any Debian 12 root works: the build
# installs what it needs with scripts/deps.sh, the same list a developer's machine uses.
ARG BASE_IMAGE=debian:bookworm-slim@sha256:7802002798b0e351323ed2357ae6dc5a8c4d0a05a57e7f4d8f97136151d3d603

FROM ${BASE_IMAGE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY scripts/deps.sh scripts/deps.sh
# The build packages are scripts/deps.sh's list. The libraries copied into the image come
# from this stage, so it takes the release's security updates first: a base image a few
# weeks old would otherwise ship libssl3 or libexpat1 with fixed CVEs (drydock scan of the
# image said so). The stage itself is thrown away.
# The updates are in bookworm-security and bookworm-updates, which debian:bookworm-slim
# lists and a debootstrap root (BASE_IMAGE in the test suite) does not: added when missing.
# drydock ignore=DDL109 the runtime libraries are copied from this stage: they must be current
RUN . /etc/os-release \
    && for s in "debian-security $VERSION_CODENAME-security" "debian $VERSION_CODENAME-updates"; do \
        grep -rqs -- "${s#* }" /etc/apt/sources.list /etc/apt/sources.list.d/ \
        || echo "deb http://deb.debian.org/${s% *} ${s#* } main" >>/etc/apt/sources.list.d/updates.list; \
    done \
    && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get -y upgrade \
    && scripts/deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
# Only the binary is built (no tests); then scripts/image-rootfs.sh assembles /rootfs with
# the libraries `drydock version --libraries` names and checks every command starts there.
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null \
    && ninja -C /build drydock \
    && scripts/image-rootfs.sh /build/drydock /rootfs

FROM scratch
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
COPY --from=build /rootfs/ /
# A containerised service: reports and alerts are JSON lines on stdout when it is not a
# terminal (docker logs, Fluent Bit, Vector...), and watch keeps a heartbeat for health.
ENV DRYDOCK_IN_CONTAINER=1
# Not root: lint, scan (archives, registries, source trees; the socket with --group-add),
# db, sign and verify need no privilege. `bench` and `watch` do and are run with
# --user 0 and exactly the capabilities README.md lists.
USER 65532:65532
WORKDIR /home/nonroot
# `drydock watch` touches a heartbeat every second; `drydock health` fails once it is
# older than 30 s (a one-shot command has no heartbeat and is healthy while it runs).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/usr/bin/drydock", "health"]
ENTRYPOINT ["/usr/bin/drydock"]
CMD ["--help"]
LABEL org.opencontainers.image.title="drydock" \
      org.opencontainers.image.description="Container security in one program: CIS Docker Benchmark, Dockerfile/compose/Kubernetes lint, image scan, vulnerability database, runtime detection with eBPF" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.documentation="README.md" \
      org.opencontainers.image.base.name="scratch"
