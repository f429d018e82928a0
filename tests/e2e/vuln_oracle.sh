#!/usr/bin/env bash
# THE correctness test of the matcher: drydock must report exactly the (advisory,
# package) pairs that an independent oracle computes.
#  Debian: import the shared bookworm tracker subset; take the dpkg database of the
#          drydock-test/bookworm image (docker create + docker cp); the oracle maps each
#          installed binary to its source with the status file's own Source: field and
#          asks `dpkg --compare-versions` whether the source version is below the fix.
#  Alpine: import the shared secdb v3.11 data; a realistic lib/apk/db/installed of
#          Alpine 3.11 packages; the oracle is an apk version comparison written in
#          Python here, independently of src/vuln/version_apk.c.
# drydock is asked through `drydock db match` and, when the scan command takes --db,
# through `drydock scan IMAGE --db X --format json` as well, and through the image's
# CycloneDX and SPDX documents read back with `drydock scan sbom:FILE`.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/bookworm
command -v python3 >/dev/null || skip_or_fail "python3 is needed for the oracle"
command -v dpkg >/dev/null || skip_or_fail "dpkg is needed for the oracle"

DB=$DD_TMP/vuln.db
TRACKER=$DD_SHARED_DATA/debian-bookworm-tracker-subset.json.gz
run_dd db import --db "$DB" "$TRACKER" "$DD_SHARED_DATA"/alpine-secdb/v3.11-main.json \
    "$DD_SHARED_DATA"/alpine-secdb/v3.11-community.json
assert_rc 0 "import the shared data"

# ---- Debian -------------------------------------------------------------------------
cname=ddvuln-oracle-$$
at_exit "docker rm -f $cname"
docker create --name "$cname" drydock-test/bookworm true >/dev/null
docker cp "$cname:/var/lib/dpkg/status" "$DD_TMP/status" || fail "docker cp status"
docker cp -L "$cname:/etc/os-release" "$DD_TMP/os-release" || fail "docker cp os-release"
docker rm -f "$cname" >/dev/null

# The oracle: print "ADVISORY PACKAGE" for every vulnerable installed binary package.
python3 - "$DD_TMP/status" "$TRACKER" >"$DD_TMP/debian.expected" <<'PY'
import gzip, json, subprocess, sys
status, tracker = sys.argv[1], sys.argv[2]
pkgs = []
for para in open(status, encoding="utf-8").read().split("\n\n"):
    f = {}
    for line in para.splitlines():
        if line and not line[0].isspace() and ":" in line:
            k, v = line.split(":", 1)
            f[k] = v.strip()
    if "Package" not in f or not f.get("Status", "").endswith(" installed"):
        continue
    src, srcver = f["Package"], f["Version"]
    if "Source" in f:
        parts = f["Source"].split()
        src = parts[0]
        if len(parts) > 1:
            srcver = parts[1].strip("()")
    pkgs.append((f["Package"], src, srcver))
data = json.load(gzip.open(tracker, "rt", encoding="utf-8"))
out = set()
for binary, src, ver in pkgs:
    for cve, info in data.get(src, {}).items():
        r = info.get("releases", {}).get("bookworm")
        if not r:
            continue
        st, fixed = r.get("status"), r.get("fixed_version")
        if st == "resolved":
            if not fixed or fixed == "0":
                continue
            if subprocess.run(["dpkg", "--compare-versions", ver, "lt", fixed]).returncode == 0:
                out.add(f"{cve} {binary}")
        elif st in ("open", "undetermined"):
            out.add(f"{cve} {binary}")
print("\n".join(sorted(out)))
PY
[ -s "$DD_TMP/debian.expected" ] || fail "the oracle found nothing: the test would prove nothing"
echo "oracle: $(wc -l <"$DD_TMP/debian.expected") (advisory, package) pairs in drydock-test/bookworm"

pairs() { jq -r '.findings[] | select(.status == "fail") | "\(.ruleId) \(.properties.package)"' | sort -u; }

run_dd db match --db "$DB" --status-file "$DD_TMP/status" --os-release "$DD_TMP/os-release" --format json
assert_rc 0 "db match (no --fail-on)"
pairs <<<"$DD_OUT" >"$DD_TMP/debian.got"
if diff -u "$DD_TMP/debian.expected" "$DD_TMP/debian.got" >"$DD_TMP/diff"; then ok; else
    fail "db match differs from the dpkg oracle: $(head -40 "$DD_TMP/diff")"
fi
# Every finding carries what a user needs to act on it.
n_bad=$(jq '[.findings[] | select(.properties.purl == null or .properties.installed == null
        or .properties.status == null or (.properties.purl | startswith("pkg:deb/debian/") | not))] | length' <<<"$DD_OUT")
assert_eq "$n_bad" 0 "findings with purl/installed/status"
# --fail-on turns findings into exit 1.
run_dd db match --db "$DB" --status-file "$DD_TMP/status" --os-release "$DD_TMP/os-release" --fail-on low -q
assert_rc 1 "db match --fail-on low"

# Debian 12 without VERSION_CODENAME still maps to bookworm.
grep -v '^VERSION_CODENAME' "$DD_TMP/os-release" >"$DD_TMP/os-release-nocode"
run_dd db match --db "$DB" --status-file "$DD_TMP/status" --os-release "$DD_TMP/os-release-nocode" --format json
pairs <<<"$DD_OUT" >"$DD_TMP/debian.got2"
if cmp -s "$DD_TMP/debian.expected" "$DD_TMP/debian.got2"; then ok; else fail "VERSION_ID 12 -> bookworm"; fi

# Through the scanner, once `drydock scan` takes --db.
if "$DRYDOCK" scan --help 2>/dev/null | grep -q -- '--db'; then
    run_dd scan drydock-test/bookworm --db "$DB" --format json
    if [ "$DD_RC" -le 1 ]; then ok; else fail "drydock scan: exit $DD_RC: $(head -c 500 <<<"$DD_ERR")"; fi
    jq -r '.findings[] | select(.status == "fail") | select(.properties.installed != null and .properties.purl != null and (.properties.purl | startswith("pkg:deb/")))
           | "\(.ruleId) \(.properties.package)"' <<<"$DD_OUT" | sort -u >"$DD_TMP/scan.got"
    if diff -u "$DD_TMP/debian.expected" "$DD_TMP/scan.got" >"$DD_TMP/diff2"; then ok; else
        fail "drydock scan differs from the dpkg oracle: $(head -40 "$DD_TMP/diff2")"
    fi
    # The image's own SBOMs scanned back (scan sbom:) give the same findings: every
    # advisory, package and installed version, OS and language packages alike.
    all() { jq -r '.findings[] | select(.properties.installed != null) | "\(.ruleId) \(.properties.package) \(.properties.installed)"' <<<"$DD_OUT" | sort; }
    direct=$(all)
    for fmt in cyclonedx spdx-json; do
        run_dd scan drydock-test/bookworm --db "$DB" --format "$fmt" -o "$DD_TMP/bom.json"
        assert_rc 0 "SBOM of the image as $fmt"
        run_dd scan --db "$DB" --format json "sbom:$DD_TMP/bom.json"
        assert_rc 0 "scan sbom: of its $fmt"
        assert_eq "$(all)" "$direct" "$fmt of the image scanned back: the same findings"
    done
else
    echo "note: drydock scan has no --db yet; checked through 'drydock db match' only"
fi

# ---- Alpine -------------------------------------------------------------------------
FIX=$DD_SRC/tests/cases/vuln/alpine311
python3 - "$FIX/installed" "$DD_SHARED_DATA/alpine-secdb/v3.11-main.json" \
    "$DD_SHARED_DATA/alpine-secdb/v3.11-community.json" >"$DD_TMP/alpine.expected" <<'PY'
import json, re, sys

# apk ordering, from the apk-tools documentation of the version format:
#   N{.N}[letter]{_suffix[N]}[~hash][-rN]
PRE = {"alpha": 0, "beta": 1, "pre": 2, "rc": 3}
POST = {"cvs": 5, "svn": 6, "git": 7, "hg": 8, "p": 9}
RX = re.compile(r"^(\d+)((?:\.\d+)*)([a-z]?)((?:_[a-z]+\d*)*)(~[0-9a-f]+)?(-r\d+)?$")

def parts(v):
    m = RX.match(v)
    if not m:
        raise ValueError(v)
    toks = [("0num", int(m.group(1)), m.group(1))]
    for comp in m.group(2).split(".")[1:]:
        toks.append(("1dig", comp))
    if m.group(3):
        toks.append(("2let", m.group(3)))
    for s in re.findall(r"_([a-z]+)(\d*)", m.group(4)):
        rank = PRE.get(s[0], POST.get(s[0]))
        toks.append(("3suf", rank))
        if s[1]:
            toks.append(("4sno", int(s[1])))
    if m.group(5):
        toks.append(("5hash", m.group(5)[1:]))
    if m.group(6):
        toks.append(("6rev", int(m.group(6)[2:])))
    return toks

def cmp(a, b):
    ta, tb = parts(a), parts(b)
    for x, y in zip(ta, tb):
        if x[0] != y[0]:
            return kindcmp(x, y)
        if x[0] == "1dig":
            if x[1].startswith("0") or y[1].startswith("0"):
                c = (x[1] > y[1]) - (x[1] < y[1])
            else:
                c = (int(x[1]) > int(y[1])) - (int(x[1]) < int(y[1]))
        else:
            c = (x[1] > y[1]) - (x[1] < y[1])
        if c:
            return c
    if len(ta) == len(tb):
        return 0
    if len(ta) > len(tb):
        return kindcmp(ta[len(tb)], ("7end",))
    return kindcmp(("7end",), tb[len(ta)])

def kindcmp(x, y):
    # the version going on with a pre-release suffix is older, else the one going on
    # (with an earlier kind of token) is newer
    if x[0] == "3suf" and x[1] < 4:
        return -1
    if y[0] == "3suf" and y[1] < 4:
        return 1
    return 1 if x[0] < y[0] else -1

def ids(entry, out):
    prev = None
    for w in re.split(r"[ \t,]+", entry):
        if not w:
            continue
        cand = "CVE-" + w if prev == "CVE" and w[:1].isdigit() else w
        prev = w
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9_.:-]*", cand) and re.search(r"-\d", cand):
            out.append(cand)

installed = {}
for para in open(sys.argv[1]).read().split("\n\n"):
    f = dict(l.split(":", 1) for l in para.splitlines() if ":" in l)
    if "P" in f:
        installed[f["P"]] = (f["V"], f.get("o", f["P"]))
fixes = {}
for path in sys.argv[2:]:
    for p in json.load(open(path))["packages"] or []:
        for ver, lst in (p["pkg"].get("secfixes") or {}).items():
            for entry in lst or []:
                found = []
                ids(entry, found)
                for i in found:
                    fixes.setdefault(p["pkg"]["name"], []).append((ver, i))
out = set()
for name, (ver, origin) in installed.items():
    for fixed, i in fixes.get(origin, []):
        if fixed != "0" and cmp(ver, fixed) < 0:
            out.add(f"{i} {name}")
print("\n".join(sorted(out)))
PY
[ -s "$DD_TMP/alpine.expected" ] || fail "the Alpine oracle found nothing"
echo "oracle: $(wc -l <"$DD_TMP/alpine.expected") (advisory, package) pairs in the Alpine 3.11 fixture"
run_dd db match --db "$DB" --status-file "$FIX/installed" --os-release "$FIX/os-release" --format json
assert_rc 0 "db match alpine"
pairs <<<"$DD_OUT" >"$DD_TMP/alpine.got"
if diff -u "$DD_TMP/alpine.expected" "$DD_TMP/alpine.got" >"$DD_TMP/diff3"; then ok; else
    fail "db match differs from the apk oracle: $(head -40 "$DD_TMP/diff3")"
fi
assert_contains "$DD_OUT" '"release": "v3.11"' "Alpine 3.11.6 -> v3.11"
assert_contains "$DD_OUT" 'pkg:apk/alpine/libssl1.1@1.1.1d-r2' "apk purl"

if "$DRYDOCK" scan --help 2>/dev/null | grep -q -- '--db'; then
    img=ddvuln-test/alpine311:latest
    at_exit "docker rmi -f $img"
    mkdir -p "$DD_TMP/ctx"
    cp "$FIX/installed" "$FIX/os-release" "$DD_TMP/ctx/"
    printf 'FROM drydock-test/busybox\nCOPY installed /lib/apk/db/installed\nCOPY os-release /etc/os-release\n' >"$DD_TMP/ctx/Dockerfile"
    docker build --network host -q -t "$img" "$DD_TMP/ctx" >/dev/null || fail "docker build alpine fixture image"
    run_dd scan "$img" --db "$DB" --format json
    jq -r '.findings[] | select(.status == "fail") | select(.properties.purl != null and (.properties.purl | startswith("pkg:apk/")))
           | "\(.ruleId) \(.properties.package)"' <<<"$DD_OUT" | sort -u >"$DD_TMP/scan.alpine"
    if diff -u "$DD_TMP/alpine.expected" "$DD_TMP/scan.alpine" >"$DD_TMP/diff4"; then ok; else
        fail "drydock scan (alpine image) differs from the apk oracle: $(head -40 "$DD_TMP/diff4")"
    fi
fi

# ---- OSV events, evaluated as osv.dev does: sorted, each event at or below the version
# toggles "affected" (introduced on, fixed off, last_affected off above it). ----------------
cat >"$DD_TMP/osv_eval.py" <<'PY'
import functools


def affected(ranges, versions, v, parse, cmp):
    """Is version v affected by an OSV affected[] entry (its ranges and versions)?"""
    for lv in versions or []:
        try:
            if cmp(parse(lv), v) == 0:
                return True
        except ValueError:
            pass
    for r in ranges or []:
        if r.get("type") not in ("ECOSYSTEM", "SEMVER"):
            continue
        evs = []
        for e in r["events"]:
            ((kind, ver),) = e.items()
            evs.append((None if kind == "introduced" and ver == "0" else parse(ver), kind))

        def order(a, b):
            if a[0] is None or b[0] is None:
                return (a[0] is not None) - (b[0] is not None)
            return cmp(a[0], b[0])

        evs.sort(key=functools.cmp_to_key(order))
        hit = False
        for ev, kind in evs:
            if kind == "introduced" and (ev is None or cmp(v, ev) >= 0):
                hit = True
            elif kind == "fixed" and cmp(v, ev) >= 0:
                hit = False
            elif kind == "last_affected" and cmp(v, ev) > 0:
                hit = False
        if hit:
            return True
    return False
PY

# scan_vs_oracle KEY IMAGE ECOSYSTEM JQ-LINE: drydock's findings of ECOSYSTEM in IMAGE
# (with $DD_TMP/KEY.db), one JQ-LINE each, must be the lines of $DD_TMP/KEY.expected.
scan_vs_oracle() {
    [ -s "$DD_TMP/$1.expected" ] || fail "the $3 oracle found nothing"
    echo "oracle: $(wc -l <"$DD_TMP/$1.expected") findings of $3 in $2"
    run_dd scan "$2" --db "$DD_TMP/$1.db" --scanners vulns --format json
    jq -r ".findings[] | select(.status == \"fail\" and .properties.ecosystem == \"$3\") | $4" \
        <<<"$DD_OUT" | sort -u >"$DD_TMP/$1.got"
    if diff -u "$DD_TMP/$1.expected" "$DD_TMP/$1.got" >"$DD_TMP/$1.diff"; then ok; else
        fail "drydock scan ($3) differs from the oracle: $(head -40 "$DD_TMP/$1.diff")"
    fi
}

# ---- Go -------------------------------------------------------------------------------
if ! docker image inspect drydock-test/scan-go >/dev/null 2>&1 || ! command -v go >/dev/null; then
    skip_or_fail "drydock-test/scan-go and go (golang-go) are needed for the Go oracle"
fi
run_dd db import --db "$DD_TMP/go.db" "$DD_SHARED_DATA/osv-ghsa-subset/Go.zip"
assert_rc 0 "import the Go subset"
gname=ddvuln-go-$$
at_exit "docker rm -f $gname"
docker create --name "$gname" drydock-test/scan-go true >/dev/null
: >"$DD_TMP/gomods"
for f in usr/local/bin/ddnet usr/local/bin/ddbig usr/local/bin/ddnoid opt/dist/ddnet.exe opt/dist/ddnet-darwin; do
    docker cp "$gname:/$f" "$DD_TMP/gobin" || fail "docker cp $f"
    chmod +x "$DD_TMP/gobin" # go version reads executables only
    go version -m "$DD_TMP/gobin" | awk -v p="$f" 'NR == 1 { print p, "stdlib", $2 }
        $1 == "dep" || $1 == "mod" { print p, $2, $3 }' >>"$DD_TMP/gomods"
    rm -f "$DD_TMP/gobin"
done
PYTHONPATH=$DD_TMP python3 - "$DD_TMP/gomods" "$DD_SHARED_DATA/osv-ghsa-subset/Go" >"$DD_TMP/go.expected" <<'PY'
import json, os, re, sys
from osv_eval import affected


def parse(v):
    # SemVer 2.0.0: MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]; Go writes a leading "v"
    m = re.fullmatch(r"v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?", v)
    if not m:
        raise ValueError(v)
    pre = m.group(4).split(".") if m.group(4) else None
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), pre)


def cmp(a, b):
    if a[:3] != b[:3]:
        return -1 if a[:3] < b[:3] else 1
    pa, pb = a[3], b[3]
    if pa is None or pb is None:
        return (pa is None) - (pb is None)
    for x, y in zip(pa, pb):
        if x == y:
            continue
        if x.isdigit() and y.isdigit():
            return -1 if int(x) < int(y) else 1
        if x.isdigit() or y.isdigit():
            return -1 if x.isdigit() else 1
        return -1 if x < y else 1
    return (len(pa) > len(pb)) - (len(pa) < len(pb))


recs = [json.load(open(os.path.join(sys.argv[2], f))) for f in sorted(os.listdir(sys.argv[2]))]
out = set()
for line in open(sys.argv[1]):
    path, mod, ver = line.split()
    if mod == "stdlib":
        ver = ver[2:]  # the toolchain go1.19.8 is Go release 1.19.8
    try:
        v = parse(ver)
    except ValueError:
        continue  # "(devel)": no version, nothing to compare
    for r in recs:
        for a in r.get("affected", []):
            name = a["package"]["name"]
            # the standard library: import paths whose first element has no dot
            key = "stdlib" if "." not in name.split("/")[0] else name
            if key == mod and affected(a.get("ranges"), a.get("versions"), v, parse, cmp):
                out.add(f"{r['id']} {path} {mod}")
print("\n".join(sorted(out)))
PY
scan_vs_oracle go drydock-test/scan-go Go '"\(.ruleId) \(.location.path) \(.properties.package)"'

# ---- Python ---------------------------------------------------------------------------
# Debian's python3-packaging is installed for Debian's python3.
DPY=/usr/bin/python3
if ! docker image inspect drydock-test/scan-python >/dev/null 2>&1 ||
    ! $DPY -c 'import packaging' 2>/dev/null; then
    skip_or_fail "drydock-test/scan-python and python3-packaging are needed for the Python oracle"
fi
run_dd db import --db "$DD_TMP/py.db" "$DD_SHARED_DATA/osv-ghsa-subset/PyPI.zip"
assert_rc 0 "import the PyPI subset"
run_dd scan drydock-test/scan-python --scanners packages --format json
jq -r '.components[] | select(.properties.pkg_type == "pypi") | "\(.name) \(.version)"' <<<"$DD_OUT" >"$DD_TMP/pypkgs"
[ -s "$DD_TMP/pypkgs" ] || fail "no Python packages in drydock-test/scan-python"
PYTHONPATH=$DD_TMP $DPY - "$DD_TMP/pypkgs" "$DD_SHARED_DATA/osv-ghsa-subset/PyPI" >"$DD_TMP/py.expected" <<'PY'
import json, os, sys
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version
from osv_eval import affected


def parse(v):
    try:
        return Version(v)
    except InvalidVersion:
        raise ValueError(v)


def cmp(a, b):
    return (a > b) - (a < b)


recs = [json.load(open(os.path.join(sys.argv[2], f))) for f in sorted(os.listdir(sys.argv[2]))]
out = set()
for line in open(sys.argv[1]):
    name, ver = line.split()
    v = parse(ver)
    for r in recs:
        for a in r.get("affected", []):
            if canonicalize_name(a["package"]["name"]) != canonicalize_name(name):
                continue
            if affected(a.get("ranges"), a.get("versions"), v, parse, cmp):
                out.add(f"{r['id']} {name}")
print("\n".join(sorted(out)))
PY
scan_vs_oracle py drydock-test/scan-python PyPI '"\(.ruleId) \(.properties.package)"'
done_tests
