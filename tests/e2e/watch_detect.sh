#!/usr/bin/env bash
# drydock watch, end to end: the real eBPF sensor in the real kernel, containers of the
# private dockerd doing one suspicious thing each, and the exact rules that must fire for
# each container: once, named with the container and its image (also for containers that
# live ~50 ms), in Falco's JSON format. Other engineers' containers and the host run
# beside us: only our own containers (unique names) are asserted on.
# In CI a sensor that cannot load fails this test.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
need_image drydock-test/watch
[ "$(id -u)" = 0 ] || skip_or_fail "drydock watch needs root"
. "$DD_SRC/tests/e2e/watch_lib.sh"

P=ddw$$
IMG=drydock-test/watch
at_exit "docker ps -aq --filter name=^/$P- | xargs -r docker rm -f"
watch_start -f json -o "$DD_TMP/alerts.json"

# name → "rule|rule..." expected (sorted by watch_expect), and how to trigger it
declare -A expect
act() { # act NAME "RULES" [docker run options --] command...
    local name=$1 rules=$2
    shift 2
    expect[$name]=$rules
    local opts=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
    [ "${1:-}" = -- ] && shift
    docker run --rm --name "$P-$name" --network none "${opts[@]}" "$IMG" "$@" >/dev/null 2>&1 || true
}

# the slow one first, in the background: a "server" that reads /etc/shadow after 6 s
expect[serverread]="Read sensitive file trusted after startup|Read sensitive file untrusted"
docker run -d --name "$P-serverread" --network none "$IMG" watch-act server-read-shadow >/dev/null

act shadow "Read sensitive file untrusted" -- cat /etc/shadow
act tty "Terminal shell in container" -t -- sh -c true
act etc "Write below etc" -- sh -c 'echo x > /etc/motd'
act bindir "Write below binary dir" -- touch /usr/bin/planted
act modbin "Modify binary dirs" -- rm /usr/bin/victim
act root "Write below root" -- touch /planted
act pkg "Launch package management process in container" -- dpkg -l
act ptrace "PTRACE attached to process" -- watch-act ptrace-attach
act traceme "PTRACE anti-debug attempt" -- watch-act traceme
act memfd "Fileless execution via memfd_create" -- watch-act memfd-exec
act devshm "Drop and execute new binary in container|Execution from /dev/shm" \
    --tmpfs /dev/shm:rw,exec,size=8m -- sh -c 'cp /bin/busybox /dev/shm/x && /dev/shm/x true'
act drop "Drop and execute new binary in container" -- sh -c 'cp /bin/busybox /tmp/true && /tmp/true'
act symlink "Create Symlink Over Sensitive Files" -- ln -s /etc/shadow /tmp/s
act hardlink "Create Hardlink Over Sensitive Files" -- ln /etc/shadow /tmp/h
act packet "Packet socket created in container" -- watch-act packet-socket
act redirect "Redirect STDOUT/STDIN to Network Connection in Container" -- watch-act redirect-net
act netcat "Netcat Remote Code Execution in Container" -- nc -e /bin/true 127.0.0.1 9
act kmod "Linux Kernel Module Injection Detected" --cap-add SYS_MODULE -- watch-act init-module
act release "Detect release_agent File Container Escapes" --cap-add SYS_ADMIN -- \
    sh -c 'echo x > /tmp/release_agent'
act dockersock "Contact container runtime socket from container" -- watch-act docker-sock
act clearlog "Clear Log Activities" -- sh -c ': > /var/log/syslog'
# (directly: busybox sh runs applets as /proc/self/exe, which renames them "exe")
act shred "Remove Bulk Data from Disk" -- shred -n 1 /www/index.html
act keys "Search Private Keys or Passwords" -- grep -r "BEGIN RSA PRIVATE" /www
act aws "Find AWS Credentials" -- grep -ri aws_secret_access_key /www
act setuidbit "Set Setuid or Setgid bit" -- sh -c 'touch /tmp/f && chmod u+s /tmp/f'
# (it lingers a second: a container that is gone before drydock reads its records has no
# /etc/passwd left to name its users by, as with Falco)
act setuidroot "Non-root user id change refused" --user 1000 -- \
    sh -c 'watch-act setuid-root; sleep 1'
act traversal "Directory traversal monitored file read" -- cat /tmp/../etc/../etc/passwd
act mount "Launch Sensitive Mount Container" -v /etc:/host/etc:ro -- true
act servershell "Run shell untrusted" -- watch-act server-shell
docker wait "$P-serverread" >/dev/null

total=0
for k in "${!expect[@]}"; do total=$((total + $(tr '|' '\n' <<<"${expect[$k]}" | wc -l))); done
watch_wait_alerts "$DD_TMP/alerts.json" "^$P-" "$total"
watch_stop
assert_eq "$WATCH_RC" 0 "watch exit code after SIGTERM"
assert_contains "$(cat "$DD_TMP/watch.err")" "drydock watch: stopped after" "summary on stop"
assert_contains "$(cat "$DD_TMP/watch.err")" " lost (ring full)" "drop counter in the summary"

for name in "${!expect[@]}"; do
    got=$(jq -r --arg n "$P-$name" 'select(.output_fields["container.name"] == $n) | .rule' \
        "$DD_TMP/alerts.json" | sort | paste -sd'|')
    want=$(tr '|' '\n' <<<"${expect[$name]}" | sort | paste -sd'|')
    assert_eq "$got" "$want" "rules fired for container $name"
done

# every alert of ours names the image, and has exactly Falco's json_output keys
bad=$(jq -r --arg p "$P-" 'select(.output_fields["container.name"] | tostring | startswith($p))
      | select(.output_fields["container.image.repository"] != "drydock-test/watch"
               or ((keys | join(",")) != "hostname,output,output_fields,priority,rule,source,tags,time"))
      | .rule' "$DD_TMP/alerts.json")
assert_eq "$bad" "" "alerts with the wrong image or keys"
# priorities and MITRE tags as the rules say
assert_eq "$(jq -r --arg n "$P-memfd" 'select(.output_fields["container.name"] == $n) | [.priority, (.tags | index("T1620") != null)] | @tsv' "$DD_TMP/alerts.json")" \
    "$(printf 'Critical\ttrue')" "priority and technique tag of the memfd alert"
# the output text carries the values
assert_contains "$(jq -r --arg n "$P-shadow" 'select(.output_fields["container.name"] == $n) | .output' "$DD_TMP/alerts.json")" \
    "file=/etc/shadow process=cat command=cat /etc/shadow" "output of the shadow read"
assert_eq "$(jq -r --arg n "$P-serverread" 'select(.output_fields["container.name"] == $n) | .output_fields["user.name"]' "$DD_TMP/alerts.json" | sort -u)" \
    "root" "user name from the container's /etc/passwd"
assert_eq "$(jq -r --arg n "$P-setuidroot" 'select(.output_fields["container.name"] == $n) | .output_fields["user.name"]' "$DD_TMP/alerts.json")" \
    "app" "user name of uid 1000 from the container's /etc/passwd"
done_tests
