#!/usr/bin/env bash
# Install the Debian packages drydock needs, only those missing.
#   scripts/deps.sh          build dependencies
#   scripts/deps.sh --test   build + test dependencies (docker.io, debootstrap, clang, ...)
set -euo pipefail

build_pkgs=(
    cmake ninja-build pkg-config gcc make
    libcurl4-openssl-dev libjansson-dev libarchive-dev
    libvectorscan-dev libpcre2-dev libsqlite3-dev libyaml-dev zlib1g-dev libisal-dev
    libssl-dev libsodium-dev libexpat1-dev libgit2-dev libseccomp-dev libcap-dev liburiparser-dev
    node-spdx-license-ids node-spdx-exceptions
    libbpf-dev libelf-dev bpftool clang
    ca-certificates
)
test_pkgs=(
    docker.io debootstrap busybox-static jq curl python3 clang libclang-rt-14-dev
    dpkg-dev rpm zip unzip golang-go time sqlite3 git systemd
    python3-bsddb3 python3-packaging
    docker-registry skopeo apache2-utils openssl
    libbpf-tools wrk nginx-light util-linux
    libxml2-utils python3-jsonschema
)
# Tools wanted as commands, whatever package provides them: Node.js machines often carry
# nodesource's nodejs, which bundles npm and conflicts with Debian's npm package.
test_cmds=(npm:npm)

want=("${build_pkgs[@]}")
if [ "${1:-}" = "--test" ]; then
    want+=("${test_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ "${1:-}" = "--test" ]; then
    for pair in "${test_cmds[@]}"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "drydock: installing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
