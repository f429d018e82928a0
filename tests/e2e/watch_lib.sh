# Helpers for the drydock watch end-to-end tests (sourced after lib.sh; not a test: the
# test list skips *_lib.sh files).
#   watch_start ARGS...   start `drydock watch ARGS` in the background, wait until it
#                         watches (fails in CI, skips elsewhere, when it cannot load)
#   watch_wait_alerts FILE NAME-REGEX N   wait (bounded) until N alerts of containers
#                         whose name matches are in FILE
#   watch_stop            SIGTERM, wait; the exit code is in WATCH_RC

watch_start() {
    "$DRYDOCK" watch "$@" 2>"$DD_TMP/watch.err" &
    WATCH_PID=$!
    at_exit "kill -9 $WATCH_PID"
    local i
    for i in $(seq 1 600); do
        grep -q "^drydock watch: watching" "$DD_TMP/watch.err" 2>/dev/null && return 0
        if ! kill -0 "$WATCH_PID" 2>/dev/null; then
            skip_or_fail "drydock watch could not start: $(cat "$DD_TMP/watch.err")"
        fi
        sleep 0.2
    done
    skip_or_fail "drydock watch did not start watching: $(cat "$DD_TMP/watch.err")"
}

watch_wait_alerts() {
    local file=$1 re=$2 want=$3 i n=0
    for i in $(seq 1 300); do
        n=$(jq -r '.output_fields["container.name"] // empty' "$file" 2>/dev/null | grep -c -E "$re")
        [ "$n" -ge "$want" ] && break
        sleep 0.2
    done
    # and a little longer, so that a rule firing twice would show
    sleep 1
}

watch_stop() {
    kill -TERM "$WATCH_PID" 2>/dev/null
    wait "$WATCH_PID"
    WATCH_RC=$?
}
