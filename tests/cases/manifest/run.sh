#!/bin/bash
# Data-driven Compose and Kubernetes lint cases: every NAME.compose.yaml / NAME.k8s.yaml
# here is linted (with the arguments in NAME.*.args, if any) and its findings, as
# "LINE:COLUMN RULEID" lines, must equal the NAME.*.expected next to it. Then every rule of
# the manifest table must have a positive case (ID-pos.*.expected contains ID) and the
# negative cases (neg.compose / neg.k8s: a hardened service and workload) contain none.
set -uo pipefail
: "${DRYDOCK:?run through ctest}"
here=$(cd "$(dirname "$0")" && pwd)
fails=0 checks=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
cd "$here" || exit 1
for f in *.compose.yaml *.k8s.yaml; do
    base=${f%.yaml}
    args=()
    [ -f "$base.args" ] && read -r -a args <"$base.args"
    got=$("$DRYDOCK" lint --no-config "${args[@]}" --format json "$f" |
        jq -r '.findings[] | "\(.location.line // 0):\(.location.column // 0) \(.ruleId)"' | sort)
    checks=$((checks + 1))
    if [ "$got" != "$(sort "$base.expected")" ]; then
        fail "$f: findings differ (< expected, > got)"
        diff <(sort "$base.expected") <(echo "$got") >&2
    fi
done
ids=$("$DRYDOCK" rules --format json | jq -r '.rules[] | select(.id | startswith("DDM")) | .id')
for id in $ids; do
    checks=$((checks + 1))
    grep -qs " $id\$" "$id"-pos.*.expected || fail "$id: no positive case"
    checks=$((checks + 1))
    ! grep -q " $id\$" neg.compose.expected neg.k8s.expected || fail "$id: fires on a negative case"
done
echo "manifest cases: $((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
