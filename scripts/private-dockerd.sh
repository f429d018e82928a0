#!/usr/bin/env bash
# Start or stop a private dockerd for the tests: its own socket, data-root, exec-root
# and pidfile, so it never touches the user's own Docker. Prints the DOCKER_HOST to use.
#   scripts/private-dockerd.sh start DIR
#   scripts/private-dockerd.sh stop DIR
# DD_DOCKERD_NAMESPACE names its containerd namespace (default drydock-test): a second
# private daemon beside the suite's (the swarm test's) must not share the first one's.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?state directory}

case "$cmd" in
start)
    mkdir -p "$dir"
    if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
        echo "unix://$dir/docker.sock"
        exit 0
    fi
    # vfs: no overlayfs here; no iptables or bridge: tests use --network none/host.
    nohup dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/pid" \
        -H "unix://$dir/docker.sock" --storage-driver vfs --iptables=false --ip-masq=false \
        --bridge none --containerd-namespace "${DD_DOCKERD_NAMESPACE:-drydock-test}" \
        --containerd-plugins-namespace "${DD_DOCKERD_NAMESPACE:-drydock-test}-plugins" \
        >"$dir/dockerd.log" 2>&1 &
    for _ in $(seq 1 300); do
        if curl -sf --unix-socket "$dir/docker.sock" http://localhost/_ping >/dev/null 2>&1; then
            echo "unix://$dir/docker.sock"
            exit 0
        fi
        sleep 0.2
    done
    echo "private dockerd did not come up; its log:" >&2
    tail -n 30 "$dir/dockerd.log" >&2
    exit 1
    ;;
stop)
    if [ -f "$dir/pid" ]; then
        pid=$(cat "$dir/pid")
        # Containers first, so the daemon does not wait on them.
        DOCKER_HOST="unix://$dir/docker.sock" docker ps -aq 2>/dev/null |
            xargs -r env DOCKER_HOST="unix://$dir/docker.sock" docker rm -f >/dev/null 2>&1 || true
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/pid"
    fi
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
