#!/bin/bash
# drydock lint vs the npm Dockerfile linters over the same corpus, in the same run.
#   bench/lint.sh [COUNT]        (default 600 files; needs node/npm and python3)
# The corpus is real Dockerfiles found on this machine and in tests/cases/lint, topped up
# with generated ones (bench/lint-corpus.py, fixed seed). Each npm linter runs at its
# fastest: one node process that loads it once and lints every file
# (bench/lint-node-runner.js); drydock runs once for the whole directory. Each tool runs
# 3 times; the best wall time counts. CPU time (user+sys) is printed too, because on a
# shared machine wall time includes waiting for a core.
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

# best-of-3: prints "WALL CPU" in seconds
measure() {
    local best_w=999999 best_c=0 i s e w c
    for i in 1 2 3; do
        /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" >"$work/out" 2>/dev/null || true
        read -r w u sy <"$work/t"
        c=$(echo "$u + $sy" | bc)
        if (( $(echo "$w < $best_w" | bc) )); then best_w=$w; best_c=$c; fi
    done
    echo "$best_w $best_c"
}
rate() { echo "scale=1; $files / ($1 + 0.0001)" | bc; }

echo "corpus: $files Dockerfiles"
printf '%-18s %9s %9s %12s %12s\n' tool wall_s cpu_s files/s_wall files/s_cpu
read -r dw dc < <(measure "$DRYDOCK" lint --no-config -o /dev/null "$work/corpus")
printf '%-18s %9s %9s %12s %12s\n' drydock "$dw" "$dc" "$(rate "$dw")" "$(rate "$dc")"
best=""
for l in dockerfilelint dockerfile_lint dockerfile-utils; do
    read -r w c < <(measure node "$here/lint-node-runner.js" "$npm_dir/node_modules" "$l" "$work"/corpus/*.Dockerfile)
    printf '%-18s %9s %9s %12s %12s\n' "$l" "$w" "$c" "$(rate "$w")" "$(rate "$c")"
    if [ -z "$best" ] || (( $(echo "$w < $bw" | bc) )); then best=$l bw=$w bc_=$c; fi
done
echo "fastest npm linter: $best"
echo "ratio (files/s, wall): drydock is $(echo "scale=1; $bw / $dw" | bc)x $best"
echo "ratio (files/s, cpu):  drydock is $(echo "scale=1; $bc_ / ($dc + 0.001)" | bc)x $best"
