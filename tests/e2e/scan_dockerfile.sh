#!/usr/bin/env bash
# drydock scan --dockerfile (issue 15): an image's findings on the lines of the Dockerfile
# it was built from, as a code-scanning user sees them. drydock-test/scan-dockerfile is
# built from tests/images/scan-dockerfile/Dockerfile (two stages, `docker build --label`):
# a CVE of the package a RUN added is on that RUN, a base image's CVEs on the FROM, a
# secret file on the COPY that added it, ENV and EXPOSE findings on their instructions;
# SARIF places them in the Dockerfile relative to --sarif-root, valid against the schema
# (and the image's SPDX document against SPDX's).
# A Dockerfile that is not the one the image was built from places nothing, with a note.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
IMG=drydock-test/scan-dockerfile
need_image $IMG
SCHEMAS=${DD_TEST_CACHE:-/nonexistent}/schemas
[ -f "$SCHEMAS/sarif-2.1.0.json" ] ||
    skip_or_fail "the SARIF schema is not in \$DD_TEST_CACHE/schemas (tests/images/91-schemas.sh)"
python3 -c 'import jsonschema' 2>/dev/null || skip_or_fail "python3-jsonschema is not installed"
DF_DIR=tests/images/scan-dockerfile
DF=$DD_SRC/$DF_DIR/Dockerfile

DB=$DD_TMP/vuln.db
run_dd db import --db "$DB" "$DD_SHARED_DATA/debian-bookworm-tracker-subset.json.gz"
assert_rc 0 "import the Debian tracker"

run_dd scan --db "$DB" --dockerfile "$DF" -f json -o "$DD_TMP/scan.json" $IMG
assert_rc 0 "scan --dockerfile"
# "RULE [PACKAGE|PATH] LINE" for the findings the assertions name.
line() { # RULE [OBJECT]
    jq -r --arg id "$1" --arg obj "${2:-}" '[.findings[] | select(.ruleId == $id and .status == "fail")
        | select($obj == "" or .properties.package == $obj or .location.path == $obj)
        | .properties.dockerfile_line // "none"] | unique | join(",")' "$DD_TMP/scan.json"
}
assert_eq "$(jq -r .meta.dockerfile "$DD_TMP/scan.json")" "$DF" "meta.dockerfile"
assert_eq "$(line CVE-2023-22809 sudo)" 14 "the CVE of the sudo a RUN recorded: on that RUN"
assert_eq "$(line DDI-SUDO)" 14 "sudo installed: on the RUN that installed it"
assert_eq "$(line CVE-2026-109518 apt)" 7 "a base image CVE: on the final stage's FROM"
assert_eq "$(line secret-github-pat /srv/app/settings.yml)" 12 "a secret file: on the COPY that added it"
assert_eq "$(line DDI-SECRET-ENV)" 9 "a secret in ENV: on the ENV that set it"
assert_eq "$(line DDI-SETUID /usr/local/bin/suidtool)" 16 "a setuid file: on the RUN that made it"
assert_eq "$(line DDI-SETUID /usr/bin/su)" 7 "a base image's setuid file: on FROM"
assert_eq "$(line DDI-EXPOSE-SSH)" 18 "EXPOSE 22: on the EXPOSE"
assert_eq "$(line DDI-NO-HEALTHCHECK)" 7 "no HEALTHCHECK: on the final stage's FROM"
assert_eq "$(jq '[.findings[] | select(.properties.dockerfile_line == null)] | length' "$DD_TMP/scan.json")" 0 \
    "every finding has a line"
assert_eq "$(jq '.notes | length' "$DD_TMP/scan.json")" 0 "no note: the file matches"

# Text: each finding says its line too.
run_dd scan --db "$DB" --dockerfile "$DF" $IMG
assert_contains "$DD_OUT" "CVE-2023-22809 high: sudo 1.9.5p2-3 is vulnerable" "text: the CVE"
assert_eq "$(grep -c "CVE-2023-22809 .*($DF:14)\$" <<<"$DD_OUT")" 1 "text: the CVE's Dockerfile line"

# SARIF: the Dockerfile, relative to the repository root, as the location GitHub shows.
(cd "$DD_SRC/$DF_DIR" && "$DRYDOCK" scan --db "$DB" --dockerfile Dockerfile -f sarif \
    --sarif-root "$DD_SRC" $IMG >"$DD_TMP/scan.sarif")
assert_eq "$?" 0 "scan --dockerfile -f sarif"
valid_json "$SCHEMAS/sarif-2.1.0.json" "$DD_TMP/scan.sarif" "scan --dockerfile -f sarif"
assert_eq "$(jq -r '[.runs[0].results[].locations[0].physicalLocation.artifactLocation.uri] | unique | join(" ")' "$DD_TMP/scan.sarif")" \
    "$DF_DIR/Dockerfile" "every result in the Dockerfile, relative to --sarif-root"
assert_eq "$(jq -r '[.runs[0].results[] | select(.ruleId == "CVE-2023-22809") | .locations[0].physicalLocation.region.startLine] | unique | join(",")' "$DD_TMP/scan.sarif")" \
    14 "SARIF: the CVE on the RUN line"
assert_eq "$(jq -r '.runs[0].results[] | select(.ruleId == "secret-github-pat") | .locations[0].logicalLocations[0].fullyQualifiedName' "$DD_TMP/scan.sarif")" \
    "$IMG:/srv/app/settings.yml" "SARIF: the image and the file inside it stay named"

# The image's SPDX document, valid against the official SPDX 2.3 schema (tests/schemas/).
run_dd scan --scanners packages -f spdx-json -o "$DD_TMP/image.spdx.json" $IMG
assert_rc 0 "scan -f spdx-json of an image"
valid_json "$DD_SRC/tests/schemas/spdx-2.3.schema.json" "$DD_TMP/image.spdx.json" "image SPDX 2.3"

# A Dockerfile edited since the build: nothing placed, and a note says where they part.
sed 's|chmod 4755 /usr/local/bin/suidtool|chmod 4711 /usr/local/bin/suidtool|' "$DF" >"$DD_TMP/Dockerfile.edited"
run_dd scan --db "$DB" --dockerfile "$DD_TMP/Dockerfile.edited" -f json $IMG
assert_rc 0 "scan with an edited Dockerfile"
assert_eq "$(jq '[.findings[] | select(.properties.dockerfile_line != null)] | length' <<<"$DD_OUT")" 0 \
    "an edited Dockerfile places nothing"
assert_contains "$(jq -r '.notes[].message' <<<"$DD_OUT")" \
    "Dockerfile.edited:16: RUN is not the command of build step" "the note names the line where they part"
# Another image's Dockerfile: the same.
printf 'FROM drydock-test/bookworm\nRUN true\n' >"$DD_TMP/Dockerfile.other"
run_dd scan --scanners config --dockerfile "$DD_TMP/Dockerfile.other" -f json $IMG
assert_contains "$(jq -r '.notes[].message' <<<"$DD_OUT")" "does not match image $IMG" "another Dockerfile: a note"

# Mistakes: a usage error before any scan.
run_dd scan --dockerfile "$DD_TMP/missing/Dockerfile" $IMG
assert_rc 2 "a missing --dockerfile"
assert_contains "$DD_ERR" "--dockerfile $DD_TMP/missing/Dockerfile: No such file or directory" "names the file"
run_dd scan --dockerfile "$DF" "fs:$DD_SRC/$DF_DIR"
assert_rc 2 "--dockerfile with a source tree"
run_dd scan --dockerfile "$DF" --list-packages $IMG
assert_rc 2 "--dockerfile with --list-packages (no findings to place)"
done_tests
