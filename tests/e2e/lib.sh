# Shared helpers for end-to-end tests; source it first thing:
#   . "$DD_SRC/tests/e2e/lib.sh"
# ctest sets DRYDOCK, DD_SRC, DD_BUILD, DD_SHARED_DATA. scripts/test.sh also sets
# DD_TEST_DOCKER_HOST to the private dockerd. Exit 77 means "skipped" to ctest; it is
# only allowed outside CI: in CI a missing daemon or BPF is a failure.
set -uo pipefail

: "${DRYDOCK:?run through ctest}"
DD_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dd-e2e.XXXXXX")
dd_cleanup_hooks=()
dd_on_exit() {
    local h
    for h in "${dd_cleanup_hooks[@]}"; do eval "$h" >/dev/null 2>&1 || true; done
    rm -rf "$DD_TMP"
}
trap dd_on_exit EXIT
# at_exit 'docker rm -f foo'
at_exit() { dd_cleanup_hooks+=("$1"); }

dd_failures=0
dd_checks=0
fail() {
    echo "FAIL: $*" >&2
    dd_failures=$((dd_failures + 1))
}
ok() { dd_checks=$((dd_checks + 1)); }

# skip_or_fail REASON: skip outside CI, fail in CI.
skip_or_fail() {
    if [ "${CI:-}" = "true" ]; then
        echo "FAIL (CI): $*" >&2
        exit 1
    fi
    echo "SKIP: $*" >&2
    exit 77
}

# need_daemon: export DOCKER_HOST for the private daemon, or skip/fail.
need_daemon() {
    if [ -z "${DD_TEST_DOCKER_HOST:-}" ]; then
        skip_or_fail "DD_TEST_DOCKER_HOST is not set (run scripts/test.sh)"
    fi
    local sock=${DD_TEST_DOCKER_HOST#unix://}
    if ! curl -sf --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1; then
        skip_or_fail "the private dockerd at $DD_TEST_DOCKER_HOST does not answer"
    fi
    export DOCKER_HOST=$DD_TEST_DOCKER_HOST
}

# need_registry: the private registry scripts/test.sh started ($DD_TEST_REGISTRY, its
# state in $DD_TEST_REGISTRY_DIR), or skip/fail. Sets REG to HOST:PORT.
need_registry() {
    if [ -z "${DD_TEST_REGISTRY:-}" ] || [ -z "${DD_TEST_REGISTRY_DIR:-}" ]; then
        skip_or_fail "DD_TEST_REGISTRY is not set (run scripts/test.sh)"
    fi
    curl -s -o /dev/null "http://$DD_TEST_REGISTRY/v2/" || skip_or_fail "the private registry at $DD_TEST_REGISTRY does not answer"
    REG=$DD_TEST_REGISTRY
}

# start_registry MODE: another private registry (basic, token, tls or mtls) for this test only,
# stopped at exit; sets STARTED_REGISTRY to its HOST:PORT. Its state (password,
# token.log) is in $DD_TMP/reg-MODE. Not in a $(...): the exit hook must be this shell's.
start_registry() {
    local dir=$DD_TMP/reg-$1
    at_exit "$DD_SRC/scripts/private-registry.sh stop $dir"
    STARTED_REGISTRY=$("$DD_SRC/scripts/private-registry.sh" start "$dir" "$1") ||
        skip_or_fail "cannot start a $1 registry"
}

# need_image NAME: the image must have been built by scripts/test-images.sh.
need_image() {
    docker image inspect "$1" >/dev/null 2>&1 || skip_or_fail "test image $1 is missing (scripts/test-images.sh)"
}

# valid_json SCHEMA FILE WHAT: FILE is valid against the JSON schema, in the draft the
# schema names ($schema); the first errors are in the failure.
valid_json() {
    if python3 - "$1" "$2" >"$DD_TMP/schema.err" 2>&1 <<'PY'; then ok; else fail "$3: not valid against $(basename "$1"): $(head -c 1500 "$DD_TMP/schema.err")"; fi
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.validators.validator_for(schema)(schema)
errs = list(v.iter_errors(json.load(open(sys.argv[2]))))
for e in errs[:5]:
    print("/".join(map(str, e.path)), e.message[:300])
sys.exit(1 if errs else 0)
PY
}

# run_dd ARGS...: runs drydock, stdout in $DD_OUT, stderr in $DD_ERR, exit code in $DD_RC.
run_dd() {
    "$DRYDOCK" "$@" >"$DD_TMP/out" 2>"$DD_TMP/err"
    DD_RC=$?
    DD_OUT=$(cat "$DD_TMP/out")
    DD_ERR=$(cat "$DD_TMP/err")
}

# run_dd_nonblocking ARGS...: run_dd, except that a drydock waiting on a FIFO (an open
# without a writer, or a read from one) is killed and DD_RC is "blocked", instead of
# hanging the suite. No clock is involved: the kernel's wait channel of the process says
# where it waits.
run_dd_nonblocking() {
    "$DRYDOCK" "$@" >"$DD_TMP/out" 2>"$DD_TMP/err" </dev/null &
    local pid=$! st blocked=
    while st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) && [ "$st" != Z ]; do
        case "$(cat "/proc/$pid/wchan" 2>/dev/null)" in
        wait_for_partner | fifo_open | pipe_read | anon_pipe_read | pipe_wait | pipe_wait_readable)
            blocked=1
            kill -9 "$pid" 2>/dev/null
            break
            ;;
        esac
        sleep 0.02
    done
    wait "$pid"
    DD_RC=$?
    [ -z "$blocked" ] || DD_RC=blocked
    DD_OUT=$(cat "$DD_TMP/out")
    DD_ERR=$(cat "$DD_TMP/err")
}

# run_dd_rss MAX_MB ARGS...: run_dd, measuring drydock's peak RSS (GNU time) into
# DD_RSS_KB, and check it stays under MAX_MB. Bounded work is shown by memory and byte
# counters, never by seconds. ASan's shadow memory and quarantine get 4x the room.
run_dd_rss() {
    local max=$1
    shift
    # (not `| grep -q`: with pipefail, the writer's SIGPIPE would make the test false)
    if [[ $(ldd "$DRYDOCK" 2>/dev/null) == *libasan* || $(nm "$DRYDOCK" 2>/dev/null | grep -c __asan_init) != 0 ]]; then
        max=$((max * 4))
    fi
    /usr/bin/time -f %M -o "$DD_TMP/rss" "$DRYDOCK" "$@" >"$DD_TMP/out" 2>"$DD_TMP/err"
    DD_RC=$?
    DD_OUT=$(cat "$DD_TMP/out")
    DD_ERR=$(cat "$DD_TMP/err")
    DD_RSS_KB=$(tail -n 1 "$DD_TMP/rss")
    if [ "$DD_RSS_KB" -le $((max * 1024)) ] 2>/dev/null; then ok; else
        fail "peak RSS ${DD_RSS_KB} KB is above $max MB: drydock $*"
    fi
}

assert_eq() { # assert_eq GOT EXPECTED WHAT
    if [ "$1" == "$2" ]; then ok; else fail "$3: got '$1', expected '$2'"; fi
}
assert_rc() { # assert_rc EXPECTED WHAT (after run_dd)
    if [ "$DD_RC" == "$1" ]; then ok; else
        fail "$2: exit code $DD_RC, expected $1; stderr: $(head -c 2000 <<<"$DD_ERR")"
    fi
}
assert_contains() { # assert_contains HAYSTACK NEEDLE WHAT
    if grep -qF -- "$2" <<<"$1"; then ok; else fail "$3: '$2' not found in: $(head -c 3000 <<<"$1")"; fi
}
assert_not_contains() {
    if grep -qF -- "$2" <<<"$1"; then fail "$3: '$2' unexpectedly found"; else ok; fi
}

# done_tests: print the verdict line and exit.
done_tests() {
    echo "$dd_checks passed, $dd_failures failed"
    [ "$dd_failures" -eq 0 ]
    exit $?
}
