#!/bin/bash
# Secret-scan throughput: drydock's engine (vectorscan prefilter + PCRE2 confirmation)
# vs the same rules on PCRE2-JIT with keyword prefilters (the gitleaks approach), vs
# ripgrep with the same regex set, on one generated corpus of source-like text (~500 MB,
# ~1 fake secret per 2000 lines), all single-threaded, files read from the page cache.
# ripgrep runs with -U because some rules (PEM keys, service-account JSON) span lines.
#   perf/secrets.sh BUILD_DIR [MB]        (needs: cc, ripgrep)
set -euo pipefail
command -v rg >/dev/null || { echo "perf/secrets.sh needs ripgrep (Debian package ripgrep)" >&2; exit 1; }
BUILD=${1:?usage: perf/secrets.sh BUILD_DIR [MB]}
MB=${2:-500}
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=${DD_BENCH_DIR:-/tmp/drydock-bench-secrets}
mkdir -p "$WORK"
# drydock_lib's own dependencies, and the libraries it loads on first use (CMakeLists.txt:
# DEPS and HEAVY), linked directly here as the unit tests link them.
LIBS="$(pkg-config --libs jansson yaml-0.1 zlib libseccomp libcap libcurl libarchive libhs \
    libpcre2-8 sqlite3 libcrypto libsodium libgit2 expat libbpf libisal liburiparser) -ldl"
cc -O2 -std=gnu17 -D_GNU_SOURCE -I"$SRC/src" -isystem /usr/include/hs -o "$WORK/secrets_bench" \
   "$SRC/perf/secrets_bench.c" -L"$BUILD" -ldrydock_lib $LIBS -lpthread -lm
B="$WORK/secrets_bench"
CORPUS="$WORK/corpus-$MB"
[ -d "$CORPUS" ] || "$B" gen "$CORPUS" "$MB"
cat $(find "$CORPUS" -type f) > /dev/null   # warm the page cache for everyone
BYTES=$(find "$CORPUS" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')

"$B" patterns > "$WORK/patterns.pcre2"
# Rust's regex engine has no lookarounds: drop them (a superset, like our prefilter).
sed -E 's/\(\?![^)]*\)//g' "$WORK/patterns.pcre2" > "$WORK/patterns.rust"

vs=$("$B" scan "$CORPUS" vectorscan); echo "drydock vectorscan : $vs"
pc=$("$B" scan "$CORPUS" pcre2);      echo "drydock pcre2+kw   : $pc"
mbs() { sed -E 's/.*mb_s=([0-9.]+).*/\1/' <<<"$1"; }
V=$(mbs "$vs"); P=$(mbs "$pc")

RG_LIMIT=${DD_BENCH_RG_LIMIT:-900} # seconds; rg -P with 100+ alternatives can take an hour
rg_run() { # name, args...: prints one result line (mb_s=0 when it hit RG_LIMIT)
    local name=$1; shift
    local t0 t1 n
    t0=$(date +%s.%N)
    n=$( (timeout "$RG_LIMIT" rg -j1 --no-ignore --hidden --no-messages -c "$@" "$CORPUS" || true) |
         awk -F: '{s+=$NF} END {print s+0}')
    t1=$(date +%s.%N)
    if awk -v a="$t0" -v z="$t1" -v l="$RG_LIMIT" 'BEGIN {exit !(z-a >= l)}'; then
        echo "$name: did not finish within ${RG_LIMIT}s (< $(awk -v b="$BYTES" -v l="$RG_LIMIT" 'BEGIN {printf "%.2f", b/1048576/l}') MB/s) mb_s=0"
        return
    fi
    awk -v b="$BYTES" -v a="$t0" -v z="$t1" -v n="$n" -v name="$name" \
        'BEGIN {printf "%s: matching_lines=%d scan_s=%.3f mb_s=%.1f\n", name, n, z-a, b/1048576/(z-a)}'
}
r=$(rg_run "ripgrep (rust regex) " -U -f "$WORK/patterns.rust"); echo "$r"; R=$(mbs "$r")
rp=$(rg_run "ripgrep -P (pcre2)   " -U -P -f "$WORK/patterns.pcre2"); echo "$rp"; RP=$(mbs "$rp")
awk -v v="$V" -v p="$P" -v r="$R" -v rp="$RP" 'function ratio(a, b) {
        return b > 0 ? sprintf("%.2fx", a / b) : "n/a (baseline did not finish)" }
    BEGIN {
    printf "\nthroughput MB/s: vectorscan %.1f | pcre2+keywords %.1f | rg %.1f | rg -P %.1f\n", v, p, r, rp
    printf "ratios: vectorscan/pcre2 = %s, vectorscan/rg = %s, vectorscan/rg-P = %s\n",
           ratio(v, p), ratio(v, r), ratio(v, rp) }'
