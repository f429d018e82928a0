#!/usr/bin/env bash
# `drydock lint DIR` finds Dockerfiles, Compose files and Kubernetes manifests together
# (and leaves other YAML alone), with .drydock.yaml applying to all three; exit codes and
# SARIF as for Dockerfiles.
. "$DD_SRC/tests/e2e/lib.sh"
T=$DD_TMP/tree
mkdir -p "$T/svc" "$T/deploy" "$T/.github/workflows" "$T/node_modules/x"
printf 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n' >"$T/svc/Dockerfile"
printf 'services:\n  web:\n    image: nginx:1.25\n    privileged: true\n' >"$T/compose.yaml"
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostPID: true\n  containers:\n    - name: c\n      image: busybox:1.36\n' >"$T/deploy/pod.yaml"
printf 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n' >"$T/.github/workflows/ci.yml"
printf 'apiVersion: v1\nkind: Pod\nspec:\n  hostPID: true\n' >"$T/node_modules/x/pod.yaml"
printf 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: {{ .Values.name }}\n' >"$T/deploy/template.yaml"
run_dd lint --format json --fail-on none "$T"
assert_rc 0 "lint of a tree with --fail-on none"
run_dd lint --format json "$T"
assert_rc 1 "lint of a tree: a high finding fails by default (hadolint's error class)"
got=$(jq -r '.findings[] | "\(.location.path | sub(".*/tree/"; "")):\(.location.line) \(.ruleId)"' <<<"$DD_OUT" |
    grep -E 'DDL|DDM-PRIVILEGED|DDM-HOST-PID' | sort -u)
assert_contains "$got" "compose.yaml:4 DDM-PRIVILEGED" "the compose file"
assert_contains "$got" "deploy/pod.yaml:6 DDM-HOST-PID" "the manifest"
assert_contains "$got" "svc/Dockerfile:" "the Dockerfile"
assert_not_contains "$DD_OUT" "node_modules" "node_modules is not linted"
assert_not_contains "$DD_OUT" "ci.yml" "a workflow file is no manifest"
assert_not_contains "$DD_OUT" "template.yaml" "a Helm template is not YAML yet"
# .drydock.yaml applies to manifests as to Dockerfiles; the PSS alias is accepted too.
printf 'ignore: [PSS-baseline-host-pid]\nseverity: {DDM-PRIVILEGED: low}\n' >"$T/.drydock.yaml"
run_dd lint --format json --fail-on high "$T"
assert_not_contains "$DD_OUT" "DDM-HOST-PID" "ignored through .drydock.yaml by its PSS alias"
assert_eq "$(jq -r '.findings[] | select(.ruleId == "DDM-PRIVILEGED") | .severity' <<<"$DD_OUT")" low "severity override"
run_dd lint --format sarif "$T/compose.yaml"
assert_eq "$(jq -r '.runs[0].results[] | select(.ruleId == "DDM-PRIVILEGED") | .locations[0].physicalLocation.region | "\(.startLine):\(.startColumn)"' <<<"$DD_OUT")" \
    "4:5" "SARIF line and column of the key"
printf 'services:\n  web:\n    image: [x\n' >"$DD_TMP/compose.yaml"
run_dd lint "$DD_TMP/compose.yaml"
assert_rc 3 "nothing parsed"
assert_contains "$DD_OUT" "DDM000" "the parse error is a finding at its line"
run_dd lint "$T/.github/workflows/ci.yml"
assert_contains "$DD_OUT" "not a Compose file or Kubernetes manifest" "a YAML file named on the command line that is neither"
done_tests
