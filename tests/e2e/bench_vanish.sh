#!/usr/bin/env bash
# A container that disappears between the container list and its inspect is skipped with
# a note on every per-container check, never reported as failing, and the run still
# succeeds. Deterministic: the test-only helper tests/helpers/bench_after_list.c (bench
# with dd_bench_opts.after_list, which the product binary never sets) removes the
# container at exactly that moment.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/busybox

P=brt-vanish-$$
at_exit "docker ps -aq --filter name=^/$P- | xargs -r docker rm -f"
for n in stays goes; do
    docker run -d --name "$P-$n" --network none drydock-test/busybox sleep 3600 >/dev/null ||
        fail "docker run $n"
done

HELPER=$DD_HELPERS/bench_after_list
[ -x "$HELPER" ] || skip_or_fail "the test helper $HELPER is not built"
# run_hooked HOOK FORMAT CHECKS CONTAINER...: like run_dd bench.
run_hooked() {
    "$HELPER" "$@" >"$DD_TMP/out" 2>"$DD_TMP/err"
    DD_RC=$?
    DD_OUT=$(cat "$DD_TMP/out")
    DD_ERR=$(cat "$DD_TMP/err")
}

run_hooked "docker rm -f $P-goes >/dev/null 2>&1" json 4.1,5 "$P-stays" "$P-goes"
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
run_hooked "docker rm -f $P-goes2 >/dev/null 2>&1" text 5.13 "$P-goes2"
assert_rc 0 "text run"
assert_contains "$DD_OUT" "[SKIP]      * $P-goes2: container disappeared during the run" "text note"

# The product binary has no such hook: the environment variable the old test used is
# read nowhere, so nothing runs between the list and the inspects.
DRYDOCK_TEST_HOOK_AFTER_LIST="touch $DD_TMP/hooked" run_dd bench --check 5.13 --container "$P-stays"
assert_eq "$(test -e "$DD_TMP/hooked" && echo ran || echo 'not run')" "not run" \
    "DRYDOCK_TEST_HOOK_AFTER_LIST is not a hook of the release binary"
if strings "$DRYDOCK" | grep -q DRYDOCK_TEST_HOOK; then
    fail "the binary still names DRYDOCK_TEST_HOOK_AFTER_LIST"
else ok; fi

done_tests
