#!/usr/bin/env bash
# `drydock scan fs:DIR` end to end, no daemon needed:
#  - a repository with known-vulnerable pins in every lockfile format gives exactly the
#    advisories an independent oracle (tests/e2e/osv/oracle.py, over the OSV JSON of
#    ../shared/data/osv-ghsa-subset) computes, each on the lockfile line of its package,
#    with the fixed version;
#  - an ecosystem the database holds no data for is a DDV-NOT-COVERED finding, never a
#    silent 0;
#  - SARIF annotates the lockfile line; the CycloneDX SBOM lists the packages;
#  - secrets: .gitignore, --skip-dirs and --skip-files are honoured; --git-history finds a
#    key deleted in a later commit, once, and not one that is still in the working tree;
#  - a broken lockfile is an error result naming its line, exit 3.
. "$DD_SRC/tests/e2e/lib.sh"
command -v /usr/bin/python3 >/dev/null || skip_or_fail "/usr/bin/python3 is needed for the oracle"
/usr/bin/python3 -c 'import packaging' 2>/dev/null || skip_or_fail "python3-packaging is needed"
command -v git >/dev/null || skip_or_fail "git is needed to build the history case"
OSV=$DD_SHARED_DATA/osv-ghsa-subset
DB=$DD_TMP/vuln.db
run_dd db import --db "$DB" "$OSV"/*.zip
assert_rc 0 "import the OSV subset"

R=$DD_TMP/repo
mkdir -p "$R"/{web,yarnapp,api,poetryapp,pipenvapp,uvapp,svc,gradleapp,gosvc,rust,ruby,php,dotnet}
cat >"$R/web/package-lock.json" <<'JSON'
{
  "name": "web",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "web",
      "dependencies": {"lodash": "^4.17.15", "axios": "^0.21.0"}
    },
    "node_modules/axios": {
      "version": "0.21.0"
    },
    "node_modules/lodash": {
      "version": "4.17.15"
    }
  }
}
JSON
cat >"$R/yarnapp/yarn.lock" <<'YARN'
# yarn lockfile v1


express@^4.17.1:
  version "4.17.1"
  resolved "https://registry.yarnpkg.com/express/-/express-4.17.1.tgz"
YARN
printf '# pinned\ndjango==3.2.0\nrequests>=2.20\n' >"$R/api/requirements.txt"
printf '[[package]]\nname = "flask"\nversion = "1.1.2"\ncategory = "main"\noptional = false\npython-versions = "*"\n' >"$R/poetryapp/poetry.lock"
printf '{"_meta": {}, "default": {"requests": {"version": "==2.25.1"}}, "develop": {}}\n' >"$R/pipenvapp/Pipfile.lock"
printf 'version = 1\n\n[[package]]\nname = "urllib3"\nversion = "1.26.4"\nsource = { registry = "https://pypi.org/simple" }\n' >"$R/uvapp/uv.lock"
cat >"$R/svc/pom.xml" <<'POM'
<project>
  <modelVersion>4.0.0</modelVersion>
  <properties>
    <log4j.version>2.14.1</log4j.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>${log4j.version}</version>
    </dependency>
  </dependencies>
</project>
POM
printf 'com.fasterxml.jackson.core:jackson-databind:2.9.10=runtimeClasspath\nempty=\n' >"$R/gradleapp/gradle.lockfile"
printf 'module example.com/gosvc\n\ngo 1.20\n\nrequire golang.org/x/net v0.0.0-20210226172049-e18ecbb05110 // indirect\n' >"$R/gosvc/go.mod"
printf 'version = 3\n\n[[package]]\nname = "regex"\nversion = "1.4.5"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n' >"$R/rust/Cargo.lock"
printf 'GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.11.0-x86_64-linux)\n\nDEPENDENCIES\n  nokogiri\n' >"$R/ruby/Gemfile.lock"
printf '{"packages": [{"name": "guzzlehttp/guzzle", "version": "7.4.0"}], "packages-dev": []}\n' >"$R/php/composer.lock"
printf '{"version": 1, "dependencies": {"net6.0": {"Newtonsoft.Json": {"type": "Direct", "resolved": "12.0.3"}}}}\n' >"$R/dotnet/packages.lock.json"

run_dd scan --db "$DB" --scanners packages,vulns --format json "fs:$R"
assert_rc 0 "scan of the repository"
json=$DD_OUT
# What the tree pins, as drydock lists it, is exactly what was written.
pins=$(jq -r '.components[] | "\(.properties.pkg_type) \(.name) \(.version // "-") \(.properties.path):\(.properties.line)"' <<<"$json" | sort)
want=$(sort <<'PINS'
cargo regex 1.4.5 rust/Cargo.lock:3
composer guzzlehttp/guzzle 7.4.0 php/composer.lock:1
gem nokogiri 1.11.0 ruby/Gemfile.lock:4
golang golang.org/x/net v0.0.0-20210226172049-e18ecbb05110 gosvc/go.mod:5
maven com.fasterxml.jackson.core:jackson-databind 2.9.10 gradleapp/gradle.lockfile:1
maven org.apache.logging.log4j:log4j-core 2.14.1 svc/pom.xml:7
npm axios 0.21.0 web/package-lock.json:10
npm express 4.17.1 yarnapp/yarn.lock:4
npm lodash 4.17.15 web/package-lock.json:13
nuget Newtonsoft.Json 12.0.3 dotnet/packages.lock.json:1
pypi django 3.2.0 api/requirements.txt:2
pypi flask 1.1.2 poetryapp/poetry.lock:1
pypi requests - api/requirements.txt:3
pypi requests 2.25.1 pipenvapp/Pipfile.lock:1
pypi urllib3 1.26.4 uvapp/uv.lock:3
PINS
)
assert_eq "$pins" "$want" "packages, versions and lines read from every lockfile"

# The oracle over the same pins.
eco_of() { case $1 in npm) echo npm ;; pypi) echo PyPI ;; maven) echo Maven ;; golang) echo Go ;;
    cargo) echo crates.io ;; gem) echo RubyGems ;; composer) echo Packagist ;; nuget) echo NuGet ;; esac; }
while read -r t n v _; do
    [ "$v" = - ] || echo "$(eco_of "$t") $n $v"
done <<<"$pins" >"$DD_TMP/pins"
/usr/bin/python3 "$DD_SRC/tests/e2e/osv/oracle.py" "$OSV" <"$DD_TMP/pins" | sort >"$DD_TMP/oracle"
expect=$(sort "$DD_TMP/oracle")
# Go's fixed versions are shown with the "v" Go modules carry; the OSV data has none.
got=$(jq -r '.findings[] | select(.properties.package) | "\(.ruleId) \(.properties.ecosystem) \(.properties.package) \(.properties.installed) \(.properties.fixed // "-" | if startswith("v") then .[1:] else . end)"' <<<"$json" | sort)
assert_eq "$got" "$expect" "advisories = the OSV ranges (oracle)"
for must in "GHSA-p6mc-m468-83gw npm lodash" "GHSA-35jh-r3h4-6jhm npm lodash" \
    "GHSA-29mw-wpgm-hmr9 npm lodash" "GHSA-jfh8-c2jp-5v3q Maven org.apache.logging.log4j:log4j-core" \
    "GHSA-p64x-8rxx-wf6q PyPI django"; do
    assert_contains "$got" "$must" "known answer $must"
done
assert_eq "$(grep -c ' Maven org.apache.logging.log4j:log4j-core ' <<<"$got")" 4 "the four log4j-core records"
# NuGet has no data in the subset: a coverage finding says so, never a silent 0.
assert_eq "$(jq -r '.findings[] | select(.ruleId == "DDV-NOT-COVERED") | "\(.properties.ecosystem) \(.properties.packages)"' <<<"$json")" \
    "NuGet 1" "coverage finding for the NuGet package"
for eco in crates.io RubyGems Packagist Go; do
    assert_contains "$got" " $eco " "$eco packages are matched"
done
# Findings sit on the lockfile line of their package, direct/transitive as the file says.
assert_eq "$(jq -r '[.findings[] | select(.properties.package == "lodash")][0] | "\(.location.path):\(.location.line) \(.properties.dependency)"' <<<"$json")" \
    "web/package-lock.json:13 direct" "lodash finding location"
assert_eq "$(jq -r '[.findings[] | select(.properties.package == "org.apache.logging.log4j:log4j-core")][0] | "\(.location.path):\(.location.line)"' <<<"$json")" \
    "svc/pom.xml:7" "log4j finding location"
assert_eq "$(jq -r '.findings[] | select(.ruleId == "DDR-UNPINNED") | "\(.location.path):\(.location.line)"' <<<"$json")" \
    "api/requirements.txt:3" "unpinned range flagged on its line"

run_dd scan --db "$DB" --scanners packages,vulns --format sarif "fs:$R"
assert_eq "$(jq -r '[.runs[0].results[] | select(.ruleId == "GHSA-p6mc-m468-83gw")][0].locations[0].physicalLocation | "\(.artifactLocation.uri):\(.region.startLine)"' <<<"$DD_OUT")" \
    "web/package-lock.json:13" "SARIF annotates the lockfile line"
run_dd scan --db "$DB" --format cyclonedx "fs:$R"
assert_contains "$DD_OUT" '"purl": "pkg:npm/lodash@4.17.15"' "CycloneDX lists lodash"
assert_contains "$DD_OUT" '"purl": "pkg:cargo/regex@1.4.5"' "CycloneDX lists the crate"

# ---- secrets: .gitignore, --skip-dirs, --skip-files, git history ---------------------------
S=$DD_TMP/secrets
mkdir -p "$S/conf" "$S/ignored" "$S/vendor/x"
tok1=ghp_R4nd0mT0k3nV4lu3Xy9Zq8Wp7Lk6Jh5Gf4Dx
tok2=ghp_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8
tok3=ghp_Mm1Nn2Bb3Vv4Cc5Xx6Zz7Ll8Kk9Jj0Hh1Gg2
printf 'ignored/\n*.local\n' >"$S/.gitignore"
printf 'token = "%s"\n' "$tok1" >"$S/conf/app.ini"
printf 'token = "%s"\n' "$tok2" >"$S/ignored/dev.ini"
printf 'token = "%s"\n' "$tok2" >"$S/conf/dev.local"
printf 'token = "%s"\n' "$tok2" >"$S/vendor/x/lib.ini"
run_dd scan --scanners secrets --format json "fs:$S"
found=$(jq -r '.findings[] | select(.status == "fail") | "\(.location.path):\(.location.line) \(.ruleId)"' <<<"$DD_OUT" | sort)
assert_eq "$found" "conf/app.ini:1 secret-github-pat
vendor/x/lib.ini:1 secret-github-pat" "secrets outside what .gitignore ignores"
run_dd scan --scanners secrets --format json --skip-dirs vendor --skip-files 'conf/*.ini' "fs:$S"
assert_eq "$(jq -r '[.findings[] | select(.status == "fail")] | length' <<<"$DD_OUT")" 0 "--skip-dirs and --skip-files"

# A key committed, then deleted: only --git-history finds it, in the commit that added it.
git -C "$S" init -q -b main
git -C "$S" -c user.email=t@example.com -c user.name=t add -A
printf 'aws = "%s"\n' "$tok3" >"$S/conf/old.env"
git -C "$S" add -f conf/old.env
git -C "$S" -c user.email=t@example.com -c user.name=t commit -qm one
added=$(git -C "$S" rev-parse --short=8 HEAD)
git -C "$S" rm -q conf/old.env
git -C "$S" -c user.email=t@example.com -c user.name=t commit -qm two
run_dd scan --scanners secrets --format json "fs:$S"
assert_not_contains "$DD_OUT" "DDR-SECRET-HISTORY" "no history without --git-history"
run_dd scan --scanners secrets --format json --git-history "fs:$S"
assert_rc 0 "--git-history"
hist=$(jq -r '.findings[] | select(.ruleId == "DDR-SECRET-HISTORY") | "\(.location.path):\(.location.line) \(.properties.commit) \(.properties.secret_rule)"' <<<"$DD_OUT")
# conf/old.env once (blobs are read once); conf/app.ini is in the working tree as committed,
# so it is the tree scan's finding, not a history one. The ignored files were never committed.
assert_eq "$hist" "conf/old.env:1 $added secret-github-pat" "the deleted key, from its commit"
assert_eq "$(jq -r '.meta.git_history.commits' <<<"$DD_OUT")" 2 "both commits walked"
run_dd scan --scanners secrets --git-history "fs:$S/conf"
assert_rc 3 "--git-history below the top of the repository"

# ---- bad input ---------------------------------------------------------------------------
B=$DD_TMP/bad
mkdir -p "$B"
printf '[[package]]\nname = "x"\nversion = "1.0\n' >"$B/poetry.lock"
run_dd scan --scanners packages --format json "fs:$B"
assert_rc 3 "a broken lockfile is an error"
assert_eq "$(jq -r '.findings[] | select(.ruleId == "DDR-PARSE") | "\(.status) \(.location.path):\(.location.line)"' <<<"$DD_OUT")" \
    "error poetry.lock:3" "the error names the file and line"
done_tests
