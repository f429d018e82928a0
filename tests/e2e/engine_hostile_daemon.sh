#!/usr/bin/env bash
# A hostile daemon (fake_daemon.py, a test server on a unix socket) that answers every
# container inspect with 2 GB and streams an endless image: drydock refuses each answer at
# what such an answer can be, holds no more than its bounds (peak RSS under 256 MB), says
# which bound, and exits 3 (it could not gather the facts). No real daemon needed.
. "$DD_SRC/tests/e2e/lib.sh"
SOCK=$DD_TMP/fake.sock
python3 "$DD_SRC/tests/e2e/fake_daemon.py" "$SOCK" &
fake=$!
at_exit "kill $fake"
for _ in $(seq 1 100); do
    [ -S "$SOCK" ] && break
    sleep 0.05
done
H=unix://$SOCK

# bench: twenty 2 GB inspects, eight at a time.
run_dd_rss 256 bench -H "$H" --check 5.4,5.5 --format json
assert_rc 3 "bench against 2 GB inspects"
assert_contains "$DD_OUT" "sent more than 4 MiB for one answer, more than such an answer can be" "the bound is named"
n=$(grep -o "sent more than 4 MiB for one answer" <<<"$DD_OUT" | wc -l)
[ "$n" -ge 20 ] && ok || fail "each of the 20 containers is an error result (got $n)"
# Work is bounded: the daemon got to send at most a little more than 4 MiB per inspect.
total=$(awk '{s += $1} END {print s + 0}' "$SOCK.sent")
if [ "$total" -le $((20 * 16 << 20)) ]; then ok; else fail "drydock read $total bytes of inspects"; fi

# scan: an image export that never ends is cut at --max-image-size.
: >"$SOCK.sent"
run_dd_rss 256 scan -H "$H" --max-image-size 256M fake
assert_rc 3 "an endless image export"
assert_contains "$DD_ERR" "image fake: the daemon sent more than 268435456 bytes for it (--max-image-size)" "endless export message"
total=$(awk '{s += $1} END {print s + 0}' "$SOCK.sent")
if [ "$total" -le $((320 << 20)) ]; then ok; else fail "drydock read $total bytes of the export"; fi
done_tests
