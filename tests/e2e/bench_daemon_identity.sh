#!/usr/bin/env bash
# `drydock bench` audits the daemon it talks to, not whatever process calls itself dockerd,
# and what that daemon states in /info wins over files it never applied.
#
# Real processes, beside the private test daemon:
#   - a socket-activated dockerd, started the way systemd starts it on Debian/Ubuntu
#     (systemd-socket-activate -l SOCK dockerd -H fd://), with its own --config-file;
#   - a look-alike: a copy of bash named dockerd, run as uid 1000 without -H and with
#     hardening flags and a --config-file of its own. Before the fix it outranked the
#     real daemon ("no -H" beat "-H fd://") and made 2.1, 2.14, 2.16 pass.
# Facts of the running daemon (its /info, its default bridge's options, its docker-proxy
# children) win over a daemon.json edit it never applied.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
command -v systemd-socket-activate >/dev/null ||
    skip_or_fail "systemd-socket-activate is not installed (package systemd)"
command -v setpriv >/dev/null || skip_or_fail "setpriv is not installed (util-linux)"
[ "$(id -u)" = 0 ] || skip_or_fail "starting a dockerd needs root"

# A short directory: unix socket paths are limited to 107 bytes.
D=$(mktemp -d /tmp/dd-sa.XXXXXX)
chmod 755 "$D"
SOCK=$D/docker.sock
printf '{\n  "live-restore": false\n}\n' >"$D/daemon.json"
# Its default bridge is a bridge interface of its own (never docker0), so 2.2 can read
# what the running daemon applied (the bridge network's enable_icc option).
command -v ip >/dev/null || skip_or_fail "ip is not installed (iproute2)"
BR=ddsa$$
ip link add "$BR" type bridge && ip addr add 10.213.77.1/24 dev "$BR" ||
    skip_or_fail "cannot create the bridge interface $BR"
systemd-socket-activate -l "$SOCK" dockerd -H fd:// --config-file "$D/daemon.json" \
    --data-root "$D/data" --exec-root "$D/exec" --pidfile "$D/pid" --storage-driver vfs \
    --iptables=false --ip-masq=false --bridge "$BR" --containerd-namespace dd-sa \
    --containerd-plugins-namespace dd-sa-plugins </dev/null >"$D/dockerd.log" 2>&1 &
SA=$!
at_exit "kill $SA; for i in \$(seq 100); do kill -0 $SA 2>/dev/null || break; sleep 0.1; done; kill -9 $SA; rm -rf '$D'; ip link del $BR"
# The first connection makes systemd-socket-activate exec dockerd in its own process.
up=
for _ in $(seq 1 300); do
    if curl -sf --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$SA" 2>/dev/null || break
    sleep 0.2
done
[ -n "$up" ] || skip_or_fail "the socket-activated dockerd did not come up: $(tail -5 "$D/dockerd.log")"
assert_eq "$(cat /proc/$SA/comm)" dockerd "systemd-socket-activate execs dockerd in place"

# The look-alike.
mkdir -p "$D/fake"
chmod 755 "$D/fake"
cp "$(command -v bash)" "$D/fake/dockerd"
echo '{"log-level": "debug", "live-restore": true}' >"$D/fake/evil.json"
setpriv --reuid=1000 --regid=1000 --clear-groups "$D/fake/dockerd" -c 'sleep 3600; :' \
    --icc=false --userns-remap=default --no-new-privileges --userland-proxy=false \
    --live-restore --authorization-plugin=authz --config-file "$D/fake/evil.json" \
    </dev/null >/dev/null 2>&1 &
FAKE=$!
# Its sleep first, then itself: an orphaned sleep would hold the test's output open.
at_exit "pkill -P $FAKE; kill $FAKE"
for _ in $(seq 1 100); do
    [ "$(cat /proc/$FAKE/comm 2>/dev/null)" = dockerd ] && [ "$(awk '/^Uid/ {print $3}' /proc/$FAKE/status)" = 1000 ] && break
    sleep 0.05
done
assert_eq "$(cat /proc/$FAKE/comm)" dockerd "the look-alike runs as a process named dockerd"

# As a user on such a host talks to it: through DOCKER_HOST.
DOCKER_HOST="unix://$SOCK" run_dd bench --check 2 --format json
assert_rc 0 "bench of the socket-activated daemon"
st() { jq -r --arg id "$1" '[.findings[] | select(.ruleId == $id) | .status] | join(" ")' <<<"$DD_OUT"; }
msgs() { jq -r --arg id "$1" '[.findings[] | select(.ruleId == $id) | .message] | join(" | ")' <<<"$DD_OUT"; }
# The real daemon's command line is read: it sets none of the look-alike's flags.
assert_eq "$(st CIS-2.14)" fail "2.14 from the real daemon"
assert_eq "$(st CIS-2.16)" fail "2.16 from the real daemon"
assert_eq "$(st CIS-2.2)" fail "2.2: the look-alike's --icc=false does not count"
assert_contains "$(msgs CIS-2.2)" "enabled on the default bridge (docker network inspect bridge" "2.2 from what the running daemon applied"
assert_contains "$(msgs CIS-2.3)" "/proc/$SA/cmdline" "the command line of the socket's listener"
assert_not_contains "$(st CIS-2.1)" pass "2.1: the real daemon runs as root"
assert_contains "$(msgs CIS-2.1)" "dockerd (pid $SA) runs as root" "2.1 names the real daemon"
assert_contains "$(msgs CIS-2.1)" "named dockerd ignored" "the look-alike is counted and ignored"
# Its --config-file is never read; the real daemon's is.
assert_not_contains "$DD_OUT" "evil.json" "the look-alike's --config-file"
assert_eq "$(st CIS-2.3)" pass "2.3: log level from the real configuration"
assert_contains "$(msgs CIS-2.3)" "$D/daemon.json" "the real --config-file"

# /info wins over an edit of daemon.json that was never applied (dockerd not restarted),
# and the disagreement is an INFO line of its own.
printf '{\n  "live-restore": true,\n  "userns-remap": "default",\n  "icc": false\n}\n' >"$D/daemon.json"
DOCKER_HOST="unix://$SOCK" run_dd bench --check 2.2,2.9,2.15 --format json
assert_eq "$(st CIS-2.2)" "fail info" "2.2: the default bridge still allows icc"
assert_contains "$(msgs CIS-2.2)" "inter-container communication is enabled on the default bridge (docker network inspect bridge: com.docker.network.bridge.enable_icc=true)" "2.2 verdict from the running daemon"
assert_contains "$(msgs CIS-2.2)" "the configuration says icc disabled" "2.2 mismatch"
assert_eq "$(st CIS-2.15)" "fail info" "2.15: docker info says live restore is off"
assert_contains "$(msgs CIS-2.15)" "live restore is disabled (docker info)" "2.15 verdict"
assert_contains "$(msgs CIS-2.15)" "the configuration says live restore enabled" "2.15 mismatch"
assert_eq "$(st CIS-2.9)" "fail info" "2.9: docker info has no userns"
assert_contains "$(msgs CIS-2.9)" "the running daemon reports userns-remap off" "2.9 mismatch"
assert_eq "$(jq -r '.findings[] | select(.ruleId == "CIS-2.15" and .status == "info") | .location.path' <<<"$DD_OUT")" \
    "$D/daemon.json" "the mismatch points at the file"

# A published port: the daemon runs a docker-proxy child, so the userland proxy is on
# whatever a daemon.json edit says (2.16 judged from the process, not the file).
need_image drydock-test/busybox
docker save drydock-test/busybox | docker -H "unix://$SOCK" load -q >/dev/null || fail "busybox into the socket-activated daemon"
docker -H "unix://$SOCK" run -d --name dd-sa-proxy -p 127.0.0.1::8080 drydock-test/busybox sleep 3600 >/dev/null ||
    fail "a container with a published port"
at_exit "docker -H unix://$SOCK rm -f dd-sa-proxy"
printf '{\n  "userland-proxy": false\n}\n' >"$D/daemon.json"
DOCKER_HOST="unix://$SOCK" run_dd bench --check 2.16 --format json
assert_eq "$(st CIS-2.16)" "fail info" "2.16: a docker-proxy child of the real daemon"
assert_contains "$(msgs CIS-2.16)" "the userland proxy is enabled: 1 docker-proxy process of dockerd (pid $SA)" "2.16 verdict from the process table"
assert_contains "$(msgs CIS-2.16)" "the configuration says userland-proxy false" "2.16 mismatch"

# The private test daemon, started with -H unix://..., is still the one for its socket.
run_dd bench -H "$DD_TEST_DOCKER_HOST" --check 2.2 --format json
assert_contains "$(msgs CIS-2.2)" "--bridge=none on the dockerd command line" "private daemon"
assert_not_contains "$(msgs CIS-2.2)" "/proc/$SA/" "not the socket-activated one"

done_tests
