#!/usr/bin/env bash
# The counts README.md states ("117 checks docker-bench-security runs", "108 secret
# rules"...), written from the rule tables by asking drydock itself, never typed:
#   scripts/readme-counts.sh [--check] [DRYDOCK]
# rewrites README.md in place; with --check it changes nothing and exits 1 (printing the
# difference) when a count is stale. tests/cases/pipeline runs --check.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
check=false
if [ "${1:-}" = --check ]; then
    check=true
    shift
fi
drydock=${1:-$here/build/release/drydock}
readme=$here/README.md
command -v jq >/dev/null || { echo "readme-counts: jq is needed" >&2; exit 2; }
rules=$("$drydock" rules -f json)
count() { jq -r "$1" <<<"$rules"; }

# One row per stated count: the words that follow the number, and the jq query over
# `drydock rules -f json` that gives it.
rows=(
    'checks docker-bench-security runs|[.rules[] | select(.id | test("^CIS-"))] | length'
    'rules (`drydock rules --command lint`)|[.rules[] | select(.id | test("^DDL"))] | length'
    'DL codes|[.rules[] | select(.id | test("^DDL")) | .references.alias // empty | split(",")[] | select(test("^DL"))] | unique | length'
    'secret rules|[.rules[] | select(.group == "secret")] | length'
)
new=$(cat "$readme")
for row in "${rows[@]}"; do
    words=${row%%|*} query=${row#*|}
    n=$(count "$query")
    [ "$n" -gt 0 ] || { echo "readme-counts: '$words' counts 0: the query is wrong" >&2; exit 2; }
    grep -qF " $words" <<<"$new" || { echo "readme-counts: README.md no longer says 'N $words'" >&2; exit 2; }
    new=$(WORDS=$words N=$n perl -pe 's/\b\d+( \Q$ENV{WORDS}\E)/$ENV{N}$1/g' <<<"$new")
done
if $check; then
    if ! diff -u --label README.md --label "README.md (from the rule tables)" "$readme" - <<<"$new"; then
        echo "readme-counts: README.md's counts are stale: run scripts/readme-counts.sh" >&2
        exit 1
    fi
else
    printf '%s\n' "$new" >"$readme"
fi
