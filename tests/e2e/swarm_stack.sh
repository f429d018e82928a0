#!/usr/bin/env bash
# deploy/swarm/drydock-stack.yml deployed for real with `docker stack deploy` on a
# single-node swarm, from drydock's own image: the bench global job's report and a watch
# alert raised by another container arrive where the stack sends them (the webhook
# receiver, and the services' logs as JSON lines naming the node).
# The swarm is a second private dockerd of this test's own (its own data root, socket and
# containerd namespace): swarm mode on the suite's daemon would change what the bench
# tests running beside this one see (CIS 5.1, section 7).
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
for i in drydock-test/drydock drydock-test/watch; do need_image $i; done

D=$DD_TMP/swarmd
# Leaving the swarm first removes its ingress sandbox; a network namespace mount left by
# a daemon stopped mid-way is unmounted, or the test's directory could not be removed.
at_exit "DOCKER_HOST=unix://$D/docker.sock docker swarm leave --force; $DD_SRC/scripts/private-dockerd.sh stop $D; umount -l $D/exec/netns/*"
SW=$(DD_DOCKERD_NAMESPACE=dd-swarm-$$ "$DD_SRC/scripts/private-dockerd.sh" start "$D") ||
    skip_or_fail "cannot start a second private dockerd for the swarm"
docker save drydock-test/drydock drydock-test/watch | DOCKER_HOST=$SW docker load -q >/dev/null ||
    fail "images loaded into the swarm's daemon"
export DOCKER_HOST=$SW
# Loopback ports of this test's own (the suite's daemon is not in swarm mode; others may be).
base=$((20000 + $$ % 20000))
docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:$base --data-path-port $((base + 1)) >/dev/null ||
    skip_or_fail "docker swarm init on the private daemon"
NODE=$(docker info -f '{{.Name}}')

python3 "$DD_SRC/tests/e2e/webhook_recv.py" "$DD_TMP/port" "$DD_TMP/posted.jsonl" &
at_exit "kill $!"
for i in $(seq 1 50); do [ -s "$DD_TMP/port" ] && break; sleep 0.1; done
export DRYDOCK_WEBHOOK=http://127.0.0.1:$(cat "$DD_TMP/port")/ DRYDOCK_IMAGE=drydock-test/drydock
export DOCKER_SOCKET=$D/docker.sock
S=dd$$
docker stack deploy -c "$DD_SRC/deploy/swarm/drydock-stack.yml" $S >"$DD_TMP/deploy.out" 2>&1
assert_eq "$?" 0 "docker stack deploy: $(cat "$DD_TMP/deploy.out")"
assert_eq "$(docker service inspect -f '{{if .Spec.Mode.GlobalJob}}global-job{{end}}' ${S}_bench)" global-job "bench is a global job"
assert_eq "$(docker service inspect -f '{{if .Spec.Mode.Global}}global{{end}}' ${S}_watch)" global "watch is a global service"

# state SERVICE: the current state of its task on this node (complete, running, failed...)
# (`docker service ps` lists the newest task first; a healthy task is "running" only once
# its HEALTHCHECK passed.)
state() { docker service ps --no-trunc --format '{{.CurrentState}}' "$1" 2>/dev/null | head -n1 | awk '{print tolower($1)}'; }
for i in $(seq 1 300); do
    case "$(state ${S}_bench)" in complete | failed | rejected) break ;; esac
    sleep 0.2
done
assert_eq "$(state ${S}_bench)" complete "the bench job completed ($(docker service ps --no-trunc --format '{{.Error}}' ${S}_bench))"
# The report at the receiver: bench's JSON report, from this node, read at /host.
R=$(jq -c 'select(.meta.root? == "/host")' "$DD_TMP/posted.jsonl" 2>/dev/null | head -n1)
[ -n "$R" ] && ok || fail "the bench report reached the webhook: $(head -c 600 "$DD_TMP/posted.jsonl" 2>/dev/null)"
[ "$(jq '.findings | length' <<<"$R")" -gt 100 ] && ok || fail "the posted report is whole: $(jq -c .summary <<<"$R")"
assert_eq "$(jq -r '.findings[] | select(.ruleId == "CIS-5.1") | .status' <<<"$R" | head -n1)" fail "the report sees the swarm (CIS 5.1)"
# ...and in the job's log as JSON lines naming the node, the last one its summary.
docker service logs --raw ${S}_bench >"$DD_TMP/bench.jsonl" 2>/dev/null
assert_eq "$(jq -r .hostname "$DD_TMP/bench.jsonl" | sort -u)" "$NODE" "every log line names the node"
assert_eq "$(tail -n1 "$DD_TMP/bench.jsonl" | jq -r .kind)" summary "the job's log ends with its summary"
assert_eq "$(tail -n1 "$DD_TMP/bench.jsonl" | jq -r .summary.error)" 0 "no check errored in the job"

# watch: running (its health check passed), then another container reads /etc/shadow.
for i in $(seq 1 300); do
    [ "$(state ${S}_watch)" = running ] && break
    sleep 0.2
done
assert_eq "$(state ${S}_watch)" running "the watch service runs ($(docker service ps --no-trunc --format '{{.Error}}' ${S}_watch))"
# The sensor is up once it has reported its start; a victim container then triggers a rule.
for i in $(seq 1 300); do
    docker service logs --raw ${S}_watch 2>&1 | grep -q 'drydock watch: watching' && break
    sleep 0.2
done
docker run --rm --name "$S-victim" --network none drydock-test/watch cat /etc/shadow >/dev/null
for i in $(seq 1 100); do
    grep -q "$S-victim" "$DD_TMP/posted.jsonl" 2>/dev/null && break
    sleep 0.2
done
A=$(jq -c "select(.output_fields[\"container.name\"]? == \"$S-victim\")" "$DD_TMP/posted.jsonl" | head -n1)
assert_eq "$(jq -r .rule <<<"$A")" "Read sensitive file untrusted" "the victim's alert reached the webhook"
assert_eq "$(jq -r .hostname <<<"$A")" "$NODE" "the alert names the node"
docker service logs --raw ${S}_watch 2>/dev/null >"$DD_TMP/watch.log"
assert_contains "$(grep "$S-victim" "$DD_TMP/watch.log")" '"rule":"Read sensitive file untrusted"' "the alert is a JSON line in the service's log"
# drydock in its container is not a pid of the host's namespace: it must still know itself
# (it uses the daemon's socket, which a rule watches). Alerts from the watch container:
assert_eq "$(jq -r "select((.output_fields?[\"container.name\"] // \"\") | startswith(\"${S}_watch.\")) | .rule" "$DD_TMP/posted.jsonl" 2>/dev/null | sort -u)" "" "watch never alerts on itself"

docker stack rm $S >/dev/null
done_tests
