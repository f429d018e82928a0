#!/bin/bash
# drydock lint vs the npm Dockerfile linters over the same corpus, in the same run.
#   perf/lint.sh [COUNT]        (default 600 files; needs node/npm and python3)
# The corpus is real Dockerfiles found on this machine and in tests/cases/lint, topped up
# with generated ones (perf/lint-corpus.py, fixed seed). Each npm linter runs at its
# fastest: one node process that loads it once and lints every file
# (perf/lint-node-runner.js); drydock runs once for the whole directory (it lints on as
# many threads as there are cores). Each tool runs 3 times and its best wall time and best
# CPU time (user+sys, all threads) count; both are measured with getrusage/perf_counter,
# not /usr/bin/time's 10 ms steps. CPU time is printed because on a shared machine wall
# time includes waiting for a core.
#
# files/s is over the whole run, start-up included (what a user waits for). The last lines
# also give the cost of one more file with start-up taken out (each tool is also run on a
# 1-file corpus): that is the ratio a much larger corpus would tend to.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DRYDOCK=${DRYDOCK:-$here/../build/drydock}
count=${1:-600}
work=$(mktemp -d "${TMPDIR:-/tmp}/dd-bench-lint.XXXXXX")
trap 'rm -rf "$work"' EXIT
npm_dir=${DD_BENCH_NPM:-${DD_TEST_CACHE:-$HOME/.cache/drydock-test}/npm-linters}

if [ ! -d "$npm_dir/node_modules/dockerfile-utils" ]; then
    echo "installing the npm linters into $npm_dir ..." >&2
    mkdir -p "$npm_dir"
    npm install --no-audit --no-fund --prefix "$npm_dir" dockerfilelint dockerfile_lint \
        dockerfile-utils >/dev/null 2>&1
fi
python3 "$here/lint-corpus.py" "$work/corpus" "$count" >/dev/null
files=$(ls "$work/corpus" | wc -l)
mkdir "$work/one"
cp "$(ls "$work"/corpus/*.Dockerfile | tail -n 1)" "$work/one/"

# best of 3: prints "WALL CPU" in seconds
measure() {
    python3 - "$@" <<'EOF'
import resource, subprocess, sys, time
walls, cpus = [], []
for _ in range(3):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    walls.append(time.perf_counter() - t0)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
print("%.4f %.4f" % (min(walls), min(cpus)))
EOF
}
rate() { echo "scale=1; $files / $1" | bc; }
div() { echo "scale=1; $1 / $2" | bc; }
us_per_file() { echo "scale=1; ($1 - $2) * 1000000 / ($files - 1)" | bc; }


echo "corpus: $files Dockerfiles ($(cat "$work"/corpus/* | wc -c) bytes)"
printf '%-18s %9s %9s %12s %12s\n' tool wall_s cpu_s files/s_wall files/s_cpu
read -r dw dc < <(measure "$DRYDOCK" lint --no-config -o /dev/null "$work/corpus")
read -r dw1 dc1 < <(measure "$DRYDOCK" lint --no-config -o /dev/null "$work/one")
printf '%-18s %9s %9s %12s %12s\n' drydock "$dw" "$dc" "$(rate "$dw")" "$(rate "$dc")"
best=""
for l in dockerfilelint dockerfile_lint dockerfile-utils; do
    read -r w c < <(measure node "$here/lint-node-runner.js" "$npm_dir/node_modules" "$l" "$work"/corpus/*.Dockerfile)
    printf '%-18s %9s %9s %12s %12s\n' "$l" "$w" "$c" "$(rate "$w")" "$(rate "$c")"
    if [ -z "$best" ] || (( $(echo "$w < $bw" | bc) )); then best=$l bw=$w bc_=$c; fi
done
read -r bw1 bc1 < <(measure node "$here/lint-node-runner.js" "$npm_dir/node_modules" "$best" "$work"/one/*.Dockerfile)
echo "fastest npm linter (wall): $best"
echo "ratio (files/s, wall): drydock is $(div "$bw" "$dw")x $best"
echo "ratio (files/s, cpu):  drydock is $(div "$bc_" "$dc")x $best"
echo "start-up (1 file), wall/cpu s: drydock $dw1/$dc1, $best $bw1/$bc1"
dm_w=$(us_per_file "$dw" "$dw1") dm_c=$(us_per_file "$dc" "$dc1")
nm_w=$(us_per_file "$bw" "$bw1") nm_c=$(us_per_file "$bc_" "$bc1")
echo "each further file, wall/cpu us: drydock $dm_w/$dm_c, $best $nm_w/$nm_c"
if (( $(echo "$dm_w > 0 && $dm_c > 0" | bc) )); then
    echo "ratio without start-up (wall): $(div "$nm_w" "$dm_w")x   (cpu): $(div "$nm_c" "$dm_c")x"
fi

# The same linters as their command-line tools are usually run in CI and pre-commit hooks:
# one invocation per Dockerfile. Timed over the first 40 files of the corpus (the cost per
# file is constant), against drydock's whole-corpus files/s from above.
all=("$work"/corpus/*.Dockerfile)
sample=("${all[@]:0:40}")
nsample=${#sample[@]}
echo
echo "per-file CLI invocations ($nsample files, one process each):"
printf '%-18s %12s %14s\n' tool files/s_wall drydock_ratio
bin=$npm_dir/node_modules/.bin
declare -A cli=(
    [dockerfilelint]="$bin/dockerfilelint"
    [dockerfile_lint]="$bin/dockerfile_lint -f"
    [dockerfile-utils]="$bin/dockerfile-utils lint"
)
for l in dockerfilelint dockerfile_lint dockerfile-utils; do
    t0=$(date +%s.%N)
    for f in "${sample[@]}"; do ${cli[$l]} "$f" >/dev/null 2>&1 || true; done
    t1=$(date +%s.%N)
    r=$(echo "scale=1; $nsample / ($t1 - $t0)" | bc)
    printf '%-18s %12s %14s\n' "$l" "$r" "$(div "$(rate "$dw")" "$r")x"
done
