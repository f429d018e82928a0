#!/bin/bash
# Data-driven lint cases: every NAME.Dockerfile here is linted alone (with the extra
# arguments in NAME.args, if any) and its findings, as "LINE RULEID" lines, must equal
# NAME.expected exactly. Then every rule of the lint table must have a positive case
# (ID-pos*.expected contains ID) and a negative case (ID-neg*.expected exists and does
# not contain ID), so a new rule cannot be added without both.
set -uo pipefail
: "${DRYDOCK:?run through ctest}"
here=$(cd "$(dirname "$0")" && pwd)
fails=0 checks=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# Cases without extra arguments are linted in one run (one process for many files is
# how drydock is meant to be used), the others one by one.
plain=() special=()
for df in "$here"/*.Dockerfile; do
    name=$(basename "$df" .Dockerfile)
    if [ -f "$here/$name.args" ]; then special+=("$name"); else plain+=("$name.Dockerfile"); fi
done
json=$(cd "$here" && "$DRYDOCK" lint --no-config --fail-on none --format json "${plain[@]}")
rc=$?
all=$(jq -r '.findings[] | "\(.location.path) \(.location.line // 0) \(.ruleId)"' <<<"$json")
checks=$((checks + 1))
[ "$rc" -eq 0 ] || fail "lint of all plain cases exited $rc"

check_case() { # NAME "PATH LINE RULEID" lines
    local got want
    got=$(awk -v p="$1.Dockerfile" '$1 == p { print $2, $3 }' <<<"$2" | sort)
    want=$(sort "$here/$1.expected")
    checks=$((checks + 1))
    if [ "$got" != "$want" ]; then
        fail "$1: findings differ (< expected, > got)"
        diff <(echo "$want") <(echo "$got") >&2
    fi
}
for f in "${plain[@]}"; do check_case "${f%.Dockerfile}" "$all"; done
for name in "${special[@]}"; do
    read -r -a args <"$here/$name.args"
    out=$(cd "$here" && "$DRYDOCK" lint --no-config --fail-on none "${args[@]}" --format json "$name.Dockerfile" |
        jq -r '.findings[] | "\(.location.path) \(.location.line // 0) \(.ruleId)"')
    check_case "$name" "$out"
done

for id in $("$DRYDOCK" rules --command lint --format json | jq -r '.rules[].id | select(startswith("DDM") | not)'); do
    checks=$((checks + 1))
    pos=$(ls "$here/$id"-pos*.expected 2>/dev/null)
    neg=$(ls "$here/$id"-neg*.expected 2>/dev/null)
    [ -n "$pos" ] || { fail "$id has no positive case"; continue; }
    [ -n "$neg" ] || { fail "$id has no negative case"; continue; }
    grep -qw -- "$id" $pos || fail "$id: its positive case does not report it"
    for n in $neg; do
        ! grep -qw -- "$id" "$n" || fail "$id: its negative case $(basename "$n") reports it"
    done
done

echo "$((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
