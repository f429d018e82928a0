#!/usr/bin/env bash
# Images for the `drydock scan` end-to-end tests (tests/e2e/scan_*.sh). Idempotent: an
# image that exists is left alone. All FROM the local bases of 00-bases.sh; no registry.
#   drydock-test/scan-secrets     credential file added then deleted, ENV/label/history
#                                 secrets, setuid and world-writable files, ADD, EXPOSE 22
#   drydock-test/scan-distroless  FROM scratch: dpkg status.d/ files as distroless ships them
#   drydock-test/scan-apk         busybox + a real-format lib/apk/db/installed (Alpine 3.19)
#   drydock-test/scan-rpm         busybox + a real rpmdb.sqlite (built by the pkg fixtures)
#   drydock-test/scan-licenses    bookworm with dpkg copyright files removed, rewritten and
#                                 replaced by symlinks in later layers
#   drydock-test/scan-dockerfile  two stages from tests/images/scan-dockerfile/ (scan --dockerfile)
set -euo pipefail
have() { docker image inspect "$1" >/dev/null 2>&1; }
SRC=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$SRC/tests/cases/pkg
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Fake but well-formed credentials (not the documentation examples, which scanners skip).
AWS_ID=AKIAZ7VRSQ5TKLDBMN3W
AWS_SECRET=u8Kq2ZrB7xW9pLmN4vT1cY6hJ3dF0gSaQeRtYuIo
GH_TOKEN=ghp_R4nd0mT0k3nV4lu3F0rDrYd0ckT3st1ng9xQ

if ! have drydock-test/scan-secrets; then
    d=$tmp/secrets
    mkdir -p "$d"
    printf 'listen = 8080\n' >"$d/app.conf"
    cat >"$d/Dockerfile" <<EOF
FROM drydock-test/bookworm
ARG API_TOKEN=Zx9Qw8Er7Ty6Ui5Op4As
LABEL com.example.db-password="Pq7Lm3Xz9Rt2Vb6N" org.opencontainers.image.title="scan test"
ENV AWS_SECRET_ACCESS_KEY=$AWS_SECRET APP_MODE=production
RUN mkdir -p /root/.aws && printf '[default]\naws_access_key_id = $AWS_ID\naws_secret_access_key = $AWS_SECRET\n' >/root/.aws/credentials
RUN rm /root/.aws/credentials
RUN echo "deploying with \$API_TOKEN" >/dev/null
RUN echo $GH_TOKEN >/dev/null
RUN cp /bin/true /usr/local/bin/suidtool && chmod 4755 /usr/local/bin/suidtool && \
    touch /opt/ww && chmod 666 /opt/ww && mkdir /opt/wwdir && chmod 777 /opt/wwdir && \
    mkdir /opt/shared && chmod 1777 /opt/shared
ADD app.conf /etc/app.conf
RUN mkdir -p /srv/app && printf 'github:\n  token: $GH_TOKEN\n' >/srv/app/settings.yml
EXPOSE 22 8080
VOLUME /etc /var/lib/app
EOF
    docker build -q --network host -t drydock-test/scan-secrets "$d" >/dev/null
fi

if ! have drydock-test/scan-distroless; then
    d=$tmp/distroless
    mkdir -p "$d"
    cp -r "$FIX/distroless" "$d/root"
    # A busybox-free image like gcr.io/distroless/base: no shell, no package manager.
    cat >"$d/Dockerfile" <<'EOF'
FROM scratch
COPY root/ /
USER 65532:65532
HEALTHCHECK CMD ["/nonexistent"]
EOF
    docker build -q --network host -t drydock-test/scan-distroless "$d" >/dev/null
fi

if ! have drydock-test/scan-apk; then
    d=$tmp/apk
    mkdir -p "$d/root/lib/apk/db" "$d/root/etc" "$d/root/var/cache/apk"
    cp "$FIX/apk-installed" "$d/root/lib/apk/db/installed"
    cp "$FIX/alpine-os-release" "$d/root/etc/os-release"
    printf 'cached index\n' >"$d/root/var/cache/apk/APKINDEX.1a2b3c4d.tar.gz"
    cat >"$d/Dockerfile" <<'EOF'
FROM drydock-test/busybox
COPY root/ /
USER nobody
EOF
    docker build -q --network host -t drydock-test/scan-apk "$d" >/dev/null
fi

if ! have drydock-test/scan-rpm; then
    d=$tmp/rpm
    mkdir -p "$d/root/var/lib/rpm" "$d/root/etc"
    cp "$FIX/rpmdb.sqlite" "$d/root/var/lib/rpm/rpmdb.sqlite"
    cat >"$d/root/etc/os-release" <<'EOF'
NAME="Rocky Linux"
VERSION="9.3 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
EOF
    cat >"$d/Dockerfile" <<'EOF'
FROM drydock-test/busybox
COPY root/ /
USER 1000
EOF
    docker build -q --network host -t drydock-test/scan-rpm "$d" >/dev/null
fi

# scan --dockerfile: built from a committed Dockerfile that the test passes to the scan. A
# label carries the fixture's hash, so an edited fixture is rebuilt, never silently stale.
dfx=$SRC/tests/images/scan-dockerfile
dfx_sum=$(cat "$dfx"/* | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{index .Config.Labels "drydock.test.fixture"}}' \
        drydock-test/scan-dockerfile 2>/dev/null)" != "$dfx_sum" ]; then
    docker build -q --network host --label "drydock.test.fixture=$dfx_sum" \
        -t drydock-test/scan-dockerfile "$dfx" >/dev/null
fi

# Package attribution: a later layer adds a package to var/lib/dpkg/status; every other
# package stays attributed to the base layer even though the file was rewritten.
if ! have drydock-test/scan-layers; then
    d=$tmp/layers
    mkdir -p "$d"
    cat >"$d/Dockerfile" <<'EOF2'
FROM drydock-test/bookworm
RUN printf '\nPackage: drydock-fake\nStatus: install ok installed\nPriority: optional\nSection: misc\nInstalled-Size: 1\nMaintainer: drydock tests <tests@drydock.invalid>\nArchitecture: all\nVersion: 1.0-1\nDescription: a package added by a later layer\n' >>/var/lib/dpkg/status
USER 1000:1000
EOF2
    docker build -q --network host -t drydock-test/scan-layers "$d" >/dev/null
fi

# dpkg licences come from usr/share/doc/NAME/copyright as the final view has it: a later
# layer's whiteout removes one, a later layer's file wins, doc directories that are
# symlinks (absolute, or climbing above the root) are followed inside the image.
if ! have drydock-test/scan-licenses; then
    d=$tmp/licenses
    mkdir -p "$d"
    cat >"$d/Dockerfile" <<'EOF2'
FROM drydock-test/bookworm
RUN rm /usr/share/doc/zlib1g/copyright
RUN printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nCopyright: 2026 drydock tests\nLicense: Expat\n' >/usr/share/doc/hostname/copyright
RUN rm -r /usr/share/doc/debianutils /usr/share/doc/sed && \
    ln -s /usr/share/doc/tzdata /usr/share/doc/debianutils && \
    ln -s ../../../../../../../usr/share/doc/grep /usr/share/doc/sed
EOF2
    docker build -q --network host -t drydock-test/scan-licenses "$d" >/dev/null
fi
