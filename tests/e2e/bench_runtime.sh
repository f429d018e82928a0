#!/usr/bin/env bash
# `drydock bench` sections 4.1 and 5 against the private dockerd: for every automated
# check of section 5, a container that fails it and one hardened container that passes
# it, each asserted by exact rule id, container name and status. Also SARIF (one result
# per failing container, named in logicalLocations), JUnit, text, --fail-on,
# --check/--skip and --container/--include-stopped.
#
# What cannot fail on this VM, and is asserted on its pass side only:
#   5.1  swarm mode: `docker swarm init` would change the daemon every test shares.
#   5.5  --privileged: the VM lacks CAP_SYS_RESOURCE, so privileged containers never start.
#   5.2/5.3 AppArmor and SELinux are absent: both must say "not available on this host".
# Ports (5.8, 5.14) and shared propagation (5.20) need a network or a shared host mount
# to start, so those containers are created but not started and checked with
# --include-stopped (the settings are in the container's configuration all the same).
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/busybox
DD_TEST_CACHE=${DD_TEST_CACHE:-$DD_TMP} bash "$DD_SRC/tests/images/50-bench-runtime.sh" ||
    skip_or_fail "could not build the bench-runtime test images"
need_image drydock-test/brt-base
need_image drydock-test/brt-sshd

P=brt-e2e-$$
IMG=drydock-test/brt-base
at_exit "docker ps -aq --filter name=^/$P- | xargs -r docker rm -f"

# run_ctr NAME DOCKER-RUN-ARGS... : start a container that sleeps.
run_ctr() {
    local name=$1
    shift
    docker run -d --name "$P-$name" "$@" >/dev/null 2>"$DD_TMP/docker.err" ||
        fail "docker run $name: $(cat "$DD_TMP/docker.err")"
}
# create_ctr NAME DOCKER-CREATE-ARGS... : a container that is configured but not started.
create_ctr() {
    local name=$1
    shift
    docker create --name "$P-$name" "$@" >/dev/null 2>"$DD_TMP/docker.err" ||
        fail "docker create $name: $(cat "$DD_TMP/docker.err")"
}

HARDENED=(--network none --read-only --cap-drop ALL --security-opt no-new-privileges
    --memory 64m --cpus 0.5 --pids-limit 100 --user 65534:65534 --restart on-failure:3
    --health-cmd true)

run_ctr good "${HARDENED[@]}" $IMG sleep 3600
# All defaults: root, no limits, writable, no health check, no no-new-privileges.
run_ctr plain --network none $IMG sleep 3600
run_ctr user00 --network none --user 0:0 $IMG sleep 3600
run_ctr userroot --network none --user root $IMG sleep 3600
run_ctr capadd "${HARDENED[@]/ALL/NET_RAW}" --cap-add NET_ADMIN $IMG sleep 3600
run_ctr etc "${HARDENED[@]}" -v /etc:/hostetc:ro $IMG sleep 3600
run_ctr sshd "${HARDENED[@]}" drydock-test/brt-sshd sshd 3600
run_ctr hostnet --network host --read-only $IMG sleep 3600
run_ctr restartalways --network none --restart always $IMG sleep 3600
run_ctr restart10 --network none --restart on-failure:10 $IMG sleep 3600
run_ctr hostpid --network none --pid host $IMG sleep 3600
run_ctr hostipc --network none --ipc host $IMG sleep 3600
run_ctr hostuts --network none --uts host $IMG sleep 3600
run_ctr hostuser --network none --userns host $IMG sleep 3600
run_ctr seccomp --network none --security-opt seccomp=unconfined $IMG sleep 3600
run_ctr cgparent --network none --cgroup-parent /drydock-brt-e2e $IMG sleep 3600
touch "$DD_TMP/docker.sock"
run_ctr sock "${HARDENED[@]}" -v "$DD_TMP/docker.sock:/var/run/docker.sock:ro" $IMG sleep 3600
create_ctr ports -p 80:80 -p 8080:81 $IMG sleep 3600
create_ctr ports6 -p '[::]:8081:80' $IMG sleep 3600
create_ctr portslo -p 127.0.0.1:8082:80 $IMG sleep 3600
mkdir -p "$DD_TMP/shared"
create_ctr shared -v "$DD_TMP/shared:/x:shared" $IMG sleep 3600
create_ctr stoppedgood "${HARDENED[@]}" $IMG sleep 3600

# bench_json CONTAINER [ARGS...]: sections 4.1 and 5 for one container, as JSON.
bench_json() {
    local c=$1
    shift
    run_dd bench --check 4.1,5 --container "$P-$c" --format json "$@"
}
# expect RULE CONTAINER STATUS: the finding of RULE for CONTAINER in the last JSON run.
expect() {
    local got
    got=$(jq -r --arg r "CIS-$1" --arg t "$P-$2" \
        '[.findings[] | select(.ruleId == $r and .target == $t) | .status] | join(",")' \
        <<<"$DD_OUT")
    assert_eq "$got" "$3" "CIS-$1 on $2"
}
expect_host() { # expect_host RULE STATUS [MESSAGE-PART]
    local got msg
    got=$(jq -r --arg r "CIS-$1" '[.findings[] | select(.ruleId == $r) | .status] | join(",")' <<<"$DD_OUT")
    assert_eq "$got" "$2" "CIS-$1"
    if [ -n "${3:-}" ]; then
        msg=$(jq -r --arg r "CIS-$1" '.findings[] | select(.ruleId == $r) | .message' <<<"$DD_OUT")
        assert_contains "$msg" "$3" "CIS-$1 message"
    fi
}

# ---- the hardened container passes every automated check ----------------------------
bench_json good
assert_rc 0 "bench of the hardened container"
for id in 4.1 5.4 5.5 5.6 5.7 5.8 5.10 5.11 5.12 5.13 5.14 5.15 5.16 5.17 5.20 5.21 5.22 \
    5.25 5.26 5.27 5.29 5.31 5.32; do
    expect $id good pass
done
expect_host 5.1 pass "swarm mode is not enabled"
expect_host 5.2 skipped "not available on this host"
expect_host 5.3 skipped "not available on this host"
# Manual checks are guidance, never a pass.
expect_host 5.23 manual
expect_host 5.24 manual
for id in 5.9 5.18 5.19 5.28 5.30; do expect $id good info; done
# Exactly one finding per rule for the one container: nothing leaks from other containers.
n=$(jq '[.findings[] | select(.target == "'"$P-good"'")] | length' <<<"$DD_OUT")
assert_eq "$n" 28 "findings naming the hardened container"
assert_eq "$(jq -r .meta.dockerVersion <<<"$DD_OUT")" \
    "$(docker version --format '{{.Server.Version}}')" "meta.dockerVersion"

# ---- each failing container fails its check, by exact id ----------------------------
bench_json plain
for id in 4.1 5.11 5.12 5.13 5.26 5.27 5.29; do expect $id plain fail; done
for id in 5.4 5.6 5.7 5.10 5.15 5.16 5.17 5.21 5.22 5.25 5.31 5.32; do expect $id plain pass; done
bench_json user00
expect 4.1 user00 fail # docker-bench-security passes --user 0:0
bench_json userroot
expect 4.1 userroot fail
bench_json capadd
expect 5.4 capadd fail
assert_contains "$DD_OUT" "NET_ADMIN" "5.4 names the capability"
bench_json etc
expect 5.6 etc fail
assert_contains "$DD_OUT" "mounts host /etc read-only at /hostetc" "5.6 message"
bench_json sshd
expect 5.7 sshd fail
assert_contains "$DD_OUT" "runs sshd: sshd 3600" "5.7 message from the process list"
expect 4.1 sshd pass # USER 65534:65534 in the image
# The same from the daemon's own process list (GET /containers/ID/top), as for a remote
# daemon; by default a local daemon's containers are read from /proc in one pass.
bench_json sshd --top-api
expect 5.7 sshd fail
assert_contains "$DD_OUT" "runs sshd: sshd 3600" "5.7 message from /top"
for c in good plain cgparent; do
    bench_json $c --top-api
    expect 5.7 $c pass
done
bench_json hostnet
expect 5.10 hostnet fail
bench_json restartalways
expect 5.15 restartalways fail # docker-bench-security passes "always"
bench_json restart10
expect 5.15 restart10 fail
bench_json hostpid
expect 5.16 hostpid fail
bench_json hostipc
expect 5.17 hostipc fail
bench_json hostuts
expect 5.21 hostuts fail
bench_json hostuser
expect 5.31 hostuser fail
bench_json seccomp
expect 5.22 seccomp fail
bench_json cgparent
expect 5.25 cgparent fail
bench_json sock
expect 5.32 sock fail
expect 5.6 sock pass
bench_json ports --include-stopped
expect 5.8 ports fail
expect 5.14 ports fail
expect 5.9 ports info
assert_contains "$DD_OUT" "maps privileged host port *:80 -> 80/tcp" "5.8 message"
bench_json ports6 --include-stopped
expect 5.14 ports6 fail # the IPv6 wildcard listens everywhere too
expect 5.8 ports6 pass
bench_json portslo --include-stopped
expect 5.14 portslo pass
expect 5.8 portslo pass
bench_json shared --include-stopped
expect 5.20 shared fail
bench_json stoppedgood --include-stopped
expect 5.7 stoppedgood pass
expect 5.13 stoppedgood pass

# ---- --include-stopped and --container ----------------------------------------------
run_dd bench --check 5.13 --container "$P-stoppedgood" --format json
assert_rc 2 "a stopped container without --include-stopped"
assert_contains "$DD_ERR" "--include-stopped" "hint for a stopped container"
run_dd bench --check 5.13 --container "$P-nosuch" --format json
assert_rc 2 "an unknown container"
assert_contains "$DD_ERR" "no such container" "unknown container message"
run_dd bench --check 5.13 --container "$P-good,$P-plain" --container "$P-etc" --format json
assert_eq "$(jq -r '[.findings[].target] | sort | join(" ")' <<<"$DD_OUT")" \
    "$P-etc $P-good $P-plain" "comma-separated and repeated --container"
id=$(docker inspect -f '{{.Id}}' "$P-good")
run_dd bench --check 5.13 --container "${id:0:12}" --format json
expect 5.13 good pass

# ---- -i / -x (docker-bench-security's container name filters) -------------------------
run_dd bench --check 5.13 -i "^$P-(good|plain)\$" --format json
assert_eq "$(jq -r '[.findings[].target] | sort | join(" ")' <<<"$DD_OUT")" \
    "$P-good $P-plain" "-i: only the containers whose name matches"
run_dd bench --check 5.13 -i "^$P-" -x "^$P-(good|plain|user.*|host.*|restart.*|capadd|etc|sshd)\$" --format json
left=$(jq -r --arg p "$P-" '[.findings[].target | select(startswith($p))] | map(ltrimstr($p)) | sort | join(" ")' <<<"$DD_OUT")
assert_contains "$left" "seccomp" "-x: what it does not match stays"
assert_eq "$left" \
    "$(docker ps --format '{{.Names}}' --filter name="^/$P-" | sed "s/^$P-//" |
        grep -Ev '^(good|plain|user.*|host.*|restart.*|capadd|etc|sshd)$' | sort | paste -sd' ')" \
    "-x leaves out what it matches"
run_dd bench --check 5.13 -x "("
assert_rc 2 "a bad pattern is a usage error"

# ---- --check / --skip ---------------------------------------------------------------
run_dd bench --check 5 --skip 5.1,5.2 --skip CIS-5.3 --container "$P-good" --format json
ids=$(jq -r '[.findings[].ruleId] | unique | length' <<<"$DD_OUT")
assert_eq "$ids" 29 "--check 5 minus three skipped"
assert_eq "$(jq '[.findings[] | select(.ruleId == "CIS-5.1")] | length' <<<"$DD_OUT")" 0 "5.1 skipped"
run_dd bench --check 5.1 --container "$P-good" --format json
assert_eq "$(jq -r '[.findings[].ruleId] | unique | join(",")' <<<"$DD_OUT")" "CIS-5.1" \
    "--check 5.1 does not select 5.10"
run_dd bench --check 5.99
assert_rc 2 "unknown check"

# ---- SARIF: one result per failing container, named -------------------------------
run_dd bench --check 5.11,5.13 --container "$P-plain" --container "$P-good" \
    --container "$P-hostpid" --format sarif
assert_rc 0 "sarif run"
sarif=$DD_OUT
fails=$(jq -r '.runs[0].results[] | select(.kind == "fail") |
    "\(.ruleId) \(.level) \(.locations[0].logicalLocations[0].name)"' <<<"$sarif" | sort)
assert_eq "$fails" "CIS-5.11 warning $P-hostpid
CIS-5.11 warning $P-plain
CIS-5.13 warning $P-hostpid
CIS-5.13 warning $P-plain" "SARIF failures, one per container"
passes=$(jq -r '.runs[0].results[] | select(.kind == "pass") |
    "\(.ruleId) \(.locations[0].logicalLocations[0].name)"' <<<"$sarif" | sort)
assert_eq "$passes" "CIS-5.11 $P-good
CIS-5.13 $P-good" "SARIF passes"
assert_eq "$(jq -r '.runs[0].results[0].ruleId | endswith("5.11") or endswith("5.13")' <<<"$sarif")" \
    true "SARIF ruleId ends with the CIS id"
assert_eq "$(jq -r '.version' <<<"$sarif")" "2.1.0" "SARIF version"

# ---- JUnit ------------------------------------------------------------------------
run_dd bench --check 5.11 --container "$P-plain" --container "$P-good" --format junit
if xmllint --noout - <<<"$DD_OUT" 2>"$DD_TMP/xml.err"; then ok; else
    fail "JUnit is not well-formed XML: $(cat "$DD_TMP/xml.err")"
fi
assert_contains "$DD_OUT" "CIS-5.11" "JUnit names the rule"
assert_contains "$DD_OUT" "<failure" "JUnit has the failure"
assert_contains "$DD_OUT" "$P-plain" "JUnit names the failing container"

# ---- text ----------------------------------------------------------------------------
run_dd bench --check 5.11 --container "$P-plain" --container "$P-good" --no-color
assert_contains "$DD_OUT" "[WARN] 5.11 - Ensure that the memory usage for containers is limited" "text header"
assert_contains "$DD_OUT" "* $P-plain: no memory limit" "text names the container"
assert_contains "$DD_OUT" "[INFO] 5 - Container Runtime Configuration" "section header"

# ---- --fail-on --------------------------------------------------------------------------
run_dd bench --check 5.11 --container "$P-plain" --fail-on medium --format json
assert_rc 1 "--fail-on medium with a medium failure"
run_dd bench --check 5.11 --container "$P-plain" --fail-on high --format json
assert_rc 0 "--fail-on high with only a medium failure"
run_dd bench --check 5.11 --container "$P-good" --fail-on low --format json
assert_rc 0 "--fail-on low on the hardened container"
run_dd bench --check 5.11 --container "$P-plain" --fail-on medium --format json -o "$DD_TMP/r.json"
assert_rc 1 "--fail-on with --output"
assert_eq "$(jq -r '.summary.fail' "$DD_TMP/r.json")" 1 "report written to --output"

# ---- section 4 images and 6 --------------------------------------------------------
run_dd bench --check 4.6,6 --format json
expect_img() {
    assert_eq "$(jq -r --arg t "$1" '[.findings[] | select(.ruleId == "CIS-4.6" and .target == $t) | .status] | join(",")' <<<"$DD_OUT")" \
        "$2" "CIS-4.6 on $1"
}
expect_img drydock-test/brt-sshd:latest pass
expect_img drydock-test/brt-base:latest fail
expect_host 6.1 info "images"
expect_host 6.2 info "containers"

done_tests
