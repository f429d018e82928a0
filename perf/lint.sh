#!/bin/bash
# drydock lint against its baselines, every ratio like for like, all printed in one run:
#   perf/lint.sh [COUNT] [SAMPLE]   (default 600 files, 40 for the per-file CLI runs)
# needs python3, node and npm (the npm linters are installed into a cache the first time).
#
# 1. One file, one process, start-up included: `drydock lint FILE` against `cat FILE`,
#    the cost of just starting a process and reading the file. Goal: at most 3x.
# 2. Whole corpus, one process each: `drydock lint DIR` (all files, its threads) against
#    the fastest npm linter loaded once in one node process that lints every file
#    (perf/lint-node-runner.js). Goal: at least 10x.
# 3. One process per file, as pre-commit hooks and CI steps run linters: `drydock lint
#    FILE` for each file of a sample against each npm linter's own CLI for the same
#    files. Goal: at least 100x.
#
# Times are wall clock of the whole command, measured in Python (perf_counter) with the
# runs of the two sides interleaved, so a busy machine slows both alike; the median
# counts. CPU time (user+sys of the children) is printed beside it, because on a shared
# machine wall time includes waiting for a core.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DRYDOCK=${DRYDOCK:-$here/../build/release/drydock}
[ -x "$DRYDOCK" ] || DRYDOCK=$here/../build/drydock
count=${1:-600}
sample=${2:-40}
work=$(mktemp -d "${TMPDIR:-/tmp}/dd-perf-lint.XXXXXX")
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
echo "drydock: $DRYDOCK"
echo "corpus: $files Dockerfiles ($(cat "$work"/corpus/* | wc -c) bytes), per-file sample: $sample"

python3 - "$DRYDOCK" "$work/corpus" "$here/lint-node-runner.js" "$npm_dir" "$sample" <<'EOF'
import os, statistics, sys, time

drydock, corpus, runner, npm_dir, sample = sys.argv[1:6]
sample = int(sample)
mods = os.path.join(npm_dir, "node_modules")
bin_ = os.path.join(mods, ".bin")
files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))

null_fd = os.open(os.devnull, os.O_WRONLY)
acts = [(os.POSIX_SPAWN_DUP2, null_fd, 1), (os.POSIX_SPAWN_DUP2, null_fd, 2)]

def run(cmd):
    """Wall and CPU seconds of one command. posix_spawn and wait4 rather than subprocess:
    subprocess's own bookkeeping costs about as much as starting `cat`, and it would be
    counted on both sides of a per-process ratio."""
    t0 = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=acts)
    _, _, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    return wall, ru.ru_utime + ru.ru_stime

def series(cmds):
    """Run a list of commands in order; total wall and CPU."""
    w = c = 0.0
    for cmd in cmds:
        a, b = run(cmd)
        w += a
        c += b
    return w, c

def versus(a, b, rounds):
    """Interleave two workloads `rounds` times; median wall and CPU of each."""
    ra, rb = [], []
    for _ in range(rounds):
        ra.append(a())
        rb.append(b())
    med = lambda xs, i: statistics.median(x[i] for x in xs)
    return (med(ra, 0), med(ra, 1)), (med(rb, 0), med(rb, 1))

def ms(s):
    return "%.2f ms" % (s * 1000)

lint = [drydock, "lint", "--no-config", "--fail-on", "none"]
one = files[len(files) // 2]

print("\n1. one file, one process (start-up included), median of 200 interleaved runs")
(dw, dc), (cw, cc) = versus(lambda: run(lint + [one]), lambda: run(["cat", one]), 200)
print("   drydock lint FILE  wall %-10s cpu %s" % (ms(dw), ms(dc)))
print("   cat FILE           wall %-10s cpu %s" % (ms(cw), ms(cc)))
print("   ratio drydock/cat: wall %.2fx, cpu %.2fx   (goal: <= 3x)" % (dw / cw, dc / cc))

print("\n2. whole corpus, one process each (start-up included), median of 5 interleaved runs")
best = None
for name in ("dockerfilelint", "dockerfile_lint", "dockerfile-utils"):
    (dw, dc), (nw, nc) = versus(lambda: run(lint + [corpus]),
                                lambda: run(["node", runner, mods, name] + files), 5)
    print("   %-17s wall %-11s cpu %-11s  drydock: wall %-9s cpu %-9s  ratio wall %.1fx cpu %.1fx"
          % (name, ms(nw), ms(nc), ms(dw), ms(dc), nw / dw, nc / dc))
    if best is None or nw < best[1]:
        best = (name, nw, nc, dw, dc)
name, nw, nc, dw, dc = best
print("   fastest npm linter: %s; drydock is %.1fx faster (wall), %.1fx (cpu)   (goal: >= 10x)"
      % (name, nw / dw, nc / dc))

print("\n3. one process per file, %d files, start-up included, median of 3 interleaved runs" % sample)
part = files[:sample]
clis = {
    "dockerfilelint": [os.path.join(bin_, "dockerfilelint")],
    "dockerfile_lint": [os.path.join(bin_, "dockerfile_lint"), "-f"],
    "dockerfile-utils": [os.path.join(bin_, "dockerfile-utils"), "lint"],
}
worst = None
for name, cli in clis.items():
    (dw, dc), (nw, nc) = versus(lambda: series([lint + [f] for f in part]),
                                lambda: series([cli + [f] for f in part]), 3)
    print("   %-17s %6.1f files/s (cpu %6.1f)  drydock %7.1f files/s (cpu %7.1f)  ratio wall %.0fx cpu %.0fx"
          % (name, sample / nw, sample / nc, sample / dw, sample / dc, nw / dw, nc / dc))
    if worst is None or nw / dw < worst[1]:
        worst = (name, nw / dw, nc / dc)
print("   smallest per-file ratio: %s, %.0fx (wall), %.0fx (cpu)   (goal: >= 100x)" % worst)
# The floor: no process can start faster than `cat` does. If the goal is above what `cat`
# itself reaches against the slowest-starting CLI, it is out of reach for any program.
(cw, cc), (dw, dc) = versus(lambda: series([["cat", f] for f in part]),
                            lambda: series([lint + [f] for f in part]), 3)
print("   floor: cat FILE %7.1f files/s (cpu %7.1f); drydock costs %.2fx cat per file (wall), %.2fx (cpu)"
      % (sample / cw, sample / cc, dw / cw, dc / cc))
EOF
