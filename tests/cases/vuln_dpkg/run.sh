#!/usr/bin/env bash
# drydock's dpkg version comparison against `dpkg --compare-versions` on thousands of
# real version pairs: the versions of the apt Packages lists on this machine (bookworm,
# -updates, -security: same-package pairs across suites plus random pairs), or, without
# apt lists, the installed packages (dpkg-query) and the fixed versions of the shared
# Debian tracker data.
. "$DD_SRC/tests/e2e/lib.sh"
command -v dpkg >/dev/null || skip_or_fail "dpkg is needed"
command -v python3 >/dev/null || skip_or_fail "python3 is needed"

lists=$(ls /var/lib/apt/lists/*_Packages /var/lib/apt/lists/*_Packages.lz4 /var/lib/apt/lists/*_Packages.gz 2>/dev/null)
: >"$DD_TMP/versions"
for l in $lists; do
    case $l in
    *.lz4) /usr/lib/apt/apt-helper cat-file "$l" 2>/dev/null || lz4 -dc "$l" ;;
    *.gz) zcat "$l" ;;
    *) cat "$l" ;;
    esac | awk '/^Package: /{p=$2} /^Version: /{print p, $2}' >>"$DD_TMP/versions"
done
src="apt Packages lists"
if [ "$(wc -l <"$DD_TMP/versions")" -lt 1000 ]; then
    src="dpkg-query and the tracker data"
    dpkg-query -W -f '${Package} ${Version}\n' >"$DD_TMP/versions"
    python3 - "$DD_SHARED_DATA/debian-bookworm-tracker-subset.json.gz" >>"$DD_TMP/versions" <<'PY'
import gzip, json, sys
for src, cves in json.load(gzip.open(sys.argv[1], "rt")).items():
    for c in cves.values():
        v = c.get("releases", {}).get("bookworm", {}).get("fixed_version")
        if v and v != "0":
            print(src, v)
PY
fi
# 3000 pairs: 1500 of the same package (the comparisons that matter), 1500 random.
python3 - "$DD_TMP/versions" >"$DD_TMP/pairs" <<'PY'
import random, sys, collections
random.seed(12)
by = collections.defaultdict(set)
allv = set()
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 2:
        by[p[0]].add(p[1]); allv.add(p[1])
multi = [sorted(v) for v in by.values() if len(v) > 1]
allv = sorted(allv)
pairs = set()
for _ in range(20000):
    if not multi or len(pairs) >= 1500:
        break
    pairs.add(tuple(random.sample(random.choice(multi), 2)))
while len(pairs) < 3000:
    a, b = random.choice(allv), random.choice(allv)
    pairs.add((a, b))
# and equal pairs written differently
for v in allv[:50]:
    if ":" not in v:
        pairs.add((v, "0:" + v))
for a, b in sorted(pairs):
    print(a, b)
PY
n=$(wc -l <"$DD_TMP/pairs")
echo "comparing $n version pairs from $src"
"$DRYDOCK" db vercmp --ecosystem debian <"$DD_TMP/pairs" >"$DD_TMP/drydock" || fail "drydock db vercmp"
# One dpkg process per comparison: run four chunks side by side.
split -n l/4 -d "$DD_TMP/pairs" "$DD_TMP/chunk."
for c in "$DD_TMP"/chunk.0?; do
    while read -r a b; do
        if dpkg --compare-versions "$a" lt "$b"; then echo "<"
        elif dpkg --compare-versions "$a" eq "$b"; then echo "="
        else echo ">"; fi
    done <"$c" >"$c.out" &
done
wait
cat "$DD_TMP"/chunk.0?.out >"$DD_TMP/dpkg"
if [ "$n" -ge 2000 ]; then ok; else fail "only $n pairs"; fi
if cmp -s "$DD_TMP/dpkg" "$DD_TMP/drydock"; then ok; else
    fail "dpkg and drydock disagree: $(paste -d' ' "$DD_TMP/pairs" "$DD_TMP/dpkg" "$DD_TMP/drydock" | awk '$3 != $4' | head -20)"
fi
echo "distribution: $(sort "$DD_TMP/dpkg" | uniq -c | tr '\n' ' ')"
done_tests
