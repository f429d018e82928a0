#!/usr/bin/env bash
# drydock scan's package listing: dpkg (status and distroless status.d), apk, rpm (sqlite);
# the dpkg list must equal dpkg-query -W run inside the same image; each package carries
# the layer that introduced it; SBOMs (CycloneDX 1.5, SPDX 2.3) are well-formed.
. "$DD_SRC/tests/e2e/lib.sh"
need_daemon
for i in bookworm scan-layers scan-distroless scan-apk scan-rpm; do need_image drydock-test/$i; done

# "name version" of every deb component of a JSON report, sorted.
debs() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for c in d.get("components", []):
    if c.get("properties", {}).get("pkg_type") == sys.argv[2]:
        print(c["name"], c["version"])
' "$1" "$2" | sort
}

# --- dpkg: equal to dpkg-query inside the image ---------------------------------------
for img in drydock-test/bookworm drydock-test/scan-layers; do
    docker run --rm -u 0 --network none $img /usr/bin/dpkg-query -W -f '${Package} ${Version}\n' |
        sort >"$DD_TMP/want"
    run_dd scan --scanners packages --format json -o "$DD_TMP/r.json" $img
    assert_rc 0 "scan packages of $img"
    debs "$DD_TMP/r.json" deb >"$DD_TMP/got"
    if [ -s "$DD_TMP/want" ] && diff -u "$DD_TMP/want" "$DD_TMP/got" >"$DD_TMP/diff"; then ok; else
        fail "$img: drydock's dpkg list differs from dpkg-query: $(head -c 2000 "$DD_TMP/diff")"
    fi
done
assert_eq "$(grep -c . "$DD_TMP/got")" "$(($(grep -c . "$DD_TMP/want")))" "package count of scan-layers"

# --- layer attribution --------------------------------------------------------------
mapfile -t L < <(docker image inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' drydock-test/scan-layers | grep .)
run_dd scan --list-packages drydock-test/scan-layers
assert_rc 0 "--list-packages"
assert_contains "$DD_OUT" "TYPE     NAME" "package table header"
line=$(grep -E '^deb +drydock-fake ' <<<"$DD_OUT")
assert_contains "$line" "1.0-1" "drydock-fake version"
assert_contains "$line" "${L[1]:7:12}" "drydock-fake comes from the second layer"
line=$(grep -E '^deb +bash ' <<<"$DD_OUT")
assert_contains "$line" "${L[0]:7:12}" "bash stays attributed to the base layer though status was rewritten"
assert_contains "$line" "bash@5.2.15-2" "bash source package and version"
J=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["components"]:
    if c["name"] == "drydock-fake": print(c["purl"], c["properties"]["layer"])
' "$DD_TMP/r.json")
assert_eq "$J" "pkg:deb/debian/drydock-fake@1.0-1?arch=all&distro=debian-12 ${L[1]}" "purl and layer in JSON components"

# --- distroless status.d ---------------------------------------------------------------
run_dd scan --format json drydock-test/scan-distroless
assert_rc 0 "scan distroless"
echo "$DD_OUT" >"$DD_TMP/d.json"
assert_eq "$(debs "$DD_TMP/d.json" deb | tr '\n' ' ')" "base-files 12.4+deb12u11 libc6 2.36-9+deb12u14 tzdata 2025b-0+deb12u2 " "status.d packages"
assert_contains "$DD_OUT" '"purl": "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12&upstream=glibc"' "libc6 purl"
reported=$(python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["status"] in ("fail", "info"): print(f["ruleId"])
' "$DD_TMP/d.json")
assert_not_contains "$reported" "DDI-NOT-DISTROLESS" "no shell: distroless"
assert_not_contains "$reported" "DDI-USER-ROOT" "distroless runs as 65532"
assert_contains "$DD_OUT" '"message": "runs as USER 65532:65532"' "non-root USER passes"

# --- apk ------------------------------------------------------------------------------
run_dd scan --format json drydock-test/scan-apk
assert_rc 0 "scan apk"
echo "$DD_OUT" >"$DD_TMP/a.json"
assert_contains "$(debs "$DD_TMP/a.json" apk)" "musl 1.2.4_git20230717-r4" "apk musl"
assert_contains "$DD_OUT" '"purl": "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1"' "apk purl"
assert_contains "$DD_OUT" '"path": "/var/cache/apk"' "apk cache left behind"
assert_contains "$DD_OUT" '"id": "alpine"' "os from os-release"

# --- rpm (sqlite) ------------------------------------------------------------------------
run_dd scan --format json drydock-test/scan-rpm
assert_rc 0 "scan rpm"
echo "$DD_OUT" >"$DD_TMP/p.json"
assert_eq "$(debs "$DD_TMP/p.json" rpm | tr '\n' ' ')" "ddtest-data 0.9-1 ddtest-hello 2:1.2.3-4.dd1 ddtest-hello-libs 2:1.2.3-4.dd1 " "rpm packages"
assert_contains "$DD_OUT" 'pkg:rpm/rocky/ddtest-hello@1.2.3-4.dd1?arch=x86_64' "rpm purl"

# --- SBOMs ----------------------------------------------------------------------------------
run_dd scan --format cyclonedx drydock-test/scan-layers
assert_rc 0 "cyclonedx"
echo "$DD_OUT" >"$DD_TMP/cdx.json"
R=$(python3 - "$DD_TMP/cdx.json" <<'EOF'
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["bomFormat"] == "CycloneDX" and d["specVersion"] == "1.5", "format"
assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", d["serialNumber"]), "serial"
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["metadata"]["timestamp"]), "timestamp"
assert d["metadata"]["component"]["type"] == "container", "image component"
refs = [c["bom-ref"] for c in d["components"]]
assert len(refs) == len(set(refs)), "unique bom-refs"
assert set(d["dependencies"][0]["dependsOn"]) == set(refs), "dependencies"
fake = [c for c in d["components"] if c["name"] == "drydock-fake"][0]
assert fake["purl"] == "pkg:deb/debian/drydock-fake@1.0-1?arch=all&distro=debian-12", fake
print("ok", len(d["components"]))
EOF
)
assert_contains "$R" "ok 90" "CycloneDX document (89 packages + the OS)"
run_dd scan --format spdx-json drydock-test/scan-layers
echo "$DD_OUT" >"$DD_TMP/spdx.json"
R=$(python3 - "$DD_TMP/spdx.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["spdxVersion"] == "SPDX-2.3" and d["dataLicense"] == "CC0-1.0"
assert d["documentNamespace"].startswith("https://drydock.invalid/spdx/")
assert d["creationInfo"]["created"].endswith("Z")
ids = {p["SPDXID"] for p in d["packages"]}
assert len(ids) == len(d["packages"])
rel = d["relationships"]
assert {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": "SPDXRef-Image"} in rel
contains = [r["relatedSpdxElement"] for r in rel if r["relationshipType"] == "CONTAINS"]
assert set(contains) == ids - {"SPDXRef-Image"}
purls = [x["referenceLocator"] for p in d["packages"] for x in p.get("externalRefs", [])]
assert "pkg:deb/debian/drydock-fake@1.0-1?arch=all&distro=debian-12" in purls
print("ok", len(d["packages"]))
EOF
)
assert_contains "$R" "ok 91" "SPDX document (image + OS + 89 packages)"
run_dd scan --format spdx-json drydock-test/scan-layers
assert_not_contains "$DD_OUT" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documentNamespace"])' "$DD_TMP/spdx.json")" "documentNamespace is unique per run"

# --- snyk-docker-plugin (tests/images/90-peers.sh installs it in $DD_TEST_CACHE) ---
SNYK=${DD_TEST_CACHE:-/nonexistent}/snyk/node_modules/snyk-docker-plugin
if [ ! -d "$SNYK" ] && [ "${CI:-}" = "true" ]; then
    fail "snyk-docker-plugin is not installed in \$DD_TEST_CACHE/snyk (tests/images/90-peers.sh)"
fi
if [ -d "$SNYK" ]; then
    docker save drydock-test/bookworm -o "$DD_TMP/bw.tar"
    node -e '
const p = require(process.argv[1]);
p.scan({path: "docker-archive:" + process.argv[2]}).then(r => {
  const deps = r.scanResults[0].facts.find(f => f.type === "depGraph").data;
  for (const pk of deps.getPkgs()) if (pk.name !== deps.rootPkg.name) console.log(pk.name.split("/").pop(), pk.version);
});' "$SNYK" "$DD_TMP/bw.tar" 2>/dev/null | sort -u >"$DD_TMP/snyk"
    run_dd scan --scanners packages --format json -o "$DD_TMP/bw.json" "docker-archive:$DD_TMP/bw.tar"
    debs "$DD_TMP/bw.json" deb >"$DD_TMP/ours"
    # snyk names binary packages by source/binary; compare binary names and versions.
    if [ -s "$DD_TMP/snyk" ] && diff -u "$DD_TMP/snyk" "$DD_TMP/ours" >"$DD_TMP/diff"; then ok; else
        fail "snyk-docker-plugin lists other packages: $(head -c 1500 "$DD_TMP/diff")"
    fi
fi

done_tests
