#!/bin/bash
# drydock profile: what recording costs, how small a profile is, how long it takes.
#   DOCKER_HOST=unix:///... perf/profile.sh [CALLS]     (default 2,000,000; as root: eBPF)
# 1. Recording overhead: drydock-test/profile-work's /loop makes CALLS getppid() calls (the
#    cheapest syscall: the worst case for any per-call cost) and CALLS one-byte reads of
#    /dev/zero, measured inside the container (docker's start-up is not in it). Each loop
#    runs alternately without and under `drydock profile --run`, 3 times each, in this one
#    run; the best of each is compared: slowdown = with / without.
# 2. Profile size: the calls the profile of the test workload (tests/images/profile/work.sh:
#    busybox httpd + file work) allows, against Docker's default for the same architecture
#    and capabilities.
# 3. Time from `profile --run` to a verified profile (`verify` passing), wall clock.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DRYDOCK=${DRYDOCK:-$here/../build/release/drydock}
: "${DOCKER_HOST:?DOCKER_HOST must name a (private) dockerd}"
calls=${1:-2000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/dd-perf-profile.XXXXXX")
trap 'rm -rf "$work"' EXIT
bash "$here/../tests/images/00-bases.sh"
bash "$here/../tests/images/60-profile.sh"
IMG=drydock-test/profile-work
best() { sort -n | head -1; }
for kind in getppid read; do
    LOOP=(--network none -v "$work:/out" "$IMG" /loop "$calls" "$kind")
    for i in 1 2 3; do
        docker run --rm "${LOOP[@]}" "/out/plain-$kind.$i" >/dev/null
        "$DRYDOCK" profile --run --duration 600s -o "$work/loop" -- "${LOOP[@]}" \
            "/out/rec-$kind.$i" >/dev/null
    done
    plain=$(cat "$work"/plain-$kind.* | best)
    rec=$(cat "$work"/rec-$kind.* | best)
    echo "recording overhead, $calls $kind calls (best of 3 each, same run):"
    awk -v a="$plain" -v b="$rec" -v n="$calls" 'BEGIN {
        printf "  without recording: %.3f s (%.3f us/call)\n", a / 1e9, a / n / 1e3
        printf "  with recording:    %.3f s (%.3f us/call)\n", b / 1e9, b / n / 1e3
        printf "  slowdown ratio:    %.2f (target <= 1.10)\n", b / a }'
done

ARGS=(--network none --sysctl net.ipv4.ip_unprivileged_port_start=1024 "$IMG")
t0=$(date +%s.%N)
"$DRYDOCK" profile --run --duration 60s -o "$work/web" -- "${ARGS[@]}" >/dev/null
t1=$(date +%s.%N)
"$DRYDOCK" profile verify "$work/web" -- "${ARGS[@]}" >/dev/null
t2=$(date +%s.%N)
jq -r '"profile size (httpd + file work): \(.summary.syscallsAllowed) system calls allowed; Docker'"'"'s default \(.summary.dockerDefaultAllowed) (ratio \(.summary.syscallsAllowed / .summary.dockerDefaultAllowed * 100 | round / 100))"' \
    "$work/web/profile.json"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
    printf "time to a verified profile: %.2f s (record %.2f s + verify %.2f s)\n", c - a, b - a, c - b }'
