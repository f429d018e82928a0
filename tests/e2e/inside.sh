#!/usr/bin/env bash
# `drydock inside` in real containers of the private dockerd: the static drydock-inside
# binary is copied into a FROM scratch image and run under each `docker run` flag
# combination of issue 12 (and a few more); every fact it reports is asserted against what
# `docker inspect` says about that container.
#   capabilities: bounding = Docker's default - CapDrop + CapAdd; effective empty for a
#                 non-root user
#   seccomp:      disabled with seccomp=unconfined; otherwise mount refused with EPERM,
#                 clone3 with ENOSYS, and with SYS_ADMIN mount allowed; a call the filter
#                 allows but a capability forbids (mknod without MKNOD) is listed apart
#   namespaces:   pid/net/ipc/uts/cgroup host exactly when PidMode/NetworkMode/... say so
#   the rest:     ReadonlyRootfs, User, no-new-privileges, Memory, PidsLimit, NanoCpus,
#                 a bind-mounted host directory, a reachable Docker socket, the container id
# --privileged cannot start on this VM (it lacks CAP_SYS_RESOURCE), so it is not run.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
INSIDE=$DD_BUILD/drydock-inside
[ -x "$INSIDE" ] || skip_or_fail "$INSIDE was not built (CMake option DD_STATIC_INSIDE, static archives)"
command -v jq >/dev/null || skip_or_fail "jq is missing"

IMG=drydock-test/inside-e2e-$$
P=inside-e2e-$$
at_exit "docker ps -aq --filter name=^/$P- | xargs -r docker rm -f; docker rmi -f $IMG"
mkdir -p "$DD_TMP/img"
cp "$INSIDE" "$DD_TMP/img/drydock-inside"
printf 'FROM scratch\nCOPY drydock-inside /drydock-inside\nENTRYPOINT ["/drydock-inside"]\n' \
    >"$DD_TMP/img/Dockerfile"
docker build -q --network host -t "$IMG" "$DD_TMP/img" >/dev/null 2>"$DD_TMP/build.err" ||
    skip_or_fail "cannot build the inside image: $(cat "$DD_TMP/build.err")"

DEFAULT_CAPS="AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE NET_RAW SETFCAP SETGID SETPCAP SETUID SYS_CHROOT"
SOCK=${DD_TEST_DOCKER_HOST#unix://}

# inside NAME DOCKER-RUN-ARGS... : run drydock-inside in a fresh container; its JSON report
# is in $DD_TMP/NAME.json and `docker inspect` of the container in $DD_TMP/NAME.inspect.
inside() {
    local name=$1
    shift
    docker run --name "$P-$name" "$@" "$IMG" --format json >"$DD_TMP/$name.json" 2>"$DD_TMP/$name.err"
    local rc=$?
    docker inspect "$P-$name" | jq '.[0]' >"$DD_TMP/$name.inspect"
    # Findings at or above --fail-on decide the exit code; without it only errors fail.
    [ $rc -eq 0 ] || fail "$name: drydock-inside exited $rc: $(head -c 500 "$DD_TMP/$name.err")"
    jq -e .meta "$DD_TMP/$name.json" >/dev/null || fail "$name: no JSON report"
}
fact() { jq -r "$2" "$DD_TMP/$1.json"; }
spec() { jq -r "$2" "$DD_TMP/$1.inspect"; }
verdict() { jq -r --arg id "$2" '.findings[] | select(.ruleId == $id) | .status' "$DD_TMP/$1.json"; }

# The bounding set Docker gives: its default, minus --cap-drop (ALL drops all), plus --cap-add.
expected_caps() {
    local name=$1 drop add
    drop=$(spec "$name" '(.HostConfig.CapDrop // [])[]' | sed 's/^CAP_//')
    add=$(spec "$name" '(.HostConfig.CapAdd // [])[]' | sed 's/^CAP_//')
    {
        if ! grep -qx ALL <<<"$drop"; then
            for c in $DEFAULT_CAPS; do grep -qx "$c" <<<"$drop" || echo "$c"; done
        fi
        for c in $add; do echo "$c"; done
    } | sort -u | xargs
}

# check_common NAME: the facts every container's report must get right.
check_common() {
    local n=$1
    assert_eq "$(fact "$n" .meta.runtime.name)" docker "$n: runtime"
    assert_eq "$(fact "$n" .meta.runtime.containerId)" "$(spec "$n" .Id)" "$n: container id"
    assert_eq "$(fact "$n" '.meta.capabilities.bounding | sort | join(" ")')" "$(expected_caps "$n")" \
        "$n: bounding set against CapAdd/CapDrop"
    local mode=own
    for ns in pid:PidMode net:NetworkMode ipc:IpcMode uts:UTSMode cgroup:CgroupnsMode; do
        mode=own
        [ "$(spec "$n" ".HostConfig.${ns#*:}")" = host ] && mode=host
        assert_eq "$(fact "$n" ".meta.namespaces.${ns%%:*}.state")" "$mode" "$n: ${ns%%:*} namespace"
    done
    # No userns-remap on the test daemon: every container shares the host's user namespace.
    assert_eq "$(fact "$n" .meta.namespaces.user.state)" host "$n: user namespace"
    assert_eq "$(fact "$n" .meta.namespaces.mnt.state)" own "$n: mnt namespace"
    assert_eq "$(fact "$n" .meta.readOnlyRootfs)" "$(spec "$n" .HostConfig.ReadonlyRootfs)" "$n: read-only rootfs"
    local nnp=false
    spec "$n" '(.HostConfig.SecurityOpt // [])[]' | grep -q '^no-new-privileges' && nnp=true
    assert_eq "$(fact "$n" .meta.noNewPrivs)" "$nnp" "$n: no_new_privs"
    local uid
    uid=$(spec "$n" .Config.User)
    assert_eq "$(fact "$n" .meta.user.uid)" "${uid:-0}" "$n: uid"
    local sc=filter
    spec "$n" '(.HostConfig.SecurityOpt // [])[]' | grep -q '^seccomp=unconfined' && sc=disabled
    assert_eq "$(fact "$n" .meta.seccomp.mode)" "$sc" "$n: seccomp mode"
    assert_eq "$(fact "$n" .meta.seccomp.probed)" true "$n: seccomp probed ($(fact "$n" .meta.seccomp.probeError))"
    local mem pids
    mem=$(spec "$n" .HostConfig.Memory)
    [ "$mem" = 0 ] && mem=max
    assert_eq "$(fact "$n" .meta.cgroup.memoryLimit)" "$mem" "$n: memory limit"
    pids=$(spec "$n" '.HostConfig.PidsLimit // 0')
    [ "$pids" -le 0 ] && pids=max
    assert_eq "$(fact "$n" .meta.cgroup.pidsLimit)" "$pids" "$n: pids limit"
}

blocked_errno() { jq -r --arg s "$2" '.meta.seccomp.blocked[] | select(.syscall == $s) | .errno' "$DD_TMP/$1.json"; }
capgated() { jq -r --arg s "$2" '.meta.seccomp.allowedButNeedCapability[] | select(.syscall == $s) | .capability' "$DD_TMP/$1.json"; }

inside default --network none
check_common default
assert_eq "$(blocked_errno default mount)" EPERM "default: mount refused by Docker's filter"
assert_eq "$(blocked_errno default clone3)" ENOSYS "default: clone3 answers ENOSYS"
assert_eq "$(blocked_errno default 'clone(CLONE_NEWUSER)')" EPERM "default: namespace clone refused"
assert_eq "$(blocked_errno default read)" "" "default: read is allowed"
assert_eq "$(capgated default mknod)" "" "default: mknod has MKNOD"
assert_eq "$(verdict default INSIDE-5.22)" pass "default: 5.22 seccomp verdict"
assert_eq "$(verdict default INSIDE-5.4)" pass "default: 5.4 capabilities verdict"
assert_eq "$(verdict default INSIDE-5.13)" fail "default: 5.13 writable rootfs"
assert_eq "$(verdict default INSIDE-5.2)" skipped "default: no AppArmor on this host"
assert_contains "$(jq -r '.findings[] | select(.ruleId=="INSIDE-5.2") | .message' "$DD_TMP/default.json")" \
    "not available on this host" "default: AppArmor said plainly"

inside capdrop --network none --cap-drop ALL
check_common capdrop
assert_eq "$(fact capdrop '.meta.capabilities.effective | length')" 0 "capdrop: no effective capability"
# Told apart: chroot is refused by the filter itself (Docker's profile adds it only with
# SYS_CHROOT), mknod is allowed by the filter and refused by the kernel for lack of MKNOD.
assert_eq "$(blocked_errno capdrop chroot)" EPERM "capdrop: chroot refused by the filter"
assert_eq "$(capgated capdrop mknod)" MKNOD "capdrop: mknod allowed by the filter, needs MKNOD"
assert_eq "$(blocked_errno capdrop mknod)" "" "capdrop: mknod not counted as a seccomp block"

inside sysadmin --network none --cap-add SYS_ADMIN
check_common sysadmin
assert_eq "$(blocked_errno sysadmin mount)" "" "sysadmin: Docker's filter allows mount with SYS_ADMIN"
assert_eq "$(blocked_errno sysadmin 'clone(CLONE_NEWUSER)')" "" "sysadmin: namespace clone allowed"
assert_eq "$(verdict sysadmin INSIDE-5.4)" fail "sysadmin: 5.4 fails"
assert_contains "$(fact sysadmin '.meta.capabilities.dangerous[].name')" SYS_ADMIN "sysadmin: SYS_ADMIN called dangerous"

inside unconfined --network none --security-opt seccomp=unconfined
check_common unconfined
assert_eq "$(fact unconfined '.meta.seccomp.blocked | length')" 0 "unconfined: nothing blocked"
assert_eq "$(verdict unconfined INSIDE-5.22)" fail "unconfined: 5.22 fails"

inside pidhost --network none --pid host
check_common pidhost
assert_eq "$(verdict pidhost INSIDE-5.16)" fail "pidhost: 5.16 fails"

inside readonly --network none --read-only
check_common readonly
assert_eq "$(verdict readonly INSIDE-5.13)" pass "readonly: 5.13 passes"

inside user1000 --network none --user 1000
check_common user1000
assert_eq "$(fact user1000 '.meta.capabilities.effective | length')" 0 "user1000: no effective capability"

inside nnp --network none --security-opt no-new-privileges
check_common nnp
assert_eq "$(verdict nnp INSIDE-5.26)" pass "nnp: 5.26 passes"

# Beyond the issue's list: limits, host namespaces, a host directory and the socket.
inside limits --network none --memory 64m --pids-limit 50 --cpus 0.5
check_common limits
assert_eq "$(fact limits .meta.cgroup.cpuQuotaUs)/$(fact limits .meta.cgroup.cpuPeriodUs)" \
    "$(($(spec limits .HostConfig.NanoCpus) / 10000))/100000" "limits: CPU quota from NanoCpus"
assert_eq "$(verdict limits INSIDE-5.11)/$(verdict limits INSIDE-5.12)/$(verdict limits INSIDE-5.29)" \
    pass/pass/pass "limits: 5.11, 5.12, 5.29 pass"

inside hostns --network host --ipc host --uts host
check_common hostns
assert_eq "$(verdict hostns INSIDE-5.10)/$(verdict hostns INSIDE-5.17)/$(verdict hostns INSIDE-5.21)" \
    fail/fail/fail "hostns: 5.10, 5.17, 5.21 fail"

inside mounts --network none -v /etc:/hostetc:ro -v "$SOCK:/var/run/docker.sock"
check_common mounts
assert_eq "$(fact mounts '.meta.reachable.hostMounts[] | select(.target == "/hostetc") | .root + " " + (.readOnly|tostring)')" \
    "/etc true" "mounts: host /etc seen read-only at /hostetc"
assert_eq "$(fact mounts '.meta.reachable.runtimeSockets | join(" ")')" /var/run/docker.sock \
    "mounts: the Docker socket is reachable"
assert_eq "$(verdict mounts INSIDE-5.6)/$(verdict mounts INSIDE-5.32)" fail/fail "mounts: 5.6 and 5.32 fail"

# Text for people and --fail-on, from the same binary.
docker run --rm --network none "$IMG" --no-color --fail-on critical >"$DD_TMP/text" 2>&1
assert_eq "$?" 0 "text: nothing critical in a default container"
assert_contains "$(cat "$DD_TMP/text")" "ENOSYS: clone3" "text: refused calls grouped by errno"
docker run --rm --network none -v "$SOCK:/var/run/docker.sock" "$IMG" --no-color --fail-on critical \
    >"$DD_TMP/text" 2>&1
assert_eq "$?" 1 "text: --fail-on critical with the Docker socket mounted"

# Its rules are listed like every command's, the --command names taken from the tables.
run_dd rules -c inside --format json
assert_rc 0 "drydock rules -c inside"
assert_eq "$(jq -r '[.rules[].id] | "\(length) \(first) \(last)"' <<<"$DD_OUT")" "18 INSIDE-5.2 INSIDE-5.32" "the 18 INSIDE rows"
run_dd rules -c nope
assert_rc 2 "an unknown --command"
assert_contains "$DD_ERR" "--command takes one of bench, lint, scan, inside, watch, not 'nope'" "the commands that have rules"

done_tests
