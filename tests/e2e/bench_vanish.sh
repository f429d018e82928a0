#!/usr/bin/env bash
# A container that disappears between the container list and its inspect is skipped with
# a note on every per-container check, never reported as failing, and the run still
# succeeds. Deterministic: the test hook DRYDOCK_TEST_HOOK_AFTER_LIST (read only in
# src/bench/gather.c) removes the container at exactly that moment.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/busybox

P=brt-vanish-$$
at_exit "docker ps -aq --filter name=^/$P- | xargs -r docker rm -f"
for n in stays goes; do
    docker run -d --name "$P-$n" --network none drydock-test/busybox sleep 3600 >/dev/null ||
        fail "docker run $n"
done

export DRYDOCK_TEST_HOOK_AFTER_LIST="docker rm -f $P-goes >/dev/null 2>&1"
run_dd bench --check 4.1,5 --container "$P-stays" --container "$P-goes" --format json
assert_rc 0 "a vanished container is not an error"
assert_eq "$(docker ps -aq --filter name=^/$P-goes)" "" "the hook removed the container"

goes=$(jq -c --arg t "$P-goes" '[.findings[] | select(.target == $t)]' <<<"$DD_OUT")
# 4.1 and the 29 per-container checks of section 5 (5.2 and 5.3 included).
assert_eq "$(jq 'length' <<<"$goes")" 30 "one note per per-container check"
assert_eq "$(jq -r '[.[].status] | unique | join(",")' <<<"$goes")" "skipped" "only skipped"
assert_eq "$(jq -r '[.[].message] | unique | join(",")' <<<"$goes")" \
    "container disappeared during the run" "the note"
assert_eq "$(jq -r --arg t "$P-goes" '[.findings[] | select(.status == "fail" or .status == "error") | select(.target == $t)] | length' <<<"$DD_OUT")" \
    0 "never failing"
# The other container is checked as usual.
assert_eq "$(jq -r --arg t "$P-stays" '.findings[] | select(.ruleId == "CIS-5.11" and .target == $t) | .status' <<<"$DD_OUT")" \
    fail "CIS-5.11 on the container that stayed"
assert_eq "$(jq -r --arg t "$P-stays" '.findings[] | select(.ruleId == "CIS-4.1" and .target == $t) | .status' <<<"$DD_OUT")" \
    fail "CIS-4.1 on the container that stayed"

# The text report shows the note too.
docker run -d --name "$P-goes2" --network none drydock-test/busybox sleep 3600 >/dev/null
export DRYDOCK_TEST_HOOK_AFTER_LIST="docker rm -f $P-goes2 >/dev/null 2>&1"
run_dd bench --check 5.13 --container "$P-goes2" --no-color
assert_rc 0 "text run"
assert_contains "$DD_OUT" "[SKIP]      * $P-goes2: container disappeared during the run" "text note"
unset DRYDOCK_TEST_HOOK_AFTER_LIST

done_tests
