#!/usr/bin/env bash
# Vulnerability database benchmark: import speed (MB/s of JSON), matching speed for a
# synthetic dpkg status of 10,000 packages (packages/s, ms; target < 100 ms), and how
# much of a match the database open costs. Baseline for the import: python3's json
# module parsing the same data (what a scripted importer would do before any insert).
# Usage: perf/vuln.sh [BUILD_DIR]   (default build-vuln, then build)
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-}
[ -n "$BUILD" ] || for b in build-vuln build; do [ -x "$SRC/$b/drydock" ] && BUILD=$SRC/$b && break; done
DRYDOCK=$BUILD/drydock
DATA=$SRC/../shared/data
TRACKER=$DATA/debian-bookworm-tracker-subset.json.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -I"$SRC/src" -o "$tmp/vuln_match" "$SRC/perf/vuln_match.c" "$BUILD/libdrydock_lib.a" \
    $(pkg-config --libs jansson yaml-0.1 zlib libseccomp libcap libcurl libarchive libhs libpcre2-8 \
        sqlite3 libcrypto libsodium libgit2 expat libbpf libisal liburiparser) -ldl -lm -lpthread

mb=$(python3 -c "import gzip,sys; print(len(gzip.open(sys.argv[1]).read())/1e6)" "$TRACKER")
best=999
for i in 1 2 3; do
    rm -f "$tmp/v.db"
    t0=$(date +%s.%N)
    "$DRYDOCK" db import --db "$tmp/v.db" "$TRACKER" >/dev/null
    t1=$(date +%s.%N)
    best=$(python3 -c "print(min($best, $t1 - $t0))")
done
py=$(python3 -c "
import gzip, json, sys, time
raw = gzip.open(sys.argv[1]).read()
best = 9e9
for _ in range(3):
    t = time.perf_counter(); json.loads(raw); best = min(best, time.perf_counter() - t)
print(best)" "$TRACKER")
printf 'import   %.1f MB of tracker JSON (gzip) into SQLite: %.3f s wall = %.1f MB/s (whole process: gunzip, parse, insert, fsync, rename)\n' "$mb" "$best" "$(python3 -c "print($mb/$best)")"
printf 'baseline python3 json.loads of the same JSON (parse only, no insert): %.3f s = %.1f MB/s; ratio drydock/python = %.2fx\n' "$py" "$(python3 -c "print($mb/$py)")" "$(python3 -c "print(($mb/$best)/($mb/$py))")"

# 10,000 installed packages: 5 binaries of every tracker source, plus packages whose
# sources have no advisories (the common case in a real image; the matcher skips them
# with the set of package names it loads per release, so only real sources are queried). In the
# typical case one source in nine has an unpatched binary (a random fixed version of
# its source: vulnerable to everything fixed later, about 2,000 findings); in the heavy
# case every source has one (about 18,000 findings). All other binaries are patched
# beyond every fix (epoch bumped), as in a maintained image.
gen() { # gen EVERY OUT: binary 0 of every EVERY-th source is left unpatched
python3 - "$TRACKER" "$2" "$1" <<'PY'
import gzip, json, random, sys
random.seed(5)
every = int(sys.argv[3])
data = json.load(gzip.open(sys.argv[1], "rt"))
out, n = [], 0
for i, (src, cves) in enumerate(sorted(data.items())):
    vers = sorted({c["releases"]["bookworm"].get("fixed_version") for c in cves.values()
                   if c.get("releases", {}).get("bookworm", {}).get("fixed_version") not in (None, "0")})
    for b in range(5):
        if not vers: break
        v = random.choice(vers)
        if b or i % every:
            e, _, rest = v.rpartition(":")
            v = f"{int(e or 0) + 1}:{rest}"
        out.append(f"Package: {src}-bin{b}\nStatus: install ok installed\nArchitecture: amd64\nSource: {src} ({v})\nVersion: {v}\n")
while len(out) < 10000:
    out.append(f"Package: clean-{len(out)}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.{len(out)}-1\n")
open(sys.argv[2], "w").write("\n".join(out))
PY
}
gen 9 "$tmp/status"
gen 1 "$tmp/status-heavy"
printf 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' >"$tmp/os-release"
read -r _ npkg _ nq _ nfind _ rd _ op _ ms _ cpu < <("$tmp/vuln_match" "$tmp/v.db" "$tmp/status" "$tmp/os-release" 7)
printf 'match    %d packages (%d indexed queries, %d findings): %.1f ms wall (%.1f ms CPU) = %.0f packages/s (target < 100 ms)\n' \
    "$npkg" "$nq" "$nfind" "$ms" "$cpu" "$(python3 -c "print($npkg/($ms/1000))")"
read -r _ hn _ hq _ hf _ _ _ _ _ hms _ hcpu < <("$tmp/vuln_match" "$tmp/v.db" "$tmp/status-heavy" "$tmp/os-release" 5)
printf 'heavy    %d packages (%d queries, %d findings): %.1f ms wall (%.1f ms CPU) = %.0f packages/s\n' \
    "$hn" "$hq" "$hf" "$hms" "$hcpu" "$(python3 -c "print($hn/($hms/1000))")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall times include waiting for the CPU)"
printf 'db open  %.3f ms = %.1f%% of open+match (reading the status file: %.1f ms)\n' "$op" \
    "$(python3 -c "print(100*$op/($op+$ms))")" "$rd"
t0=$(date +%s.%N)
"$DRYDOCK" db match --db "$tmp/v.db" --status-file "$tmp/status" --os-release "$tmp/os-release" --format json >/dev/null
t1=$(date +%s.%N)
printf 'cli      drydock db match (whole process, JSON report of %d findings): %.0f ms\n' "$nfind" "$(python3 -c "print(1000*($t1-$t0))")"
