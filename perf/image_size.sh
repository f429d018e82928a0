#!/usr/bin/env bash
# drydock's image against the anchors' (not a test): its size on disk and compressed, the
# count of shared objects and Debian packages in it, printed beside the published sizes of
# the images it replaces. No registry is reachable from this project's machines, so the
# anchors cannot be pulled and measured here: their figures are given with their source,
# or as unknown, never guessed; ANCHOR_IMAGES="name ..." measures images already loaded
# in the daemon (e.g. after `docker load` of a saved docker-bench-security or Falco).
#
# Usage: perf/image_size.sh [IMAGE]     (default drydock-test/drydock, tests/images/70-drydock.sh)
#   DOCKER_HOST      the daemon holding the images (default: $DD_TEST_DOCKER_HOST)
set -euo pipefail
IMG=${1:-drydock-test/drydock}
export DOCKER_HOST=${DOCKER_HOST:-${DD_TEST_DOCKER_HOST:?set DOCKER_HOST or DD_TEST_DOCKER_HOST}}
measure() { # NAME: "on-disk-MB compressed-MB"
    local disk gz
    disk=$(docker image inspect -f '{{.Size}}' "$1")
    gz=$(docker save "$1" | gzip -6 | wc -c)
    awk -v d="$disk" -v g="$gz" 'BEGIN { printf "%.1f %.1f", d / 1e6, g / 1e6 }'
}
read -r disk gz <<<"$(measure "$IMG")"
libs=$(docker run --rm --network none "$IMG" version --libraries | grep -c .)
pkgs=$(docker create "$IMG" | { read -r id; docker export "$id" | tar -t | grep -c '^var/lib/dpkg/status.d/.' ; docker rm "$id" >/dev/null; })
printf '%-44s %10s %12s\n' image "disk (MB)" "gzip (MB)"
printf '%-44s %10s %12s   %s shared objects from %s Debian packages\n' "$IMG (every command)" "$disk" "$gz" "$libs" "$pkgs"
for a in ${ANCHOR_IMAGES:-}; do
    read -r d g <<<"$(measure "$a")"
    printf '%-44s %10s %12s   (measured)\n' "$a" "$d" "$g"
    awk -v a="$d" -v b="$disk" -v n="$a" 'BEGIN { printf "  ratio %s / drydock: %.2fx\n", n, a / b }'
done
printf '%-44s %10s %12s   %s\n' "falcosecurity/falco (with driver toolchain)" "~700" "?" \
    "published: users report ~700 MB on disk (github.com/falcosecurity/falco/issues/2580)"
printf '%-44s %10s %12s   %s\n' "docker/docker-bench-security" "?" "?" \
    "not measurable here (no registry); ANCHOR_IMAGES= with a loaded copy measures it"
awk -v b="$disk" 'BEGIN { printf "ratio falco / drydock on disk: ~%.0fx\n", 700 / b }'
