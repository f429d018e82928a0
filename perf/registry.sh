#!/usr/bin/env bash
# Benchmark of `drydock scan docker://` (not run as a test): a full scan (config,
# secrets, packages) of a large image read straight from a registry, against the plain
# copy of the same image by skopeo (`skopeo copy docker://... oci:DIR`), in one run on
# one private registry (Debian's docker-registry on 127.0.0.1). Goal: the scan costs
# less than skopeo's copy; peak RSS bounded whatever the image size (printed for the
# large image and for a small one).
# Usage: perf/registry.sh [DRYDOCK]   (default: build/drydock)
# Needs: docker-registry, skopeo, python3, gzip; the image is perf/scan.sh's >= 1 GiB
# bench image (built once into the cache with BUILD_ONLY=1; needs the private dockerd
# with drydock-test/bookworm for that).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
DRYDOCK=${1:-$SRC/build/drydock}
CACHE=${DD_BENCH_CACHE:-${DD_TEST_CACHE:-$HOME/.cache/drydock-bench}}
RUNS=${RUNS:-3}
[ -x "$DRYDOCK" ] || { echo "no drydock binary at $DRYDOCK" >&2; exit 1; }
BIG=$CACHE/bench-big.tar
[ -s "$BIG" ] || BUILD_ONLY=1 "$SRC/perf/scan.sh" "$DRYDOCK"

work=$(mktemp -d /tmp/drydock-perf-registry.XXXXXX)
trap '"$SRC/scripts/private-registry.sh" stop "$work/reg"; rm -rf "$work"' EXIT
REG=$("$SRC/scripts/private-registry.sh" start "$work/reg")
skopeo copy -q --dest-tls-verify=false "docker-archive:$BIG" "docker://$REG/bench/big:1"
skopeo copy -q --dest-tls-verify=false "docker-archive:$CACHE/bench-bookworm.tar" "docker://$REG/bench/small:1"

measure() { # best wall time of $RUNS runs, and that run's peak RSS (KiB)
    local best="" rss="" t r
    for _ in $(seq "$RUNS"); do
        rm -rf "$work/oci"
        /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr.out" || {
            cat "$work/stderr.out" >&2
            return 1
        }
        read -r t r <"$work/time.out"
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t rss=$r; fi
    done
    echo "$best $rss"
}

csize=$(stat -c %s "$BIG")
echo "image: $REG/bench/big:1 ($((csize >> 20)) MiB as pushed), best of $RUNS runs each"
read -r ts rs < <(measure skopeo copy -q --src-tls-verify=false "docker://$REG/bench/big:1" "oci:$work/oci:big")
read -r td rd < <(measure "$DRYDOCK" scan --no-progress --scanners config,secrets,packages \
    --insecure-registry "$REG" "docker://$REG/bench/big:1")
read -r tq rq < <(measure "$DRYDOCK" scan --no-progress --scanners config,secrets,packages \
    --insecure-registry "$REG" "docker://$REG/bench/small:1")
echo "skopeo copy docker:// -> oci: (plain copy):  ${ts} s   peak RSS $((rs / 1024)) MB"
echo "drydock scan docker:// (full scan):          ${td} s   peak RSS $((rd / 1024)) MB"
echo "drydock scan docker:// of the small image:   ${tq} s   peak RSS $((rq / 1024)) MB"
awk -v a="$td" -v b="$ts" 'BEGIN{printf "ratio drydock scan / skopeo copy:           %.2fx (goal < 1)\n", a/b}'
