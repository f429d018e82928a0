#!/usr/bin/env bash
# drydock against registries served over TLS by a private CA, as internal registries are:
#  - without the CA: exit 3, naming the registry and where its CA goes;
#  - with the CA in certs.d/HOST/ (DRYDOCK_CERTS_D stands for /etc/docker/certs.d), under
#    any *.crt name as dockerd reads them: the same findings as from the plain registry;
#  - a registry that asks for a client certificate: refused without one, served with the
#    *.cert/*.key pair of certs.d/HOST/.
. "$DD_SRC/tests/e2e/lib.sh"
need_registry
command -v skopeo >/dev/null || skip_or_fail "skopeo is not installed (scripts/deps.sh --test)"
cd "$DD_TMP" || exit 1
SRC_IMG="docker://$REG/drydock-test/scan-secrets:latest"

findings() { # rule, path and line of each finding of a JSON report, sorted
    python3 -c 'import json,sys
r=json.load(sys.stdin)
for f in r["findings"]: print(f.get("ruleId"), f.get("path"), f.get("line"))' | sort
}

run_dd scan --no-progress --scanners config,secrets -f json --insecure-registry "$REG" "$SRC_IMG"
assert_rc 0 "scan from the plain registry"
want=$(findings <<<"$DD_OUT")
[ -n "$want" ] && ok || fail "no findings from the plain registry: $DD_ERR"

# --- TLS with a private CA ----------------------------------------------------------------------
start_registry tls
TLS=$STARTED_REGISTRY
mkdir -p certs.d/"$TLS" empty.d
cp reg-tls/ca.crt certs.d/"$TLS"/internal-ca.crt # any *.crt, as dockerd reads certs.d
skopeo copy -q --src-tls-verify=false --dest-cert-dir certs.d/"$TLS" "$SRC_IMG" \
    "docker://$TLS/tls/scan-secrets:1" || fail "skopeo could not push to the TLS registry"

DRYDOCK_CERTS_D=$DD_TMP/empty.d run_dd scan --no-progress --scanners config,secrets -f json \
    "docker://$TLS/tls/scan-secrets:1"
assert_rc 3 "an unknown CA is refused"
assert_contains "$DD_ERR" "$TLS" "the error names the registry"
assert_contains "$DD_ERR" "certs.d/$TLS" "the hint says where the registry's CA goes"
assert_eq "$DD_OUT" "" "nothing reported from a registry that could not be trusted"

DRYDOCK_CERTS_D=$DD_TMP/certs.d run_dd scan --no-progress --scanners config,secrets -f json \
    "docker://$TLS/tls/scan-secrets:1"
assert_rc 0 "the registry's CA in certs.d/HOST/ is trusted"
assert_eq "$(findings <<<"$DD_OUT")" "$want" "the same findings over TLS as from the plain registry"

# --- mutual TLS -----------------------------------------------------------------------------
start_registry mtls
MTLS=$STARTED_REGISTRY
mkdir -p certs.d/"$MTLS" ca-only.d/"$MTLS"
cp reg-mtls/ca.crt certs.d/"$MTLS"/ca.crt
cp reg-mtls/ca.crt ca-only.d/"$MTLS"/ca.crt
cp reg-mtls/client.cert reg-mtls/client.key certs.d/"$MTLS"/
skopeo copy -q --src-tls-verify=false --dest-cert-dir certs.d/"$MTLS" "$SRC_IMG" \
    "docker://$MTLS/mtls/scan-secrets:1" || fail "skopeo could not push to the mutual-TLS registry"
DRYDOCK_CERTS_D=$DD_TMP/ca-only.d run_dd scan --no-progress --scanners config -f json \
    "docker://$MTLS/mtls/scan-secrets:1"
assert_rc 3 "no client certificate: refused by the registry"
DRYDOCK_CERTS_D=$DD_TMP/certs.d run_dd scan --no-progress --scanners config,secrets -f json \
    "docker://$MTLS/mtls/scan-secrets:1"
assert_rc 0 "the client certificate of certs.d/HOST/ is presented"
assert_eq "$(findings <<<"$DD_OUT")" "$want" "the same findings over mutual TLS"

# A certificate without its key is a mistake worth naming, not a silent anonymous connection.
rm certs.d/"$MTLS"/client.key
DRYDOCK_CERTS_D=$DD_TMP/certs.d run_dd scan --no-progress --scanners config "docker://$MTLS/mtls/scan-secrets:1"
assert_rc 3 "a client certificate without its key"
assert_contains "$DD_ERR" "has no key" "the error says the key is missing"
done_tests
