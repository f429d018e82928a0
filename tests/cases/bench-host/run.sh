#!/usr/bin/env bash
# CIS sections 1-3 and `drydock harden` against fixture host trees (--root).
#
# Trees are built at test time because git keeps neither modes nor owners. The daemon is
# made unreachable (DOCKER_HOST points at a socket that does not exist), as in the
# "daemon unreachable" scenario: sections 1-3 must be judged from the files alone. Every
# tree has its own (possibly empty) proc/ so the real /proc of this machine never leaks
# into a case.
set -uo pipefail
: "${DRYDOCK:?run through ctest (DRYDOCK=path/to/drydock)}"
command -v jq >/dev/null || { echo "SKIP: jq is not installed" >&2; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/dd-bench-host.XXXXXX")
trap 'rm -rf "$T"' EXIT
export DOCKER_HOST="unix://$T/no-daemon.sock"
unset DOCKER_TLS_VERIFY DOCKER_CERT_PATH
export NO_COLOR=1

IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1
failures=0
checks=0
fail() { echo "FAIL [$CASE]: $*" >&2; failures=$((failures + 1)); }

mksock() { # a real unix socket, as dockerd would leave it
    python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$1" 2>/dev/null ||
        : >"$1"
}

# base TREE: a plain, well configured Debian-like host with Docker installed and stopped.
base() {
    local r=$1
    mkdir -p "$r"/proc "$r"/etc/docker "$r"/lib/systemd/system "$r"/run "$r"/var/lib/docker \
        "$r"/usr/bin "$r"/etc/default "$r"/etc/audit/rules.d
    ln -s /run "$r"/var/run # absolute: must resolve inside the tree
    printf 'root:x:0:\ndocker:x:998:\n' >"$r"/etc/group
    printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r"/etc/passwd
    printf '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n' \
        >"$r"/lib/systemd/system/docker.service
    printf '[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\n' >"$r"/lib/systemd/system/docker.socket
    printf 'DOCKER_OPTS=\n' >"$r"/etc/default/docker
    : >"$r"/usr/bin/dockerd
    : >"$r"/usr/bin/runc
    mksock "$r"/run/docker.sock
    chmod 644 "$r"/lib/systemd/system/docker.service "$r"/lib/systemd/system/docker.socket \
        "$r"/etc/default/docker
    chmod 755 "$r"/etc/docker
    chmod 660 "$r"/run/docker.sock
    if [ $IS_ROOT = 1 ]; then
        chown -R 0:0 "$r"
        chown 0:998 "$r"/run/docker.sock
    fi
}

# fake_proc TREE PID UID ARGV...: a process in ROOT/proc as the kernel shows it: comm,
# cmdline, the uids in status and the exe link. Only root's dockerd is trusted.
fake_proc() {
    local r=$1 pid=$2 uid=$3
    shift 3
    mkdir -p "$r/proc/$pid"
    printf '%s\n' "$(basename "$1")" >"$r/proc/$pid/comm"
    printf '%s\0' "$@" >"$r/proc/$pid/cmdline"
    printf 'Name:\t%s\nUid:\t%s\t%s\t%s\t%s\n' "$(basename "$1")" "$uid" "$uid" "$uid" "$uid" \
        >"$r/proc/$pid/status"
    ln -sfn "$1" "$r/proc/$pid/exe"
}

# dockerd_args TREE ARG...: a running dockerd with this command line (ROOT/proc/PID/cmdline).
dockerd_args() {
    local r=$1
    shift
    fake_proc "$r" 4242 0 /usr/bin/dockerd "$@"
}

OUT=
RC=
bench() { # bench TREE [extra args]
    local r=$1
    shift
    OUT=$("$DRYDOCK" bench --root "$r" --check 1,2,3 --format json "$@" 2>"$T/stderr")
    RC=$?
    if ! jq -e . >/dev/null 2>&1 <<<"$OUT"; then
        fail "not JSON (exit $RC): $(head -c 300 <<<"$OUT") $(cat "$T/stderr")"
        OUT='{"findings":[]}'
    fi
}

# expect RULE STATUS [TARGET]: the statuses of RULE's findings (for TARGET) are exactly STATUS
# (several findings: space separated, in report order).
expect() {
    checks=$((checks + 1))
    local got
    if [ $# -ge 3 ]; then
        got=$(jq -r --arg id "$1" --arg t "$3" \
            '[.findings[] | select(.ruleId == $id and .target == $t) | .status] | join(" ")' <<<"$OUT")
    else
        got=$(jq -r --arg id "$1" '[.findings[] | select(.ruleId == $id) | .status] | join(" ")' <<<"$OUT")
    fi
    [ "$got" = "$2" ] || fail "$1${3:+ ($3)}: expected '$2', got '$got': $(msg "$1")"
}
msg() { jq -r --arg id "$1" '[.findings[] | select(.ruleId == $id) | .message] | join(" | ")' <<<"$OUT"; }
# expect_msg RULE SUBSTRING
expect_msg() {
    checks=$((checks + 1))
    local m
    m=$(msg "$1")
    [[ "$m" == *"$2"* ]] || fail "$1: message lacks '$2': $m"
}
expect_rc() {
    checks=$((checks + 1))
    [ "$RC" = "$1" ] || fail "exit status $RC, expected $1 ($(cat "$T/stderr"))"
}

# --- 3.x modes compared as bitmasks: 606 is not "644 or stricter" ----------------------
CASE=modes
R=$T/modes
base "$R"
echo '{"icc": false}' >"$R"/etc/docker/daemon.json
chmod 606 "$R"/etc/docker/daemon.json
chmod 606 "$R"/lib/systemd/system/docker.service
chmod 600 "$R"/lib/systemd/system/docker.socket
chmod 757 "$R"/etc/docker
bench "$R"
expect_rc 0
expect CIS-3.18 fail
expect_msg CIS-3.18 "mode 606 grants 002 beyond 644"
expect CIS-3.2 fail
expect CIS-3.4 pass
expect CIS-3.6 fail
expect CIS-3.16 pass # /var/run/docker.sock through the absolute /var/run -> /run link
expect_msg CIS-3.16 "$R/var/run/docker.sock has mode 660"
expect CIS-3.20 pass
expect CIS-3.21 info # /etc/sysconfig/docker absent: not applicable
expect_msg CIS-3.21 "File not found"
expect CIS-3.23 info
expect CIS-3.7 info
chmod 644 "$R"/etc/docker/daemon.json
chmod 640 "$R"/lib/systemd/system/docker.service
chmod 755 "$R"/etc/docker
bench "$R"
expect CIS-3.18 pass
expect CIS-3.2 pass
expect CIS-3.6 pass
chmod 600 "$R"/etc/docker/daemon.json
chmod 4755 "$R"/lib/systemd/system/docker.service
chmod 666 "$R"/run/docker.sock
bench "$R"
expect CIS-3.18 pass
expect CIS-3.2 fail # setuid bit counts
expect CIS-3.16 fail

# --- owners (needs root to chown) -------------------------------------------------------
if [ $IS_ROOT = 1 ]; then
    CASE=owners
    R=$T/owners
    base "$R"
    echo '{}' >"$R"/etc/docker/daemon.json
    chown 1000:1000 "$R"/etc/docker/daemon.json
    chown 0:5 "$R"/lib/systemd/system/docker.socket
    bench "$R"
    expect CIS-3.17 fail
    expect_msg CIS-3.17 "1000:1000, expected root:root"
    expect CIS-3.1 pass
    expect CIS-3.3 fail
    expect CIS-3.5 pass
    expect CIS-3.15 pass # root:docker (gid 998 from the tree's /etc/group)
    chown 0:0 "$R"/run/docker.sock "$R"/etc/docker/daemon.json
    bench "$R"
    expect CIS-3.15 fail
    expect CIS-3.17 pass
    sed -i '/^docker:/d' "$R"/etc/group
    bench "$R"
    expect CIS-3.15 fail
    expect_msg CIS-3.15 "there is no group 'docker'"
    expect CIS-1.1.2 info
else
    echo "note: not root, owner cases skipped" >&2
fi

# --- 1.1.2 docker group members --------------------------------------------------------
CASE=group
R=$T/group
base "$R"
printf 'root:x:0:\ndocker:x:998:alice,bob\n' >"$R"/etc/group
printf 'root:x:0:0::/root:/bin/sh\ncarol:x:1003:998::/home/carol:/bin/sh\n' >"$R"/etc/passwd
bench "$R"
expect CIS-1.1.2 info
expect_msg CIS-1.1.2 "alice,bob,carol"
# -u: the users the operator trusts are no finding (docker-bench-security's -u)
bench "$R" -u alice,bob,carol
expect CIS-1.1.2 pass
bench "$R" --trusted-users alice # once the operator has said who is trusted, the rest fail
expect CIS-1.1.2 fail
expect_msg CIS-1.1.2 "untrusted users in group 'docker': bob, carol"
printf 'docker:x:998:\n' >"$R"/etc/group
printf 'root:x:0:0::/root:/bin/sh\n' >"$R"/etc/passwd
bench "$R"
expect CIS-1.1.2 pass

# --- icc false vs missing -----------------------------------------------------------------
CASE=icc
R=$T/icc
base "$R"
bench "$R"
expect CIS-2.2 fail
expect_msg CIS-2.2 "enabled by default"
expect CIS-3.17 info # no daemon.json
echo '{"icc": false}' >"$R"/etc/docker/daemon.json
chmod 644 "$R"/etc/docker/daemon.json
bench "$R"
expect CIS-2.2 pass
expect_msg CIS-2.2 "\"icc\": false in $R/etc/docker/daemon.json:1"
printf '{\n  "log-level": "info",\n  "icc": true\n}\n' >"$R"/etc/docker/daemon.json
bench "$R"
expect CIS-2.2 fail
checks=$((checks + 1))
[ "$(jq -r '.findings[] | select(.ruleId=="CIS-2.2") | "\(.location.path):\(.location.line)"' <<<"$OUT")" = \
    "$R/etc/docker/daemon.json:3" ] || fail "CIS-2.2 location: $(jq -c '.findings[] | select(.ruleId=="CIS-2.2") | .location' <<<"$OUT")"

# --- TLS: tcp host in flags without TLS fails; TLS in daemon.json passes ------------------
CASE=tls
R=$T/tls
base "$R"
dockerd_args "$R" -H fd:// -H tcp://0.0.0.0:2375
bench "$R"
expect CIS-2.7 fail tcp://0.0.0.0:2375
expect_msg CIS-2.7 "without TLS"
expect CIS-3.9 info
mkdir -p "$R"/etc/docker/tls
for f in ca.pem server.pem server-key.pem; do echo x >"$R/etc/docker/tls/$f"; done
chmod 444 "$R"/etc/docker/tls/ca.pem "$R"/etc/docker/tls/server.pem
chmod 640 "$R"/etc/docker/tls/server-key.pem
cat >"$R"/etc/docker/daemon.json <<'EOF'
{
  "tlsverify": true,
  "tlscacert": "/etc/docker/tls/ca.pem",
  "tlscert": "/etc/docker/tls/server.pem",
  "tlskey": "/etc/docker/tls/server-key.pem"
}
EOF
bench "$R"
expect CIS-2.7 pass tcp://0.0.0.0:2375
expect CIS-3.10 pass
expect CIS-3.12 pass
expect CIS-3.14 fail # 640 is not 400
expect_msg CIS-3.14 "mode 640 grants 240 beyond 400"
chmod 400 "$R"/etc/docker/tls/server-key.pem
bench "$R"
expect CIS-3.14 pass
[ $IS_ROOT = 1 ] && expect CIS-3.13 pass
# TLS without verification is still a failure.
echo '{"tls": true, "tlscert": "/etc/docker/tls/server.pem", "tlskey": "/etc/docker/tls/server-key.pem"}' \
    >"$R"/etc/docker/daemon.json
bench "$R"
expect CIS-2.7 fail tcp://0.0.0.0:2375
expect_msg CIS-2.7 "without client verification"

# --- IPv6 wildcard -------------------------------------------------------------------------
CASE=ipv6
R=$T/ipv6
base "$R"
dockerd_args "$R" --host=unix:///run/docker.sock -H [::]:2375
bench "$R"
expect CIS-2.7 fail "[::]:2375"
expect_msg CIS-2.7 "all IPv4 and IPv6 interfaces"
expect CIS-3.16 pass # the unix socket from -H, through /run

# --- hosts only in daemon.json: seen too -------------------------------------------------------
CASE=hosts-file
R=$T/hosts-file
base "$R"
echo '{"hosts": ["unix:///run/docker.sock", "tcp://:2376"]}' >"$R"/etc/docker/daemon.json
# The classic mistake: docker.service passes -H fd:// and daemon.json sets hosts too.
bench "$R"
expect CIS-2.7 fail
expect_msg CIS-2.7 "hosts is set both on the dockerd command line (--host=[\"fd://\"])"
printf '[Service]\nExecStart=/usr/bin/dockerd\n' >"$R"/lib/systemd/system/docker.service
bench "$R"
expect CIS-2.7 fail tcp://:2376
expect_msg CIS-2.7 "all interfaces"

# --- cgroup-parent in daemon.json ----------------------------------------------------------
CASE=cgroup-parent
R=$T/cgroup
base "$R"
printf '{\n  "cgroup-parent": "/mydocker"\n}\n' >"$R"/etc/docker/daemon.json
bench "$R"
expect CIS-2.10 fail
expect_msg CIS-2.10 "\"cgroup-parent\": /mydocker in $R/etc/docker/daemon.json:2"
rm "$R"/etc/docker/daemon.json
bench "$R"
expect CIS-2.10 pass

# --- the same setting as a flag and in daemon.json: dockerd would refuse to start ----------
CASE=conflict
R=$T/conflict
base "$R"
dockerd_args "$R" --icc=false --live-restore
printf '{\n  "icc": false,\n  "userland-proxy": false\n}\n' >"$R"/etc/docker/daemon.json
bench "$R"
expect CIS-2.2 fail
expect_msg CIS-2.2 "set both on the dockerd command line (--icc=false) and in $R/etc/docker/daemon.json"
expect CIS-2.15 pass # only a flag
expect CIS-2.16 pass # only in the file

# --- malformed daemon.json: an error naming file and line, the other checks go on ----------
CASE=malformed
R=$T/malformed
base "$R"
printf '{\n  "icc": false,\n  "live-restore": true\n  "log-level": "info"\n}\n' >"$R"/etc/docker/daemon.json
chmod 606 "$R"/etc/docker/daemon.json
bench "$R"
expect_rc 3
expect CIS-2.2 error
expect_msg CIS-2.2 "$R/etc/docker/daemon.json:4:"
checks=$((checks + 1))
[ "$(jq -r '.findings[] | select(.ruleId=="CIS-2.2") | .location.line' <<<"$OUT")" = 4 ] ||
    fail "CIS-2.2 should point at line 4"
expect CIS-2.15 error
expect CIS-3.18 fail # file checks go on
expect CIS-3.2 pass
expect CIS-1.1.3 fail
expect CIS-1.2.1 manual
checks=$((checks + 1))
[ "$(jq '.findings | length' <<<"$OUT")" -ge 62 ] || fail "fewer findings than checks"

# --- audit rules present in rules.d vs missing ------------------------------------------------
CASE=audit
R=$T/audit
base "$R"
echo '{}' >"$R"/etc/docker/daemon.json
bench "$R"
expect CIS-1.1.3 fail
expect CIS-1.1.6 fail
cat >"$R"/etc/audit/rules.d/docker.rules <<'EOF'
# docker
-w /usr/bin/dockerd -k docker
-a always,exit -F path=/run/containerd -F perm=war -k docker
-w /etc/docker -p wa -k docker
# -w /usr/bin/runc -k docker
EOF
bench "$R"
expect CIS-1.1.3 pass
expect_msg CIS-1.1.3 "$R/etc/audit/rules.d/docker.rules:2"
expect CIS-1.1.4 pass
expect CIS-1.1.6 pass
expect CIS-1.1.11 pass # covered by the watch on /etc/docker
expect_msg CIS-1.1.11 "parent directory"
expect CIS-1.1.5 fail  # /var/lib/docker exists, not watched
expect CIS-1.1.18 fail # commented out does not count
expect CIS-1.1.13 info # /etc/sysconfig/docker does not exist
expect CIS-1.1.7 fail
# A watch on /var/lib/docker2 must not cover /var/lib/docker (no prefix matching).
echo '-w /var/lib/docker2 -k docker' >"$R"/etc/audit/audit.rules
bench "$R"
expect CIS-1.1.5 fail

# --- 1.1.1 separate partition ---------------------------------------------------------------
CASE=partition
R=$T/partition
base "$R"
bench "$R"
expect CIS-1.1.1 fail
printf '/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /var/lib/docker ext4 rw 0 0\n' >"$R"/proc/mounts
bench "$R"
expect CIS-1.1.1 pass
rm -rf "$R"/var/lib/docker
bench "$R"
expect CIS-1.1.1 info

# --- dockerd not running: its arguments come from docker.service ExecStart ------------------
CASE=execstart
R=$T/execstart
base "$R"
printf '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2375 \\\n  --userns-remap=default --no-new-privileges\n' \
    >"$R"/lib/systemd/system/docker.service
bench "$R"
expect CIS-2.7 fail tcp://127.0.0.1:2375
expect CIS-2.9 pass
expect CIS-2.14 pass
expect_msg CIS-2.14 "docker.service ExecStart"

# --- the audited dockerd is root's, never a look-alike --------------------------------------
# A uid-1000 process named dockerd, without -H and naming its own --config-file, beside
# root's socket-activated dockerd (-H fd://, the Debian/Ubuntu default, which serves the
# default socket): only root's counts, and the look-alike's config file is never read.
CASE=spoofed
R=$T/spoofed
base "$R"
fake_proc "$R" 300 1000 /usr/bin/dockerd --icc=false --userns-remap=default --no-new-privileges \
    --userland-proxy=false --live-restore --authorization-plugin=authz --config-file /tmp/evil.json
fake_proc "$R" 400 0 /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock
# A root process that only calls itself dockerd (its binary is something else).
fake_proc "$R" 500 0 /usr/bin/dockerd --icc=false
ln -sfn /usr/bin/sleep "$R/proc/500/exe"
mkdir -p "$R/tmp"
echo '{"icc": false, "no-new-privileges": true}' >"$R/tmp/evil.json"
DOCKER_HOST=unix:///var/run/docker.sock bench "$R" --check 2
for id in CIS-2.2 CIS-2.9 CIS-2.12 CIS-2.14 CIS-2.16; do expect $id fail; done
expect_msg CIS-2.2 "$R/proc/400/cmdline"
expect CIS-2.1 "info info"
expect_msg CIS-2.1 "2 processes named dockerd ignored"
expect_msg CIS-2.1 "dockerd (pid 400) runs as root"
checks=$((checks + 1))
! grep -q "evil.json" <<<"$OUT" || fail "the look-alike's --config-file was read"
# Two root dockerds on the default socket: the one whose root-owned pidfile holds its pid.
if [ $IS_ROOT = 1 ]; then
    CASE=pidfile
    R=$T/pidfile
    base "$R"
    fake_proc "$R" 600 0 /usr/bin/dockerd --icc=false
    fake_proc "$R" 700 0 /usr/bin/dockerd --userland-proxy=false
    echo 700 >"$R/run/docker.pid"
    DOCKER_HOST=unix:///var/run/docker.sock bench "$R" --check 2.2,2.16
    expect CIS-2.16 pass
    expect CIS-2.2 fail
    # Anyone could have written a world-writable pidfile: it is no evidence, and the
    # lowest pid (600) is taken as without one.
    chmod 666 "$R/run/docker.pid"
    DOCKER_HOST=unix:///var/run/docker.sock bench "$R" --check 2.2,2.16
    expect CIS-2.2 pass
    expect CIS-2.16 fail
fi

# --- a masked unit (systemctl mask: a link to /dev/null) is not in use -------------------------
CASE=masked
R=$T/masked
base "$R"
mkdir -p "$R/etc/systemd/system"
ln -s /dev/null "$R/etc/systemd/system/docker.socket"
bench "$R" --check 3.1,3.2,3.3,3.4
expect CIS-3.3 skipped
expect CIS-3.4 skipped
expect_msg CIS-3.4 "docker.socket is masked (a link to /dev/null)"
expect CIS-3.2 pass

# --- TLS: dockerd's default certificate paths (root's ~/.docker) count --------------------------
CASE=tls-default
R=$T/tls-default
base "$R"
dockerd_args "$R" -H fd:// -H tcp://0.0.0.0:2376 --tlsverify
bench "$R" --check 2.7,3.9,3.14
expect CIS-2.7 fail tcp://0.0.0.0:2376
expect_msg CIS-2.7 "missing: tlscacert tlscert tlskey"
mkdir -p "$R/root/.docker"
for f in ca.pem cert.pem key.pem; do echo x >"$R/root/.docker/$f"; done
chmod 400 "$R/root/.docker/key.pem"
bench "$R" --check 2.7,3.9,3.14
expect CIS-2.7 pass tcp://0.0.0.0:2376
expect_msg CIS-2.7 "dockerd's defaults in /root/.docker"
expect CIS-3.14 pass
expect_msg CIS-3.14 "$R/root/.docker/key.pem has mode 400"

# --- with a reachable daemon (-H, not DOCKER_HOST): the dockerd serving it is the one whose
# command line counts, and its DockerRootDir is the data root when no flag names one ----------
if [ -n "${DD_TEST_DOCKER_HOST:-}" ] && [ -S "${DD_TEST_DOCKER_HOST#unix://}" ]; then
    CASE=engine-host
    R=$T/engine-host
    base "$R"
    fake_proc "$R" 100 0 /usr/bin/dockerd -H unix:///run/other.sock --icc=false
    fake_proc "$R" 200 0 /usr/bin/dockerd -H "$DD_TEST_DOCKER_HOST"
    bench "$R" -H "$DD_TEST_DOCKER_HOST" --check 1.1.1,2.2,5.1
    expect CIS-2.2 fail
    expect_msg CIS-2.2 "$R/proc/200/cmdline"
    root_dir=$(curl -s --unix-socket "${DD_TEST_DOCKER_HOST#unix://}" http://d/info | jq -r .DockerRootDir)
    expect CIS-1.1.1 info
    expect_msg CIS-1.1.1 "$R$root_dir"
fi

# --- drydock harden -----------------------------------------------------------------------------
CASE=harden
R=$T/harden
base "$R"
dockerd_args "$R" -H fd:// --live-restore
printf '{\n  "log-driver": "syslog",\n  "icc": true,\n  "insecure-registries": ["10.0.0.1:5000"]\n}\n' \
    >"$R"/etc/docker/daemon.json
chmod 644 "$R"/etc/docker/daemon.json
before=$(cat "$R"/etc/docker/daemon.json)
H=$("$DRYDOCK" harden --root "$R" --format json 2>"$T/stderr")
RC=$?
expect_rc 0
checks=$((checks + 1))
[ "$(cat "$R"/etc/docker/daemon.json)" = "$before" ] || fail "harden wrote without --write"
checks=$((checks + 1))
[ ! -e "$R"/etc/audit/rules.d/docker.rules ] || fail "harden wrote audit rules without --write"
checks=$((checks + 1))
got=$(jq -c '.daemon_json.config' <<<"$H")
[ "$got" = '{"log-driver":"syslog","icc":false,"userns-remap":"default","no-new-privileges":true,"log-level":"info","userland-proxy":false}' ] ||
    fail "hardened config: $got"
checks=$((checks + 1))
[ "$(jq -r '.changes[] | select(.key=="live-restore") | .action' <<<"$H")" = flag ] ||
    fail "live-restore is a flag and must not be added to daemon.json"
checks=$((checks + 1))
[ "$(jq -r '.changes[] | select(.key=="icc") | "\(.action) \(.cis)"' <<<"$H")" = "change 2.2" ] ||
    fail "icc change: $(jq -c '.changes[] | select(.key=="icc")' <<<"$H")"
checks=$((checks + 1))
[ "$(jq -r '.changes[] | select(.key=="insecure-registries") | .action' <<<"$H")" = remove ] ||
    fail "insecure-registries must be removed"
for p in /usr/bin/dockerd /run/containerd /var/lib/docker /etc/docker \
    /lib/systemd/system/docker.service /run/containerd/containerd.sock \
    /lib/systemd/system/docker.socket /etc/default/docker /etc/docker/daemon.json \
    /etc/containerd/config.toml /etc/sysconfig/docker /usr/bin/containerd \
    /usr/bin/containerd-shim /usr/bin/containerd-shim-runc-v1 /usr/bin/containerd-shim-runc-v2 \
    /usr/bin/runc; do
    checks=$((checks + 1))
    grep -q -- "-w $p -k docker" <<<"$(jq -r .audit_rules.text <<<"$H")" || fail "audit rules lack $p"
done
"$DRYDOCK" harden --root "$R" >"$T/harden.txt" 2>"$T/stderr"
RC=$?
expect_rc 0
checks=$((checks + 1))
grep -q 'change icc: true -> false  (CIS 2.2)' "$T/harden.txt" || fail "text output lacks the icc explanation"
"$DRYDOCK" harden --root "$R" --write >/dev/null 2>"$T/stderr"
RC=$?
expect_rc 0
checks=$((checks + 1))
[ "$(cat "$R"/etc/docker/daemon.json.bak)" = "$before" ] || fail "no .bak of the old daemon.json"
checks=$((checks + 1))
[ "$(stat -c %a "$R"/etc/docker/daemon.json)" = 644 ] || fail "daemon.json mode after --write"
checks=$((checks + 1))
ls "$R"/etc/docker/ | grep -q drydock- && fail "temporary file left behind"
bench "$R"
for id in CIS-2.2 CIS-2.3 CIS-2.5 CIS-2.9 CIS-2.14 CIS-2.15 CIS-2.16 CIS-2.13 CIS-1.1.3 CIS-1.1.4 \
    CIS-1.1.5 CIS-1.1.6 CIS-1.1.7 CIS-1.1.9 CIS-1.1.10 CIS-1.1.11 CIS-1.1.18; do
    expect $id pass
done
# /etc/sysconfig does not exist in the tree: its rule is commented out so auditctl -R goes on.
checks=$((checks + 1))
grep -q '^# -w /etc/sysconfig/docker -k docker' "$R"/etc/audit/rules.d/docker.rules ||
    fail "rule for a missing directory should be commented"
# Malformed daemon.json: harden refuses, naming file and line.
printf '{\n  "icc": false,\n}\n' >"$R"/etc/docker/daemon.json
"$DRYDOCK" harden --root "$R" >/dev/null 2>"$T/stderr"
RC=$?
expect_rc 3
checks=$((checks + 1))
grep -q "$R/etc/docker/daemon.json:3:" "$T/stderr" || fail "harden error lacks file:line: $(cat "$T/stderr")"

# --write never writes outside --root: /etc/docker and rules.d are absolute links to
# directories of this machine, which inside the audited host do not exist.
CASE=harden-escape
R=$T/harden-escape
OUTSIDE=$T/outside
mkdir -p "$OUTSIDE/docker" "$OUTSIDE/rules.d"
echo '{"icc": true}' >"$OUTSIDE/docker/daemon.json"
base "$R"
rm -rf "$R/etc/docker" "$R/etc/audit/rules.d"
ln -s "$OUTSIDE/docker" "$R/etc/docker"
ln -s "$OUTSIDE/rules.d" "$R/etc/audit/rules.d"
"$DRYDOCK" harden --root "$R" --write >/dev/null 2>"$T/stderr"
RC=$?
expect_rc 3
checks=$((checks + 1))
[ "$(cat "$OUTSIDE/docker/daemon.json")" = '{"icc": true}' ] || fail "harden wrote outside --root"
checks=$((checks + 1))
[ -z "$(ls "$OUTSIDE/rules.d")" ] && [ ! -e "$OUTSIDE/docker/daemon.json.bak" ] ||
    fail "harden left files outside --root: $(ls -R "$OUTSIDE")"
# A link that stays inside the tree is followed there; mode and owner of the file
# replaced are kept (root:5, 640 here), and so are the backup's.
rm "$R/etc/docker" "$R/etc/audit/rules.d"
mkdir -p "$R/etc/docker-real" "$R/etc/audit/rules.d"
ln -s /etc/docker-real "$R/etc/docker"
echo '{"icc": true}' >"$R/etc/docker-real/daemon.json"
chmod 640 "$R/etc/docker-real/daemon.json"
[ $IS_ROOT = 1 ] && chown 0:5 "$R/etc/docker-real/daemon.json"
"$DRYDOCK" harden --root "$R" --write >/dev/null 2>"$T/stderr"
RC=$?
expect_rc 0
checks=$((checks + 1))
[ "$(jq -r .icc "$R/etc/docker-real/daemon.json")" = false ] || fail "daemon.json not hardened in place"
checks=$((checks + 1))
[ -L "$R/etc/docker" ] || fail "the link was replaced"
checks=$((checks + 1))
[ "$(stat -c %a "$R/etc/docker-real/daemon.json")" = 640 ] &&
    [ "$(stat -c %a "$R/etc/docker-real/daemon.json.bak")" = 640 ] ||
    fail "mode not kept: $(stat -c %a "$R"/etc/docker-real/daemon.json*)"
if [ $IS_ROOT = 1 ]; then
    checks=$((checks + 1))
    [ "$(stat -c %u:%g "$R/etc/docker-real/daemon.json")" = 0:5 ] ||
        fail "owner not kept: $(stat -c %u:%g "$R/etc/docker-real/daemon.json")"
fi
checks=$((checks + 1))
[ -z "$(find "$R/etc" -name '*.drydock-*')" ] || fail "temporary file left behind"

# --- rules listing ---------------------------------------------------------------------------------
CASE=rules
n=$("$DRYDOCK" rules --command bench --format json | jq '[.rules[] | select(.id | test("^CIS-[123]\\."))] | length')
checks=$((checks + 1))
[ "$n" = 62 ] || fail "expected 62 rules in sections 1-3, got $n"

echo "$checks checks, $failures failed"
[ $failures = 0 ]
