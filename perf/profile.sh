#!/bin/bash
# drydock profile: what recording costs, how small a profile is, how long it takes.
#   DOCKER_HOST=unix:///... perf/profile.sh [CALLS]     (default 2,000,000; as root: eBPF)
#   REPS   runs of each loop in each set-up (default 5)
# 1. Recording overhead. drydock-test/profile-work's /loop makes CALLS getppid() calls (the
#    cheapest syscall: the worst case for any per-call cost), CALLS one-byte reads of
#    /dev/zero, and CALLS/4 open+read+close of a file, timed inside the container (docker's
#    start-up is not in it). Each loop runs REPS times in each of three set-ups,
#    interleaved, in this one run:
#      none    nothing attached;
#      floor   perf/tp_floor.c, a BPF program that does nothing, attached to sys_exit (the
#              tracepoint the recorder uses): attaching any program there moves every task
#              onto the kernel's slow syscall path, a cost no syscall tracer here avoids;
#      record  under `drydock profile --run`.
#    The fastest run of each is compared (other work on a shared machine only ever slows a
#    run down): slowdown against nothing, against the floor, and the recorder's own
#    nanoseconds per syscall above the floor. Each is given in the loop's CPU time (what a
#    tracer adds to a syscall runs in the caller, as CPU time) and in wall-clock time
#    (which also counts every other process competing for the 2 CPUs); and drydock's own
#    CPU time per recording (loading the sensor, polling, the daemon API).
# 2. Profile size: the calls the profile of the test workload (tests/images/profile/work.sh:
#    busybox httpd + file work) allows, against Docker's default for the same architecture
#    and capabilities.
# 3. Time from `profile --run` to a verified profile (`verify` passing), wall clock.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DRYDOCK=${DRYDOCK:-$here/../build/release/drydock}
[ -x "$DRYDOCK" ] || DRYDOCK=$here/../build/dev/drydock
: "${DOCKER_HOST:?DOCKER_HOST must name a (private) dockerd}"
[ "$(id -u)" = 0 ] || { echo "run as root (eBPF)" >&2; exit 2; }
calls=${1:-2000000}
REPS=${REPS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/dd-perf-profile.XXXXXX")
floor_pid=
cleanup() {
    [ -n "$floor_pid" ] && { exec 3>&-; wait "$floor_pid" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT
bash "$here/../tests/images/00-bases.sh"
bash "$here/../tests/images/60-profile.sh"
gcc -O2 -o "$work/tp_floor" "$here/tp_floor.c"
IMG=drydock-test/profile-work

floor_on() {
    mkfifo "$work/ctl"
    "$work/tp_floor" <"$work/ctl" >"$work/floor.out" &
    floor_pid=$!
    exec 3>"$work/ctl"
    for _ in $(seq 1 100); do
        grep -q ready "$work/floor.out" 2>/dev/null && return 0
        kill -0 "$floor_pid" 2>/dev/null || break
        sleep 0.05
    done
    echo "tp_floor did not attach" >&2
    exit 1
}
floor_off() {
    exec 3>&-
    wait "$floor_pid"
    floor_pid=
    rm -f "$work/ctl"
}

# best COLUMN FILES...: the smallest value of that column (1 wall, 2 CPU) over the runs
best() {
    local col=$1
    shift
    cat "$@" | awk -v c="$col" '{print $c}' | sort -n | head -1
}
echo "drydock profile recording overhead on $(uname -r), $(nproc) CPUs; best of $REPS interleaved runs each"
for kind in getppid read openread; do
    n=$calls per=1
    [ "$kind" = openread ] && n=$((calls / 4)) per=3
    LOOP=(--network none -v "$work:/out" "$IMG" /loop "$n" "$kind")
    for i in $(seq 1 "$REPS"); do
        docker run --rm "${LOOP[@]}" "/out/none-$kind.$i" >/dev/null
        floor_on
        docker run --rm "${LOOP[@]}" "/out/floor-$kind.$i" >/dev/null
        floor_off
        /usr/bin/time -f "%e %U %S" -a -o "$work/drydock-cpu" \
            "$DRYDOCK" profile --run --duration 600s -o "$work/loop" -- "${LOOP[@]}" \
            "/out/record-$kind.$i" >/dev/null
    done
    for col in 2 1; do
        none=$(best $col "$work"/none-$kind.*)
        floor=$(best $col "$work"/floor-$kind.*)
        rec=$(best $col "$work"/record-$kind.*)
        awk -v a="$none" -v f="$floor" -v r="$rec" -v n="$n" -v per="$per" -v k="$kind" \
            -v what="$([ $col = 2 ] && echo "CPU time" || echo "wall clock")" 'BEGIN {
            unit = per == 1 ? "call" : "iteration (" per " calls)"
            printf "%s, %d iterations, %s, ns per %s:\n", k, n, what, unit
            printf "  nothing attached:        %8.1f\n", a / n
            printf "  do-nothing BPF (floor):  %8.1f   %.2fx nothing\n", f / n, f / a
            printf "  drydock profile:         %8.1f   %.2fx nothing, %.2fx floor\n", r / n, r / a, r / f
            printf "  recorder above floor:    %8.1f ns per syscall (the floor itself: %.1f)\n",
                (r - f) / n / per, (f - a) / n / per }'
    done
done
awk '{ wall += $1; cpu += $2 + $3; n++ } END {
    printf "drydock itself, per recording session (%d): %.2f s CPU over %.2f s (sensor load, polling, daemon API)\n",
        n, cpu / n, wall / n }' "$work/drydock-cpu"

ARGS=(--network none --sysctl net.ipv4.ip_unprivileged_port_start=1024 "$IMG")
t0=$(date +%s.%N)
"$DRYDOCK" profile --run --duration 60s -o "$work/web" -- "${ARGS[@]}" >/dev/null
t1=$(date +%s.%N)
# a denial (exit 1) means the recording missed a path the workload took this time: say which
"$DRYDOCK" profile verify "$work/web" -- "${ARGS[@]}" >"$work/verify.out" ||
    { cat "$work/verify.out" >&2; exit 1; }
t2=$(date +%s.%N)
jq -r '"profile size (httpd + file work): \(.summary.syscallsAllowed) system calls allowed; Docker'"'"'s default \(.summary.dockerDefaultAllowed) (ratio \(.summary.syscallsAllowed / .summary.dockerDefaultAllowed * 100 | round / 100))"' \
    "$work/web/profile.json"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
    printf "time to a verified profile: %.2f s (record %.2f s + verify %.2f s)\n", c - a, b - a, c - b }'
