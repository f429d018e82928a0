#!/bin/bash
# Data-driven lockfile cases: every directory here is a small project; `drydock scan
# --list-packages fs:DIR` must list exactly DIR.expected (type, name, version, direct or
# transitive and dev, FILE:LINE; blanks normalised). SOURCES.md says where each file's
# shape comes from. Every lockfile kind drydock reads must have a case here.
set -uo pipefail
: "${DRYDOCK:?run through ctest}"
here=$(cd "$(dirname "$0")" && pwd)
fails=0 checks=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
for dir in "$here"/*/; do
    name=$(basename "$dir")
    checks=$((checks + 1))
    got=$(cd "$here" && "$DRYDOCK" scan --scanners packages --list-packages "fs:$name" 2>/dev/null |
        tail -n +2 | awk '{$1=$1};1')
    if [ "$got" != "$(cat "$here/$name.expected")" ]; then
        fail "$name: packages differ (< expected, > got)"
        diff "$here/$name.expected" <(echo "$got") >&2
    fi
done
# Every kind has a case: the file names drydock recognises, one case each at least.
for f in package-lock.json yarn.lock pnpm-lock.yaml requirements.txt poetry.lock Pipfile.lock \
    uv.lock go.mod go.sum pom.xml gradle.lockfile Cargo.lock Gemfile.lock composer.lock \
    packages.lock.json; do
    checks=$((checks + 1))
    ls "$here"/*/"$f" >/dev/null 2>&1 || fail "no case for $f"
done
# A broken lockfile is an error naming the file and line, never an empty package list.
checks=$((checks + 1))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '{\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/x": {"version": "1.0.0"\n' >"$tmp/package-lock.json"
out=$("$DRYDOCK" scan --scanners packages --format json "fs:$tmp" 2>/dev/null)
rc=$?
[ "$rc" -eq 3 ] || fail "truncated package-lock.json: exit $rc, not 3"
jq -e '.findings[] | select(.ruleId == "DDR-PARSE" and .status == "error" and .location.line == 5)' \
    <<<"$out" >/dev/null || fail "truncated package-lock.json: no DDR-PARSE error at line 5: $out"
# An -r include drydock does not follow is a note naming the file and line, never silence.
checks=$((checks + 1))
notes=$(cd "$here" && "$DRYDOCK" scan --scanners packages --format json fs:requirements-include 2>/dev/null |
    jq -r '.notes[].message')
[ "$notes" = "requirements.txt:6: -r sub/other.txt is not read (only a file beside it is): its packages are not listed" ] ||
    fail "requirements-include: the note for -r sub/other.txt: $notes"
echo "lockfile cases: $((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
