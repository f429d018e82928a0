#!/usr/bin/env bash
# Files drydock is pointed at are opened safely, and text from them never drives the
# terminal (issue 8; issue 17's "a FIFO where a config file or a Dockerfile is expected
# never blocks"):
#   - lint DIR never reads a Dockerfile through a symlink that leaves DIR (it used to echo
#     a token from such a file into SARIF), and parse errors are masked like every message;
#   - a FIFO where a Dockerfile, .drydock.yaml, daemon.json or .drydockignore is expected
#     is an error at once, never a hang (run_dd_nonblocking kills a drydock that waits);
#   - control characters from a Dockerfile line, a file name or an image file name are
#     shown as \xNN in text output and on stderr;
#   - DRYDOCK_TODAY is not a hook of the product binary: it cannot revive an expired
#     .drydockignore entry.
. "$DD_SRC/tests/e2e/lib.sh"
command -v jq >/dev/null || skip_or_fail "jq is not installed"
unset DOCKER_HOST
export NO_COLOR=1
TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyz
ESC=$'\033'
BEL=$'\a'
D="sha256:$(printf '%064d' 0)"
good="FROM debian:12.5@$D
USER app
HEALTHCHECK NONE"

# ---- lint DIR: links out of the tree are refused, links inside it are followed -----------
OUT=$DD_TMP/outside
TREE=$DD_TMP/tree
mkdir -p "$OUT" "$TREE/sub"
printf 'FROM debian:12\n%s\n' "$TOKEN" >"$OUT/Dockerfile"
printf '%s\nRUN cd /tmp\n' "$good" >"$TREE/sub/real.Dockerfile"
ln -s "$OUT/Dockerfile" "$TREE/Dockerfile"               # absolute, out of the tree
ln -s ../../outside/Dockerfile "$TREE/sub/rel.Dockerfile" # relative, out of the tree
ln -s sub/real.Dockerfile "$TREE/Dockerfile.inside"       # stays inside
ln -s "$OUT" "$TREE/linkdir"                              # a linked directory is not entered
run_dd lint --no-config --fail-on none --format sarif "$TREE"
assert_rc 0 "lint of a tree with escaping links"
assert_not_contains "$DD_OUT" "0123456789abcdef" "no token from outside the tree in SARIF"
res() { jq -r '.runs[0].results[] | "\(.locations[0].physicalLocation.artifactLocation.uri) \(.ruleId) \(.message.text)"' <<<"$DD_OUT"; }
assert_contains "$(res)" "$TREE/Dockerfile DDL000 cannot read $TREE/Dockerfile: the path leads out of the directory" "absolute link refused"
assert_contains "$(res)" "$TREE/sub/rel.Dockerfile DDL000 cannot read $TREE/sub/rel.Dockerfile: the path leads out of the directory" "relative link refused"
assert_eq "$(res | grep -c 'Dockerfile.inside DDL003')" 1 "the link inside the tree is linted"
assert_not_contains "$(res)" linkdir "a linked directory is not walked"

# ---- parse errors are masked like every other lint message --------------------------------
printf 'FROM debian:12\n%s\n' "$TOKEN" >"$DD_TMP/token.Dockerfile"
printf 'FROM debian:12\nENV %s\n' "$TOKEN" >"$DD_TMP/env.Dockerfile"
for fmt in text json sarif; do
    run_dd lint --no-config --format "$fmt" "$DD_TMP/token.Dockerfile" "$DD_TMP/env.Dockerfile"
    assert_contains "$DD_OUT" "DDL000" "parse error reported ($fmt)"
    assert_not_contains "$DD_OUT" "0123456789abcdef" "parse error masked ($fmt)"
done
run_dd lint --no-config "$DD_TMP/token.Dockerfile"
assert_contains "$DD_OUT" "unknown instruction 'ghp_****'" "the mask keeps the token's kind visible"

# ---- FIFOs where a file is expected: an error at once, never a hang ------------------------
FT=$DD_TMP/fifotree
mkdir -p "$FT"
printf '%s\n' "$good" >"$FT/Dockerfile"
mkfifo "$FT/Dockerfile.fifo"
run_dd_nonblocking lint --no-config --fail-on none --format json "$FT"
assert_eq "$DD_RC" 0 "lint DIR with a FIFO named like a Dockerfile"
assert_eq "$(jq -r '.findings[] | select(.ruleId == "DDL000") | .message' <<<"$DD_OUT")" \
    "cannot read $FT/Dockerfile.fifo: not a regular file" "the FIFO is named, not read"
run_dd_nonblocking lint --no-config "$FT/Dockerfile.fifo"
assert_eq "$DD_RC" 3 "lint of a FIFO given by name"
assert_contains "$DD_OUT" "not a regular file" "named FIFO"
mkfifo "$FT/.drydock.yaml"
run_dd_nonblocking lint "$FT/Dockerfile"
assert_eq "$DD_RC" 3 "a FIFO .drydock.yaml found upward"
assert_contains "$DD_ERR" "cannot read configuration $FT/.drydock.yaml: not a regular file" ".drydock.yaml FIFO"
run_dd_nonblocking lint --config "$FT/.drydock.yaml" "$FT/Dockerfile"
assert_eq "$DD_RC" 3 "--config FIFO"
# daemon.json of an audited host, and --daemon-json.
R=$DD_TMP/host
mkdir -p "$R/etc/docker" "$R/proc"
mkfifo "$R/etc/docker/daemon.json"
DOCKER_HOST="unix://$DD_TMP/none.sock" run_dd_nonblocking bench --root "$R" --check 2.2 --format json
assert_eq "$DD_RC" 3 "bench with a FIFO daemon.json"
assert_eq "$(jq -r '.findings[] | select(.ruleId == "CIS-2.2") | "\(.status) \(.message)"' <<<"$DD_OUT")" \
    "error $R/etc/docker/daemon.json: cannot read: not a regular file" "daemon.json FIFO"
run_dd_nonblocking harden --root "$R"
assert_eq "$DD_RC" 3 "harden with a FIFO daemon.json"
assert_contains "$DD_ERR" "not a regular file" "harden names why"
run_dd_nonblocking harden --root "$R" --daemon-json "$R/etc/docker/daemon.json"
assert_eq "$DD_RC" 3 "harden --daemon-json FIFO"
# .drydockignore
DB=$DD_TMP/v.db
run_dd db import --db "$DB" "$DD_SRC/tests/cases/vuln/debian/tracker.json"
assert_rc 0 "import a small feed"
m() {
    run_dd_nonblocking db match --db "$DB" --status-file "$DD_SRC/tests/cases/vuln/debian/status" \
        --os-release "$DD_SRC/tests/cases/vuln/debian/os-release" --format json "$@"
}
mkfifo "$DD_TMP/fifoignore"
m --ignore-file "$DD_TMP/fifoignore"
assert_eq "$DD_RC" 3 ".drydockignore FIFO"
assert_contains "$DD_ERR" "fifoignore: not a regular file" ".drydockignore FIFO named"

# ---- DRYDOCK_TODAY does not revive an expired entry ----------------------------------------
echo 'CVE-2099-0003 exp:2020-01-01 # expired' >"$DD_TMP/ignore"
DRYDOCK_TODAY=2019-06-01 m --ignore-file "$DD_TMP/ignore"
assert_eq "$DD_RC" 0 "match with an expired entry"
assert_contains "$(jq -r '.findings[].ruleId' <<<"$DD_OUT")" "CVE-2099-0003" "the expired entry hides nothing"
assert_contains "$DD_ERR" "expired on 2020-01-01" "and says so"

# ---- untrusted text never drives the terminal -----------------------------------------------
ET=$DD_TMP/esc
mkdir -p "$ET"
printf '%s\n%s[2J%s]0;pwned%sRUN x\n' "$good" "$ESC" "$ESC" "$BEL" >"$ET/Dockerfile.${ESC}]0;title${BEL}"
run_dd lint --no-config "$ET"
assert_eq "$(grep -c "[$ESC$BEL]" <<<"$DD_OUT")" 0 "no raw ESC or BEL in lint text output"
assert_contains "$DD_OUT" 'Dockerfile.\x1b]0;title\x07' "the file name escaped"
assert_contains "$DD_OUT" "unknown instruction '\\x1b[2J\\x1b]0;pwned\\x07RUN'" "the line escaped"
# A file name inside an image (scan of a directory tree) holding a secret.
IMG=$DD_TMP/rootfs
mkdir -p "$IMG/app"
printf 'token = "%s"\n' "$TOKEN" >"$IMG/app/${ESC}[2J${ESC}]0;x${BEL}.env"
run_dd scan "rootfs:$IMG" --scanners secrets
assert_contains "$DD_OUT" 'app/\x1b[2J\x1b]0;x\x07.env' "image file name escaped"
assert_eq "$(grep -c "[$ESC$BEL]" <<<"$DD_OUT")" 0 "no raw ESC or BEL in scan text output"
# Errors on stderr quote what they could not read, escaped too.
run_dd scan "rootfs:$DD_TMP/no${ESC}[2Jsuch"
assert_rc 3 "scan of a missing directory"
assert_contains "$DD_ERR" 'no\x1b[2Jsuch' "the error escapes the path"
assert_eq "$(grep -c "$ESC" <<<"$DD_ERR")" 0 "no raw ESC on stderr"

done_tests
