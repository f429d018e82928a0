#!/usr/bin/env bash
# Language packages nothing may skip silently (tests/images/30-lang.sh builds the images):
#  - Go binaries: ELF, a > 64 MiB one read by ranges as it streams from the daemon, one
#    without a build id or symbols, PE and Mach-O; the modules equal `go version -m`;
#  - the shared OSV subset's known answer: golang.org/x/net v0.0.0-20210226172049-e18ecbb05110
#    gets its 8 advisories, the toolchain go1.19.8 its stdlib advisory; "(devel)" main
#    modules are a note, never a finding; the aliases (CVE ids) appear in every format;
#  - Python: a dist-info, a zipped egg, an egg directory, an egg-info directory and file.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/scan-go
need_image drydock-test/scan-python
command -v go >/dev/null || skip_or_fail "go (Debian golang-go) is the oracle of Go build info"
SUBSET=$DD_SHARED_DATA/osv-ghsa-subset

# ---- Go: the modules, with `go version -m` as the oracle -----------------------------
cname=ddlang-$$
at_exit "docker rm -f $cname"
docker create --name "$cname" drydock-test/scan-go true >/dev/null
mkdir -p "$DD_TMP/bin"
for f in usr/local/bin/ddnet usr/local/bin/ddbig usr/local/bin/ddnoid opt/dist/ddnet.exe \
    opt/dist/ddnet-darwin; do
    docker cp "$cname:/$f" "$DD_TMP/bin/${f##*/}" || fail "docker cp $f"
    chmod +x "$DD_TMP/bin/${f##*/}" # go version reads executables only (the .exe is 0644)
    # "PATH MODULE VERSION" per module line, the toolchain as stdlib
    go version -m "$DD_TMP/bin/${f##*/}" | awk -v p="$f" '
        NR == 1 { print p, "stdlib", $2 }
        $1 == "mod" || $1 == "dep" { print p, $2, $3 }' >>"$DD_TMP/go.want"
done
sort -o "$DD_TMP/go.want" "$DD_TMP/go.want"
[ "$(wc -l <"$DD_TMP/go.want")" -eq 15 ] || fail "go version -m listed too little: $(cat "$DD_TMP/go.want")"
big=$(stat -c %s "$DD_TMP/bin/ddbig")
[ "$big" -gt $((64 << 20)) ] || fail "ddbig is $big bytes: not above the 64 MiB read limit"

run_dd scan drydock-test/scan-go --scanners packages --format json
assert_rc 0 "scan packages of scan-go"
jq -r '.components[] | select(.properties.pkg_type == "golang") | "\(.properties.path) \(.name) \(.version)"' \
    <<<"$DD_OUT" | sort >"$DD_TMP/go.got"
if diff -u "$DD_TMP/go.want" "$DD_TMP/go.got" >"$DD_TMP/go.diff"; then ok; else
    fail "Go modules differ from go version -m: $(head -40 "$DD_TMP/go.diff")"
fi
assert_contains "$(cat "$DD_TMP/go.got")" "usr/local/bin/ddbig golang.org/x/text v0.3.7" \
    "the > 64 MiB binary is read by ranges"
assert_contains "$(cat "$DD_TMP/go.got")" "opt/dist/ddnet.exe golang.org/x/net" "PE"
assert_contains "$(cat "$DD_TMP/go.got")" "opt/dist/ddnet-darwin golang.org/x/net" "Mach-O"
assert_contains "$(cat "$DD_TMP/go.got")" "usr/local/bin/ddnoid google.golang.org/protobuf v1.31.0" \
    "no build id, no symbols"

# ---- Go: vulnerabilities from the real GitHub advisories ------------------------------
DB=$DD_TMP/v.db
run_dd db import --db "$DB" "$SUBSET/Go.zip"
assert_rc 0 "import the Go subset"
run_dd scan drydock-test/scan-go --db "$DB" --scanners vulns --format json
assert_rc 0 "scan vulns of scan-go"
echo "$DD_OUT" >"$DD_TMP/go.json"
xnet=$(jq -r '.findings[] | select(.location.path == "usr/local/bin/ddnet" and .properties.package == "golang.org/x/net") | .ruleId' \
    "$DD_TMP/go.json" | sort | tr '\n' ' ')
assert_eq "$xnet" "GHSA-2wrh-6pvc-2jm9 GHSA-4374-p667-p6c8 GHSA-4v7x-pqxf-cx7m GHSA-69cg-p879-7622 GHSA-83g2-8m93-v3w7 GHSA-h86h-8ppg-mxmh GHSA-vvpx-j8f3-3w6h GHSA-xrjj-mj9h-534m " \
    "golang.org/x/net v0.0.0-20210226172049-e18ecbb05110: its 8 advisories"
std=$(jq -r '.findings[] | select(.location.path == "usr/local/bin/ddnet" and .properties.package == "stdlib") | "\(.ruleId) \(.properties.installed) \(.properties.fixed)"' "$DD_TMP/go.json")
assert_eq "$std" "GHSA-4v7x-pqxf-cx7m go1.19.8 v1.21.9" "go1.19.8 is below net/http's fix 1.21.9"
assert_eq "$(jq -r '.findings[] | select(.location.path == "usr/local/bin/ddbig") | .ruleId' "$DD_TMP/go.json" | sort | tr '\n' ' ')" \
    "GHSA-4v7x-pqxf-cx7m GHSA-69ch-w2m2-3vjp " "the big binary: stdlib and golang.org/x/text"
assert_eq "$(jq '[.findings[] | select(.properties.package | startswith("example.com/"))] | length' "$DD_TMP/go.json")" 0 \
    "(devel) main modules are never vulnerable"
assert_contains "$(jq -r '.notes[].message' "$DD_TMP/go.json")" \
    "usr/local/bin/ddnet: example.com/ddnet (devel) has no version drydock can compare: not checked" \
    "(devel) is said to be unknown"
assert_eq "$(jq -r '[.findings[] | select(.ruleId == "GHSA-4374-p667-p6c8")][0].properties.aliases | join(",")' "$DD_TMP/go.json")" \
    "CVE-2023-39325" "aliases in JSON properties"
# The CVE of a GHSA finding is in every format a user greps.
for fmt in text sarif junit; do
    run_dd scan drydock-test/scan-go --db "$DB" --scanners vulns --format $fmt
    assert_contains "$DD_OUT" "CVE-2023-39325" "the alias in $fmt"
done
assert_contains "$DD_OUT" "note: usr/local/bin/ddbig: example.com/ddbig (devel)" "notes in JUnit"

# ---- Python: every layout of installed distributions -----------------------------------
run_dd scan drydock-test/scan-python --scanners packages --format json
assert_rc 0 "scan packages of scan-python"
py=$(jq -r '.components[] | select(.properties.pkg_type == "pypi") | "\(.name) \(.version)"' <<<"$DD_OUT" | sort | tr '\n' ',')
assert_eq "$py" "Django 3.2,Flask 2.2.4,Paste 1.7.5.1,requests 2.30.0,urllib3 1.26.17," \
    "dist-info, zipped egg, egg directory, egg-info directory and file"
done_tests
