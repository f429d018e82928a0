#!/usr/bin/env bash
# Benchmark of `drydock bench` (not a test). In one run, against the same daemon:
#   1. with N running containers (default 50): wall time of a full `drydock bench` vs the
#      docker CLI alone fetching the same facts (`docker info` + `docker inspect` of every
#      running container), both timed by hyperfine, and their ratio (target: < 1); for
#      reference also `--skip 5.7` and `--top-api` (process lists from the daemon's /top);
#   2. with M containers (default 200): drydock's maximum resident set size from
#      /usr/bin/time -v (target: < 50 MB);
#   3. optionally (DOCKER_BENCH=/path/to/docker-bench-security.sh) docker-bench-security's
#      container runtime section for the same N containers, for comparison.
#
# Usage: perf/bench_cis.sh [N] [M]
#   DOCKER_HOST      the daemon (default: $DD_TEST_DOCKER_HOST, the private test daemon)
#   DRYDOCK          the binary (default: build/drydock)
#   IMAGE            image to run (default: drydock-test/busybox)
#   RUNS             hyperfine runs per command (default 10)
# Containers are named brt-bench-<pid>-<i> and removed at exit.
set -euo pipefail
N=${1:-50}
M=${2:-200}
RUNS=${RUNS:-10}
IMAGE=${IMAGE:-drydock-test/busybox}
here=$(cd "$(dirname "$0")/.." && pwd)
DRYDOCK=${DRYDOCK:-$here/build/drydock}
export DOCKER_HOST=${DOCKER_HOST:-${DD_TEST_DOCKER_HOST:-}}
[ -n "$DOCKER_HOST" ] || { echo "set DOCKER_HOST or DD_TEST_DOCKER_HOST" >&2; exit 2; }
[ -x "$DRYDOCK" ] || { echo "no drydock binary at $DRYDOCK (set DRYDOCK)" >&2; exit 2; }
for tool in docker hyperfine jq /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

# A binary from before `drydock bench` existed would "win" by failing at once.
if ! "$DRYDOCK" bench --check 5.11 --format json 2>/dev/null | jq -e '.findings | length > 0' >/dev/null; then
    echo "$DRYDOCK does not produce a bench report; set DRYDOCK to a current build" >&2
    exit 2
fi

P=brt-bench-$$
tmp=$(mktemp -d)
cleanup() {
    docker ps -aq --filter "name=^/$P-" | xargs -r -n 50 docker rm -f >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# start_to COUNT: have COUNT of our containers running (started 4 at a time).
start_to() {
    local have
    have=$(docker ps -q --filter "name=^/$P-" | wc -l)
    [ "$have" -ge "$1" ] && return 0
    seq $((have + 1)) "$1" | xargs -P 4 -I{} docker run -d --name "$P-{}" --network none \
        "$IMAGE" sleep 36000 >/dev/null
}

others=$(docker ps -q | wc -l)
echo "daemon: $DOCKER_HOST ($(docker version --format '{{.Server.Version}}'), $others containers already running)"
echo "starting $N containers of $IMAGE ..."
start_to "$N"
running=$(docker ps -q | wc -l)

echo
echo "== 1. wall time with $running running containers ($RUNS runs each) =="
# drydock exits 3 when a fact could not be gathered (e.g. a section 1 file unreadable);
# that is a result, not a benchmark failure, so hyperfine ignores exit codes (-i).
hyperfine -N -i --warmup 2 --runs "$RUNS" --export-json "$tmp/h.json" \
    -n "drydock bench" "$DRYDOCK bench --format json --output /dev/null" \
    -n "docker info + inspect" "bash -c 'docker info >/dev/null; docker inspect \$(docker ps -q) >/dev/null'" \
    -n "drydock bench --skip 5.7" "$DRYDOCK bench --skip 5.7 --format json --output /dev/null" \
    -n "drydock bench --top-api" "$DRYDOCK bench --top-api --format json --output /dev/null" \
    >"$tmp/hyperfine.out" 2>&1 || { cat "$tmp/hyperfine.out"; exit 1; }
dd=$(jq '.results[0].mean' "$tmp/h.json")
cli=$(jq '.results[1].mean' "$tmp/h.json")
dd_sd=$(jq '.results[0].stddev' "$tmp/h.json")
cli_sd=$(jq '.results[1].stddev' "$tmp/h.json")
findings=$("$DRYDOCK" bench --format json 2>/dev/null | jq '.summary.total')
printf '  drydock bench (full, %s findings): %8.1f ms  (± %.1f)\n' "$findings" \
    "$(jq -n "$dd*1000")" "$(jq -n "$dd_sd*1000")"
printf '  docker info + docker inspect:      %8.1f ms  (± %.1f)\n' \
    "$(jq -n "$cli*1000")" "$(jq -n "$cli_sd*1000")"
printf '  ratio drydock / docker CLI:        %8.3f   (target < 1)\n' "$(jq -n "$dd/$cli")"
# 5.7 needs every container's process list. By default a local daemon's containers are
# read from /proc in one pass; --top-api asks the daemon (GET /containers/{id}/top), which
# runs ps(1) on the host once per container, as for a remote daemon.
nosshd=$(jq '.results[2].mean' "$tmp/h.json")
topapi=$(jq '.results[3].mean' "$tmp/h.json")
printf '  drydock bench --skip 5.7:          %8.1f ms, ratio %.3f\n' \
    "$(jq -n "$nosshd*1000")" "$(jq -n "$nosshd/$cli")"
printf '  drydock bench --top-api:           %8.1f ms, ratio %.3f\n' \
    "$(jq -n "$topapi*1000")" "$(jq -n "$topapi/$cli")"
printf '  load average during the run: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== 2. memory with $M containers =="
echo "starting up to $M containers ..."
start_to "$M"
running=$(docker ps -q | wc -l)
/usr/bin/time -v "$DRYDOCK" bench --format json --output "$tmp/r.json" 2>"$tmp/time.out" || true
rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.out")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.out")
printf '  containers running: %d, findings: %s, wall: %s\n' "$running" \
    "$(jq '.summary.total' "$tmp/r.json")" "$wall"
printf '  drydock max RSS: %.1f MB   (target < 50 MB)\n' "$(jq -n "$rss/1024")"

if [ -n "${DOCKER_BENCH:-}" ]; then
    K=${DOCKER_BENCH_CONTAINERS:-5}
    echo
    echo "== 3. docker-bench-security, container runtime section, $K containers =="
    docker ps -q --filter "name=^/$P-" | tail -n +$((K + 1)) | xargs -r -n 50 docker rm -f >/dev/null
    running=$(docker ps -q | wc -l)
    s=$(date +%s%N)
    (cd "$(dirname "$DOCKER_BENCH")" && bash "$DOCKER_BENCH" -c container_runtime -l "$tmp/dbs.log" \
        >/dev/null 2>&1) || true
    e=$(date +%s%N)
    s2=$(date +%s%N)
    "$DRYDOCK" bench --check 5 --format json --output /dev/null 2>/dev/null || true
    e2=$(date +%s%N)
    printf '  docker-bench-security section 5: %.2f s for %d containers (%.2f s per container)\n' \
        "$(jq -n "($e-$s)/1e9")" "$running" "$(jq -n "($e-$s)/1e9/$running")"
    printf '  drydock bench --check 5:         %.3f s\n' "$(jq -n "($e2-$s2)/1e9")"
fi
