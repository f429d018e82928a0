#!/usr/bin/env bash
# drydock in a CI pipeline (issue 15), as a user of Trivy, hadolint or docker-bench meets it:
#   - SARIF of lint, bench and scan valid against the SARIF 2.1.0 JSON schema, with what
#     GitHub code scanning requires of an upload: every result physically located, URIs
#     relative to --sarif-root and percent-encoded, a partialFingerprint stable across runs,
#     every rule with help text and security-severity;
#   - JUnit valid against the Jenkins/Ant JUnit XSD, a file name with invalid UTF-8 included;
#   - SPDX 2.3 valid against the official schema (tests/schemas/): OPERATING_SYSTEM, the
#     supplier, tag-value for `-f spdx`;
#   - the knobs: DRYDOCK_<OPTION>, .drydock.yaml sections, --exit-code, --severity as a list
#     over every kind of finding, .drydockignore/.trivyignore/.dockleignore read from the
#     current directory (rule + object, expiry), `scan ./x.tar`.
# The schemas come from tests/images/91-schemas.sh ($DD_TEST_CACHE/schemas), never the tree.
. "$DD_SRC/tests/e2e/lib.sh"
export DOCKER_HOST="unix://$DD_TMP/no-daemon.sock" NO_COLOR=1
unset DRYDOCK_CONFIG
SCHEMAS=${DD_TEST_CACHE:-/nonexistent}/schemas
[ -f "$SCHEMAS/sarif-2.1.0.json" ] && [ -f "$SCHEMAS/junit.xsd" ] ||
    skip_or_fail "the report schemas are not in \$DD_TEST_CACHE/schemas (tests/images/91-schemas.sh)"
command -v xmllint >/dev/null || skip_or_fail "xmllint (libxml2-utils) is not installed"
python3 -c 'import jsonschema' 2>/dev/null || skip_or_fail "python3-jsonschema is not installed"

valid_sarif() { valid_json "$SCHEMAS/sarif-2.1.0.json" "$1" "$2 (SARIF 2.1.0)"; } # FILE WHAT
# What GitHub code scanning refuses or mis-tracks, per result and per rule.
github_rules() { # FILE WHAT
    local bad
    bad=$(jq -r '.runs[] as $run | ($run.results[] |
          select((.locations[0].physicalLocation.artifactLocation.uri // "") == ""
                 or (.partialFingerprints | length) == 0
                 or (.locations[0].physicalLocation.artifactLocation.uri | test("^/|[ #]")))
          | "result \(.ruleId)"),
          ($run.tool.driver.rules[] | select((.help.text // "") == ""
                 or (.properties["security-severity"] // "") == "") | "rule \(.id)")' "$1")
    assert_eq "$bad" "" "$2: every result located and fingerprinted, every rule with help and security-severity"
    assert_eq "$(jq '[.runs[].results[]] | length > 0' "$1")" true "$2: has results"
}
valid_junit() { # FILE WHAT
    if xmllint --noout --schema "$SCHEMAS/junit.xsd" "$1" 2>"$DD_TMP/xsd.err"; then ok; else
        fail "$2: not valid JUnit: $(head -c 1500 "$DD_TMP/xsd.err")"
    fi
}

W=$DD_TMP/repo
mkdir -p "$W/dir with space/a#b"
cd "$W" || exit 1
printf 'FROM debian\nRUN apt-get install curl\nUSER root\n' >"$W/dir with space/a#b/Dockerfile"
DF="dir with space/a#b/Dockerfile"

# ---- SARIF ------------------------------------------------------------------------------
run_dd lint --no-config -f sarif -o "$DD_TMP/lint.sarif" "$DF"
assert_rc 1 "lint finds the root user (high)"
valid_sarif "$DD_TMP/lint.sarif" "lint"
github_rules "$DD_TMP/lint.sarif" "lint"
assert_eq "$(jq -r '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | unique | join(" ")' "$DD_TMP/lint.sarif")" \
    "dir%20with%20space/a%23b/Dockerfile" "lint: the URI relative to the repository, encoded"
assert_eq "$(jq -r '.runs[0].results[] | select(.ruleId == "DDL100") | .locations[0].physicalLocation.region.startLine' "$DD_TMP/lint.sarif")" \
    3 "lint: the line of USER root"
# From a subdirectory, --sarif-root names the repository root.
(cd "dir with space" && "$DRYDOCK" lint --no-config -f sarif --sarif-root .. "a#b/Dockerfile" >"$DD_TMP/sub.sarif")
assert_eq "$(jq -r '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri' "$DD_TMP/sub.sarif")" \
    "dir%20with%20space/a%23b/Dockerfile" "--sarif-root: relative to the root, not the current directory"
# The same findings, the same fingerprints, run after run.
"$DRYDOCK" lint --no-config -f sarif "$DF" >"$DD_TMP/lint2.sarif"
fp() { jq -r '[.runs[0].results[] | .ruleId + "=" + .partialFingerprints["drydock/v1"]] | sort | join(" ")' "$1"; }
assert_eq "$(fp "$DD_TMP/lint2.sarif")" "$(fp "$DD_TMP/lint.sarif")" "fingerprints stable across runs"
# ... and when the lines move.
printf '# a comment\n\n' | cat - "$DF" >"$DD_TMP/moved" && mkdir -p moved && cp "$DD_TMP/moved" moved/Dockerfile
cp "$DF" moved/Dockerfile.orig
"$DRYDOCK" lint --no-config -f sarif moved/Dockerfile >"$DD_TMP/moved.sarif"
assert_eq "$(jq -r '.runs[0].results[] | select(.ruleId == "DDL100") | .locations[0].physicalLocation.region.startLine' "$DD_TMP/moved.sarif")" \
    5 "moved: USER root two lines down"
cp moved/Dockerfile.orig moved/Dockerfile
"$DRYDOCK" lint --no-config -f sarif moved/Dockerfile >"$DD_TMP/unmoved.sarif"
assert_eq "$(fp "$DD_TMP/moved.sarif")" "$(fp "$DD_TMP/unmoved.sarif")" "fingerprints do not depend on the line"

R=$DD_TMP/host
mkdir -p "$R/etc/docker" "$R/proc"
echo '{"icc": true}' >"$R/etc/docker/daemon.json"
run_dd bench --root "$R" --check 1,2,3 -f sarif -o "$DD_TMP/bench.sarif"
valid_sarif "$DD_TMP/bench.sarif" "bench"
github_rules "$DD_TMP/bench.sarif" "bench"
assert_eq "$(jq -r '.runs[0].results[] | select(.ruleId == "CIS-2.2") | .locations[0].physicalLocation.artifactLocation.uri' "$DD_TMP/bench.sarif")" \
    host "bench: a daemon setting is located at the host, an object, not a file path"

RF=$DD_TMP/rootfs
mkdir -p "$RF/etc" "$RF/var/lib/dpkg" "$RF/usr/bin"
cp "$DD_SRC/tests/cases/vuln/debian/os-release" "$RF/etc/"
printf 'Package: curl\nStatus: install ok installed\nMaintainer: Alessandro Ghedini <ghedo@debian.org>\nArchitecture: amd64\nVersion: 7.88.1-10\nDescription: x\n\n' \
    >"$RF/var/lib/dpkg/status"
printf 'root::0:0:root:/root:/bin/sh\n' >"$RF/etc/passwd"
printf 'root::19000:0:99999:7:::\n' >"$RF/etc/shadow"
run_dd scan "rootfs:$RF" --scanners config,secrets -f sarif -o "$DD_TMP/scan.sarif"
valid_sarif "$DD_TMP/scan.sarif" "scan"
github_rules "$DD_TMP/scan.sarif" "scan"
assert_eq "$(jq -r '[.runs[0].results[].locations[0].logicalLocations[0].fullyQualifiedName] | unique | join(" ")' "$DD_TMP/scan.sarif" | grep -c "rootfs:")" \
    1 "scan: the image named as a logical location"

# ---- bench's text: one line per check, -q only failures, --show-passed in pass colours ----
run_dd bench --root "$R" --check 2.2,2.3 --show-passed --color always
esc=$(printf '\033')
assert_contains "$DD_OUT" "${esc}[0;32m[PASS]${esc}[0m      * log level is dockerd's default" "--show-passed: a passing object in green"
assert_contains "$DD_OUT" "${esc}[0;31m[WARN]${esc}[0m 2.2 - " "a failure in red"
run_dd bench --root "$R" --check 1,2,3 -q
assert_eq "$(grep -c '^\[PASS\]' <<<"$DD_OUT")" 0 "-q: no passes"
assert_contains "$DD_OUT" "[WARN] 2.2 - Ensure network traffic is restricted" "-q: the failures"

# ---- JUnit ------------------------------------------------------------------------------
run_dd lint --no-config -f junit -o "$DD_TMP/lint.xml" "$DF"
valid_junit "$DD_TMP/lint.xml" "lint"
run_dd bench --root "$R" --check 1,2,3 -f junit -o "$DD_TMP/bench.xml"
valid_junit "$DD_TMP/bench.xml" "bench"
assert_not_contains "$(grep -o '<testsuites [^>]*>' "$DD_TMP/bench.xml")" "skipped=" "no skipped attribute on testsuites"
# A file name that is not UTF-8: the report stays XML.
bad=$(printf 'bad\xff\xfe.Dockerfile')
printf 'FROM debian\n' >"$bad"
run_dd lint --no-config -f junit -o "$DD_TMP/bad.xml" "$bad"
valid_junit "$DD_TMP/bad.xml" "a non-UTF-8 file name"
rm -f "$bad"

# ---- SPDX -------------------------------------------------------------------------------
SPDX_SCHEMA=$DD_SRC/tests/schemas/spdx-2.3.schema.json # the official one (tests/schemas/README.md)
valid_spdx() { valid_json "$SPDX_SCHEMA" "$1" "$2 (SPDX 2.3)"; } # FILE WHAT
run_dd scan "rootfs:$RF" --scanners packages -f spdx-json -o "$DD_TMP/rootfs.spdx.json"
valid_spdx "$DD_TMP/rootfs.spdx.json" "scan rootfs: -f spdx-json"
# The validator is not one that passes everything: the purpose as SPDX 2.2 tools wrongly
# spelt it is refused.
jq '(.packages[] | select(.primaryPackagePurpose == "OPERATING_SYSTEM") | .primaryPackagePurpose) = "OPERATING-SYSTEM"' \
    "$DD_TMP/rootfs.spdx.json" >"$DD_TMP/bad.spdx.json"
if python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])), cls=jsonschema.Draft7Validator)' \
    "$SPDX_SCHEMA" "$DD_TMP/bad.spdx.json" 2>/dev/null; then
    fail "the SPDX schema check accepted OPERATING-SYSTEM"
else ok; fi
run_dd scan "rootfs:$RF" --scanners packages -f spdx-json
assert_eq "$(jq -r '.spdxVersion' <<<"$DD_OUT")" SPDX-2.3 "spdx-json is SPDX 2.3"
assert_eq "$(jq -r '.packages[] | select(.name == "debian") | .primaryPackagePurpose' <<<"$DD_OUT")" \
    OPERATING_SYSTEM "the OS package purpose, with its underscore"
assert_eq "$(jq -r '.packages[] | select(.name == "curl") | .supplier' <<<"$DD_OUT")" \
    "Person: Alessandro Ghedini (ghedo@debian.org)" "supplier from dpkg's Maintainer"
run_dd scan "rootfs:$RF" --scanners packages -f spdx
assert_eq "$(head -n1 <<<"$DD_OUT")" "SPDXVersion: SPDX-2.3" "-f spdx is tag-value, as for Trivy"
assert_contains "$DD_OUT" "PrimaryPackagePurpose: OPERATING_SYSTEM" "tag-value OS purpose"
assert_contains "$DD_OUT" "ExternalRef: PACKAGE-MANAGER purl pkg:deb/debian/curl@7.88.1-10" "tag-value purl"

# ---- knobs ------------------------------------------------------------------------------
ids() { jq -r '[.findings[] | select(.status == "fail") | .ruleId] | sort | join(" ")' <<<"$DD_OUT"; }
run_dd lint --no-config -f json "$DF"
all=$(ids)
assert_eq "$all" "DDL005 DDL007 DDL012 DDL013 DDL045 DDL100 DDL110" "the lint findings"
# --exit-code: the code when --fail-on is met; alone it fails on any finding (Trivy).
run_dd lint --no-config --exit-code 7 "$DF"
assert_rc 7 "--exit-code 7"
run_dd lint --no-config --exit-code 7 --fail-on critical "$DF"
assert_rc 0 "--exit-code with --fail-on not met"
# --severity as a list filters every finding kind (here lint's), exactly those severities.
run_dd lint --no-config -f json --severity HIGH,MEDIUM "$DF"
assert_eq "$(ids)" "DDL005 DDL012 DDL100" "--severity HIGH,MEDIUM"
run_dd bench --root "$R" --check 2 -f json --severity high
assert_eq "$(jq -r '[.findings[].severity] | unique | join(",")' <<<"$DD_OUT")" "critical,high" \
    "--severity on bench: one severity is it and above"
# DRYDOCK_<OPTION>, under the command line.
DRYDOCK_SEVERITY=high run_dd lint --no-config -f json "$DF"
assert_eq "$(ids)" "DDL100" "DRYDOCK_SEVERITY"
DRYDOCK_EXIT_CODE=9 run_dd lint --no-config "$DF"
assert_rc 9 "DRYDOCK_EXIT_CODE"
DRYDOCK_EXIT_CODE=9 run_dd lint --no-config --exit-code 4 "$DF"
assert_rc 4 "the command line wins over the environment"
DRYDOCK_FAIL_ON=bogus run_dd lint --no-config "$DF"
assert_rc 2 "a bad value in the environment is a usage error"
# .drydock.yaml: the bench section, found upward from the current directory.
mkdir -p sub/deeper
printf 'bench:\n  check: "2"\n  format: json\n  severity: [HIGH, MEDIUM]\n' >.drydock.yaml
(cd sub/deeper && "$DRYDOCK" bench --root "$R" >"$DD_TMP/cfg.json" 2>"$DD_TMP/cfg.err")
assert_eq "$(jq -r '[.findings[].ruleId | split(".")[0]] | unique | join(",")' "$DD_TMP/cfg.json")" "CIS-2" \
    ".drydock.yaml: check and format from the bench section"
assert_eq "$(jq -r '[.findings[].severity] | unique | join(",")' "$DD_TMP/cfg.json")" "high,medium" \
    ".drydock.yaml: a severity list, as in Trivy's configuration"
(cd sub/deeper && DRYDOCK_FORMAT=text "$DRYDOCK" bench --root "$R" >"$DD_TMP/cfg.txt" 2>&1)
assert_contains "$(cat "$DD_TMP/cfg.txt")" "[WARN] 2.2 - Ensure network traffic is restricted" \
    "the environment over the file"
printf 'bench:\n  chekc: "2"\n' >.drydock.yaml
run_dd bench --root "$R"
assert_rc 2 "an unknown key in .drydock.yaml"
assert_contains "$DD_ERR" ".drydock.yaml" "names the file"
printf 'bench:\n  check: [2\n' >.drydock.yaml
run_dd bench --root "$R"
assert_rc 2 "bad YAML in .drydock.yaml"
assert_contains "$DD_ERR" ".drydock.yaml:3:1: invalid YAML" "named with its line"
rm -f .drydock.yaml

# One ignore file for every finding kind, read from the current directory by default.
printf 'DDL100 dir?with?space/*/Dockerfile # root is needed here\nDDL005 exp:2000-01-01 # accepted once\n' >.drydockignore
printf 'DL3006\n' >.trivyignore # hadolint's id of DDL005, whose own entry expired
run_dd lint --no-config -f json "$DF"
assert_eq "$(ids)" "DDL007 DDL012 DDL013 DDL045 DDL110" ".drydockignore (rule + object), .trivyignore (peer id)"
rm -f .trivyignore
run_dd lint --no-config -f json "$DF"
assert_eq "$(ids)" "DDL005 DDL007 DDL012 DDL013 DDL045 DDL110" "an expired entry hides nothing"
assert_contains "$(jq -r '.findings[] | select(.ruleId == "DDL005") | .message' <<<"$DD_OUT")" \
    ".drydockignore entry (line 2) expired on 2000-01-01: accepted once" "and says so"
rm -f .drydockignore
run_dd scan "rootfs:$RF" --scanners config -f json
assert_contains "$(ids)" "DDI-EMPTY-PASSWORD" "an image finding"
printf 'DDI-EMPTY-PASSWORD\n' >.dockleignore
run_dd scan "rootfs:$RF" --scanners config -f json
assert_not_contains "$(ids)" "DDI-EMPTY-PASSWORD" ".dockleignore hides an image finding"
rm -f .dockleignore

# Exclusions for lint as for scan: --skip-dirs / --skip-files globs in a directory walked.
L=$DD_TMP/tree
mkdir -p "$L/app" "$L/vendor/x" "$L/test"
for f in app/Dockerfile vendor/x/Dockerfile test/a.test.Dockerfile test/Dockerfile; do
    printf 'FROM debian:12\n' >"$L/$f"
done
paths() { jq -r '[.findings[].location.path | ltrimstr($t + "/")] | unique | join(" ")' --arg t "$L" <<<"$DD_OUT"; }
run_dd lint --no-config -f json "$L"
assert_eq "$(paths)" "app/Dockerfile test/Dockerfile test/a.test.Dockerfile vendor/x/Dockerfile" "lint walks all"
run_dd lint --no-config -f json --skip-dirs vendor --skip-files '*.test.Dockerfile' "$L"
assert_eq "$(paths)" "app/Dockerfile test/Dockerfile" "lint --skip-dirs, --skip-files"
DRYDOCK_SKIP_DIRS=vendor,test run_dd lint --no-config -f json "$L"
assert_eq "$(paths)" "app/Dockerfile" "DRYDOCK_SKIP_DIRS, comma-separated"
run_dd lint --no-config -f json --skip-files test/Dockerfile "$L"
assert_eq "$(paths)" "app/Dockerfile test/a.test.Dockerfile vendor/x/Dockerfile" "a glob with '/' is the relative path"

# --timeout: a daemon that accepts and never answers would hold bench forever; the deadline
# ends the run with exit 3 and leaves the previous report as it was (all or nothing).
python3 -c 'import socket,sys,time; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(8); time.sleep(600)' \
    "$DD_TMP/mute.sock" &
mute=$!
at_exit "kill $mute"
for _ in $(seq 1 100); do [ -S "$DD_TMP/mute.sock" ] && break; sleep 0.05; done
echo previous >"$DD_TMP/rep.json"
DOCKER_HOST="unix://$DD_TMP/mute.sock" run_dd bench --check 5 --timeout 1s -f json -o "$DD_TMP/rep.json"
assert_rc 3 "--timeout: exit 3"
assert_contains "$DD_ERR" "timed out after 1s (--timeout)" "--timeout: says so"
assert_eq "$(cat "$DD_TMP/rep.json")" previous "--timeout: no partial report"

# `scan ./x.tar`: a file that exists is a docker-save archive.
A=$DD_TMP/arch
mkdir -p "$A/l/etc"
printf 'ID=alpine\nVERSION_ID=3.19.0\n' >"$A/l/etc/os-release"
tar -C "$A/l" -cf "$A/layer.tar" etc
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"config":{"User":"root"}}' \
    "$(sha256sum "$A/layer.tar" | cut -d' ' -f1)" >"$A/config.json"
echo '[{"Config":"config.json","RepoTags":["x:1"],"Layers":["layer.tar"]}]' >"$A/manifest.json"
tar -C "$A" -cf x.tar manifest.json config.json layer.tar
run_dd scan ./x.tar --scanners config -f json
assert_rc 0 "scan ./x.tar"
assert_eq "$(jq -r '[.findings[].target] | unique | join(" ")' <<<"$DD_OUT")" "docker-archive:./x.tar" \
    "read as docker-archive:./x.tar"
assert_contains "$(ids)" "DDI-USER-ROOT" "the archive's image runs as root"
printf 'CIS-DI-0001 # Dockle id of DDI-USER-ROOT\n' >.dockleignore
run_dd scan ./x.tar --scanners config -f json
assert_not_contains "$(ids)" "DDI-USER-ROOT" ".dockleignore takes Dockle's ids"
rm -f .dockleignore

# ---- the README's counts are the rule tables' -----------------------------------------
# scripts/readme-counts.sh writes them from `drydock rules -f json`; --check fails when
# one is stale (a rule added without running it).
if "$DD_SRC/scripts/readme-counts.sh" --check "$DRYDOCK" >"$DD_TMP/counts.out" 2>&1; then ok; else
    fail "README counts: $(cat "$DD_TMP/counts.out")"
fi

done_tests
