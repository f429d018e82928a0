#!/bin/bash
# drydock's own deployment files (deploy/k8s/*.yaml, deploy/swarm/*.yml) and Dockerfile,
# linted by drydock's own rules: nothing above low, the low findings left are exactly the
# ones listed (each explained in README's "drydock in a container"), and every exemption
# in them is a pragma that names its rule and gives its reason.
set -uo pipefail
: "${DRYDOCK:?run through ctest}"
: "${DD_SRC:?run through ctest}"
fails=0 checks=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
cd "$DD_SRC" || exit 1
files=(Dockerfile deploy/k8s/*.yaml deploy/swarm/*.yml)
"$DRYDOCK" lint --no-config --fail-on medium --format json "${files[@]}" >"${TMPDIR:-/tmp}/dd-deploy.$$.json"
rc=$?
checks=$((checks + 1))
[ $rc -eq 0 ] || fail "findings above low in drydock's deployment files (exit $rc)"
got=$(jq -r '.findings[] | select(.status == "fail") | "\(.location.path):\(.location.line // 0) \(.ruleId) \(.severity)"' \
    "${TMPDIR:-/tmp}/dd-deploy.$$.json" | sort)
rm -f "${TMPDIR:-/tmp}/dd-deploy.$$.json"
# The two that stay: a container that must be uid 0 cannot say runAsNonRoot (the
# exemption, DDM-RUN-AS-ROOT, is a pragma; this low rule asks for the opposite setting).
want="deploy/k8s/bench-cronjob.yaml:38 DDM-RUN-AS-NON-ROOT low
deploy/k8s/watch-daemonset.yaml:31 DDM-RUN-AS-NON-ROOT low"
checks=$((checks + 1))
[ "$got" = "$want" ] || fail "findings left differ:
$(diff <(echo "$want") <(echo "$got"))"
# Each pragma: a known rule id and a reason after it.
ids=$("$DRYDOCK" rules --format json | jq -r '.rules[].id')
while IFS= read -r line; do
    checks=$((checks + 1))
    rest=${line#*drydock ignore=}
    list=${rest%% *}
    reason=${rest#"$list"}
    [ -n "${reason// /}" ] || fail "pragma without a reason: $line"
    for id in ${list//,/ }; do
        grep -qx "$id" <<<"$ids" || fail "pragma names an unknown rule $id: $line"
    done
done < <(grep -h "drydock ignore=" deploy/k8s/*.yaml deploy/swarm/*.yml)
echo "$checks checks, $fails failed"
[ $fails -eq 0 ]
