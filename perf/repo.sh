#!/usr/bin/env bash
# Source-tree scanning speed, side by side in one run, ratios printed:
#  1. package-lock.json against the npm peer snyk-nodejs-lockfile-parser (all files in ONE
#     node process; its parse time alone and the whole process), and against
#     @cyclonedx/cyclonedx-npm (a CLI per project, as it is used: it runs `npm ls`);
#  2. osv-scanner's job (walk a monorepo, read every lockfile, match every package against
#     OSV) against perf/repo_baseline.py, the same job in Python 3 with the standard
#     library's C JSON and TOML parsers (osv-scanner cannot be installed here), both with
#     the OSV records of ../shared/data/osv-ghsa-subset.
# The monorepo is assembled here: NPM copies of two real package-lock.json files (npm's own
# output for the peers installed below) and MIX copies of every lockfile case of
# tests/cases/lockfiles (every format drydock reads).
#
# Usage: perf/repo.sh            NPM=300 MIX=100 RUNS=5 DRYDOCK=... DD_SHARED_DATA=...
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
cache=${DD_TEST_CACHE:-$HOME/.cache/drydock-test}
runs=${RUNS:-5} npm_n=${NPM:-300} mix_n=${MIX:-100}
shared=${DD_SHARED_DATA:-$src/../shared/data}
drydock=${DRYDOCK:-}
if [ -z "$drydock" ]; then
    if [ -x "$src/build/drydock" ]; then drydock=$src/build/drydock
    else drydock=$(ls -t "$src"/build*/drydock 2>/dev/null | head -1 || true); fi
fi
[ -x "${drydock:-}" ] || { echo "perf/repo.sh: no drydock binary (set DRYDOCK)" >&2; exit 3; }
for t in node npm jq bc /usr/bin/python3 /usr/bin/time; do
    command -v "$t" >/dev/null || { echo "perf/repo.sh: $t is needed" >&2; exit 3; }
done
peers=$cache/repo-peers
if [ ! -d "$peers/node_modules/snyk-nodejs-lockfile-parser" ] || [ ! -d "$peers/node_modules/@cyclonedx/cyclonedx-npm" ]; then
    mkdir -p "$peers"
    (cd "$peers" && { [ -f package.json ] || npm init -y >/dev/null; } &&
        npm install --no-audit --no-fund snyk-nodejs-lockfile-parser@2.10.4 @cyclonedx/cyclonedx-npm@6.0.1 \
            >"$peers/npm.log" 2>&1) || { tail -20 "$peers/npm.log" >&2; exit 3; }
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dd-perf-repo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- the trees ------------------------------------------------------------------------------
# Two real lockfiles written by npm: the peers' own project and a copy of it resolved anew
# without the CycloneDX tool (a different, smaller graph).
real1=$peers
real2=$tmp/real2
mkdir -p "$real2"
cp "$peers/package.json" "$real2/package.json"
jq 'del(.dependencies["@cyclonedx/cyclonedx-npm"])' "$peers/package.json" >"$real2/package.json"
jq 'del(.packages[""].dependencies["@cyclonedx/cyclonedx-npm"]) |
    .packages |= with_entries(select((.key | contains("cyclonedx")) | not))' \
    "$peers/package-lock.json" >"$real2/package-lock.json"
for i in $(seq 1 "$npm_n"); do
    d=$tmp/npm/p$i
    mkdir -p "$d"
    r=$real1; [ $((i % 2)) -eq 0 ] && r=$real2
    cp "$r/package.json" "$r/package-lock.json" "$d/"
done
for i in $(seq 1 "$mix_n"); do
    mkdir -p "$tmp/mono/m$i"
    cp -r "$src"/tests/cases/lockfiles/*/ "$tmp/mono/m$i/"
done
cp -r "$tmp/npm" "$tmp/mono/npm"
"$drydock" db import --db "$tmp/vuln.db" "$shared"/osv-ghsa-subset/*.zip >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
# timeit CMD...: runs it RUNS times; prints the median wall seconds and the median CPU
# seconds (user + system). Both are shown: this machine is shared, and while others
# compile the wall clock mostly measures waiting for a core.
timeit() {
    local i
    for i in $(seq 1 "$runs"); do
        /usr/bin/time -f "%e %U %S" -o "$tmp/time.$i" "$@" >/dev/null 2>&1 || true
    done
    local w c
    w=$(for i in $(seq 1 "$runs"); do awk '{print $1}' "$tmp/time.$i"; done | median)
    c=$(for i in $(seq 1 "$runs"); do awk '{print $2 + $3}' "$tmp/time.$i"; done | median)
    echo "$w $c"
}

# ---- 1. package-lock.json: drydock against the npm peers --------------------------------------
nfiles=$(find "$tmp/npm" -name package-lock.json | wc -l)
dd_pkgs=$("$drydock" scan --scanners packages --list-packages "fs:$tmp/npm" 2>/dev/null | tail -n +2 | wc -l)
read -r dd_t dd_c < <(timeit "$drydock" scan --scanners packages --list-packages "fs:$tmp/npm")
read -r sn_files sn_pkgs sn_ms < <(node "$src/perf/repo_snyk.js" "$peers" "$tmp/npm")
read -r sn_t sn_c < <(timeit node "$src/perf/repo_snyk.js" "$peers" "$tmp/npm")
sn_parse=$(echo "$sn_ms / 1000" | bc -l)
cdx_n=5
s=$(now)
for i in $(seq 1 "$cdx_n"); do
    (cd "$tmp/npm/p$i" && "$peers/node_modules/.bin/cyclonedx-npm" --package-lock-only \
        --output-file "$tmp/cdx-$i.json" >/dev/null 2>&1) || true
done
e=$(now)
cdx_per=$(echo "($e - $s) / $cdx_n" | bc -l)
cdx_pkgs=$(jq '.components | length' "$tmp/cdx-1.json" 2>/dev/null || echo "?")

printf '\npackage-lock.json: %d files (npm 10 lockfileVersion 3), median of %d runs\n' "$nfiles" "$runs"
printf '  %-44s %7.3f s wall %7.3f s CPU  %7.0f files/s  %9.0f packages/s  (%d package@version rows)\n' \
    "drydock scan --list-packages fs:" "$dd_t" "$dd_c" "$(echo "$nfiles / $dd_c" | bc -l)" "$(echo "$dd_pkgs / $dd_c" | bc -l)" "$dd_pkgs"
printf '  %-44s %7.3f s wall %7.3f s CPU  %7.0f files/s  %9.0f packages/s  (%d packages: graph nodes)\n' \
    "snyk-nodejs-lockfile-parser, one process" "$sn_t" "$sn_c" "$(echo "$sn_files / $sn_c" | bc -l)" "$(echo "$sn_pkgs / $sn_c" | bc -l)" "$sn_pkgs"
printf '  %-44s %8.3f s  %9.0f files/s\n' "  its parse calls alone (no node start-up)" "$sn_parse" "$(echo "$sn_files / $sn_parse" | bc -l)"
printf '  %-44s %8.3f s per project (%s components)\n' "cyclonedx-npm --package-lock-only, per project" "$cdx_per" "$cdx_pkgs"
printf '  ratio (CPU): %.1fx snyk-nodejs-lockfile-parser (whole process), %.1fx (its parse calls alone); wall: %.1fx\n' \
    "$(echo "$sn_c / $dd_c" | bc -l)" "$(echo "$sn_parse / $dd_c" | bc -l)" "$(echo "$sn_t / $dd_t" | bc -l)"
printf '  ratio (wall): %.0fx cyclonedx-npm run per project\n' "$(echo "$cdx_per * $nfiles / $dd_t" | bc -l)"

# ---- 2. osv-scanner's job over the monorepo -----------------------------------------------------
mfiles=$(find "$tmp/mono" -type f \( -name '*.lock' -o -name '*.json' -o -name '*.txt' -o -name '*.yaml' \
    -o -name go.mod -o -name go.sum -o -name pom.xml -o -name '*.lockfile' \) | wc -l)
json=$("$drydock" scan --db "$tmp/vuln.db" --scanners packages,vulns --format json "fs:$tmp/mono" 2>/dev/null)
d_pk=$(jq '.meta.packages' <<<"$json")
d_lf=$(jq '.meta.tree.lockfiles' <<<"$json")
d_m=$(jq "[.findings[] | select(.properties.package)] | length" <<<"$json")
read -r d_t d_c < <(timeit "$drydock" scan --db "$tmp/vuln.db" --scanners packages,vulns "fs:$tmp/mono")
read -r p_files p_pk p_m _ < <(/usr/bin/python3 "$src/perf/repo_baseline.py" "$tmp/mono" "$shared/osv-ghsa-subset")
read -r p_t p_c < <(timeit /usr/bin/python3 "$src/perf/repo_baseline.py" "$tmp/mono" "$shared/osv-ghsa-subset")
printf '\nmonorepo: %d files, %d lockfiles and manifests of 16 formats; match against OSV; median of %d runs\n' "$mfiles" "$d_lf" "$runs"
printf '  %-44s %7.3f s wall %7.3f s CPU  %6.0f lockfiles/s  %8.0f packages/s  %d packages, %d matches\n' \
    "drydock scan fs: (packages, vulns)" "$d_t" "$d_c" "$(echo "$d_lf / $d_c" | bc -l)" "$(echo "$d_pk / $d_c" | bc -l)" "$d_pk" "$d_m"
printf '  %-44s %7.3f s wall %7.3f s CPU  %6.0f lockfiles/s  %8.0f packages/s  %d packages, %d matches\n' \
    "python3 baseline (stdlib json/tomllib)" "$p_t" "$p_c" "$(echo "$p_files / $p_c" | bc -l)" "$(echo "$p_pk / $p_c" | bc -l)" "$p_pk" "$p_m"
printf '  ratio (CPU): %.1fx, wall: %.1fx (the baseline reads %d of the files: no yarn, pnpm or pom.xml)\n' \
    "$(echo "$p_c / $d_c" | bc -l)" "$(echo "$p_t / $d_t" | bc -l)" "$p_files"
