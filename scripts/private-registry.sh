#!/usr/bin/env bash
# Start or stop a private image registry for the tests: Debian's docker-registry
# (distribution 2.8) on 127.0.0.1, with its own config, storage directory and pidfile,
# so it never touches a system registry. Prints HOST:PORT.
#   scripts/private-registry.sh start DIR [open|basic|token|tls|mtls]
#   scripts/private-registry.sh stop DIR
# open:  no authentication.
# basic: htpasswd (user drydock, password DIR/password).
# token: Bearer tokens from scripts/token-server.py (same user and password), a real
#        WWW-Authenticate challenge/token round trip; its realm is printed to DIR/realm.
# tls:   HTTPS with a certificate for 127.0.0.1 from a CA made for this registry only
#        (DIR/ca.crt), as an internal registry behind a private CA is set up.
# mtls:  tls, and the registry asks for a client certificate from that CA
#        (DIR/client.cert, DIR/client.key: the names dockerd's certs.d uses).
# The dockerd started by scripts/private-dockerd.sh pushes to it over plain HTTP: dockerd
# treats 127.0.0.0/8 registries as insecure by default.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?state directory}
mode=${3:-open}
here=$(cd "$(dirname "$0")" && pwd)

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

wait_http() { # URL [CURL-ARGS...]: until the server answers at all (401 counts)
    local url=$1
    shift
    for _ in $(seq 1 150); do
        code=$(curl -sk "$@" -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)
        if [ -n "$code" ] && [ "$code" != 000 ]; then return 0; fi
        sleep 0.1
    done
    return 1
}

case "$cmd" in
start)
    mkdir -p "$dir/storage"
    if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
        cat "$dir/addr"
        exit 0
    fi
    port=$(free_port)
    echo "drydock" >"$dir/user"
    [ -f "$dir/password" ] || head -c 12 /dev/urandom | base64 | tr -d '/+=' >"$dir/password"
    auth=""
    tls=""
    scheme=http
    probe=()
    case "$mode" in
    open) ;;
    basic)
        htpasswd -Bbn drydock "$(cat "$dir/password")" >"$dir/htpasswd"
        auth="auth:
  htpasswd:
    realm: drydock-test
    path: $dir/htpasswd"
        ;;
    token)
        tport=$(free_port)
        openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/token.key" -out "$dir/token.crt" \
            -days 2 -subj /CN=drydock-test-token >/dev/null 2>&1
        nohup python3 "$here/token-server.py" --port "$tport" --key "$dir/token.key" \
            --cert "$dir/token.crt" --user drydock --password-file "$dir/password" \
            --log "$dir/token.log" >"$dir/token-server.log" 2>&1 &
        echo $! >"$dir/token.pid"
        echo "http://127.0.0.1:$tport/token" >"$dir/realm"
        wait_http "http://127.0.0.1:$tport/health" || {
            echo "token server did not come up:" >&2
            cat "$dir/token-server.log" >&2
            exit 1
        }
        auth="auth:
  token:
    realm: http://127.0.0.1:$tport/token
    service: drydock-test-registry
    issuer: drydock-test-issuer
    rootcertbundle: $dir/token.crt"
        ;;
    tls | mtls)
        openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/ca.key" -out "$dir/ca.crt" \
            -days 2 -subj /CN=drydock-test-ca >/dev/null 2>&1
        openssl req -newkey rsa:2048 -nodes -keyout "$dir/server.key" -out "$dir/server.csr" \
            -subj /CN=127.0.0.1 >/dev/null 2>&1
        printf 'subjectAltName=IP:127.0.0.1\n' >"$dir/san.ext"
        openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
            -CAcreateserial -days 2 -extfile "$dir/san.ext" -out "$dir/server.crt" >/dev/null 2>&1
        tls="  tls:
    certificate: $dir/server.crt
    key: $dir/server.key"
        if [ "$mode" = mtls ]; then
            openssl req -newkey rsa:2048 -nodes -keyout "$dir/client.key" -out "$dir/client.csr" \
                -subj /CN=drydock-test-client >/dev/null 2>&1
            openssl x509 -req -in "$dir/client.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
                -CAcreateserial -days 2 -out "$dir/client.cert" >/dev/null 2>&1
            tls="$tls
    clientcas:
      - $dir/ca.crt"
            probe=(--cert "$dir/client.cert" --key "$dir/client.key")
        fi
        scheme=https
        ;;
    *)
        echo "unknown mode $mode (open, basic, token, tls, mtls)" >&2
        exit 2
        ;;
    esac
    cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: drydock-test-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
$tls
$auth
EOF
    nohup docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
    echo $! >"$dir/pid"
    echo "127.0.0.1:$port" >"$dir/addr"
    if ! wait_http "$scheme://127.0.0.1:$port/v2/" "${probe[@]}"; then
        echo "private registry did not come up; its log:" >&2
        tail -n 30 "$dir/registry.log" >&2
        exit 1
    fi
    cat "$dir/addr"
    ;;
stop)
    for f in pid token.pid; do
        [ -f "$dir/$f" ] || continue
        pid=$(cat "$dir/$f")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/$f"
    done
    ;;
*)
    echo "usage: $0 start DIR [open|basic|token|tls|mtls] | stop DIR" >&2
    exit 2
    ;;
esac
