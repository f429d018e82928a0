#!/bin/bash
# `drydock lint` as a user meets it: bad input becomes a DDL000 finding on the right line
# while the other files are still linted; exit codes; directories; standard input;
# pragmas; .drydock.yaml (found upward, or --config; bad YAML named with its line);
# SARIF regions; secrets masked in every format. Inputs are written at test time.
set -uo pipefail
: "${DRYDOCK:?run through ctest}"
T=$(mktemp -d "${TMPDIR:-/tmp}/dd-lint.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0 checks=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
eq() { checks=$((checks + 1)); [ "$1" == "$2" ] || fail "$3: got '$1', expected '$2'"; }
has() { checks=$((checks + 1)); grep -qF -- "$2" <<<"$1" || fail "$3: '$2' not in: $(head -c 1500 <<<"$1")"; }
hasnt() { checks=$((checks + 1)); ! grep -qF -- "$2" <<<"$1" || fail "$3: '$2' unexpectedly found"; }
lint() { "$DRYDOCK" lint --no-config "$@" >"$T/out" 2>"$T/err"; rc=$?; out=$(tr -d '\0' <"$T/out"); err=$(cat "$T/err"); }
# "PATH LINE RULE" for every finding of a JSON report
rows() { jq -r '.findings[] | "\(.location.path) \(.location.line // 0) \(.ruleId)"' <<<"$out" | sort; }

D="sha256:$(printf '%064d' 0)"
good="FROM debian:12.5@$D
USER 10001
HEALTHCHECK NONE
RUN cd /tmp"
mkdir -p "$T/bad"
printf '%s\n' "$good" >"$T/bad/good.Dockerfile"
printf 'FROM debian:12\nRUN <<EOF\necho hi\n' >"$T/bad/heredoc.Dockerfile"
printf 'FROM debian:12\nENV A=1\nENV B="unterminated\nRUN true\n' >"$T/bad/quote.Dockerfile"
printf 'FROM debian:12\n\nCOPY\nRUN true\n' >"$T/bad/missing.Dockerfile"
printf 'FROM debian:12\nRUN true\nFETCH http://x\n' >"$T/bad/unknown.Dockerfile"
printf 'FROM debian:12\nRUN echo a\000b\n' >"$T/bad/nul.Dockerfile"
printf 'FROM debian:12\nLABEL a=b\nRUN echo \xff\xfe\n' >"$T/bad/utf8.Dockerfile"
{ printf 'FROM debian:12\nRUN true\nRUN echo '; head -c 10485760 /dev/zero | tr '\0' a; printf '\nRUN true\n'; } >"$T/bad/long.Dockerfile"
printf 'FROM\n' >"$T/bad/nofrom-arg.Dockerfile"

cd "$T/bad"
lint --format json good.Dockerfile heredoc.Dockerfile quote.Dockerfile missing.Dockerfile \
    unknown.Dockerfile nul.Dockerfile utf8.Dockerfile long.Dockerfile nofrom-arg.Dockerfile
eq "$rc" 1 "one good file among bad ones: exit 1 (parse errors are high, the default threshold)"
eq "$(rows | grep DDL000)" "heredoc.Dockerfile 2 DDL000
long.Dockerfile 3 DDL000
missing.Dockerfile 3 DDL000
nofrom-arg.Dockerfile 1 DDL000
nul.Dockerfile 2 DDL000
quote.Dockerfile 3 DDL000
unknown.Dockerfile 3 DDL000
utf8.Dockerfile 3 DDL000" "parse errors on the right lines"
eq "$(rows | grep '^good')" "good.Dockerfile 4 DDL003" "the good file is still linted"
eq "$(jq -r '.meta.files, .meta.parsed' <<<"$out" | paste -sd' ')" "9 1" "files and parsed counted"
msg() { jq -r --arg p "$1" '.findings[] | select(.location.path == $p) | .message' <<<"$out"; }
has "$(msg heredoc.Dockerfile)" "unterminated heredoc" "heredoc message"
has "$(msg quote.Dockerfile)" "unterminated double quote" "quote message"
has "$(msg missing.Dockerfile)" "COPY requires at least one argument" "missing argument message"
has "$(msg unknown.Dockerfile)" "unknown instruction 'FETCH'" "unknown instruction message"
has "$(msg nul.Dockerfile)" "NUL byte" "NUL message"
has "$(msg utf8.Dockerfile)" "invalid UTF-8" "UTF-8 message"
has "$(msg long.Dockerfile)" "longer than" "long line message"
eq "$(jq -r '.findings[] | select(.location.path == "nul.Dockerfile") | .location.column' <<<"$out")" 11 "NUL column"

# A name that is not there is a usage error naming it (a typo), not a high finding; nothing
# is linted, not even the files that exist.
lint --format json good.Dockerfile does-not-exist.Dockerfile
eq "$rc" 2 "a missing file: exit 2"
eq "$out" "" "and no report"
has "$err" "drydock: error: does-not-exist.Dockerfile: no such file or directory" "naming it"
(cd "$T" && "$DRYDOCK" lint --no-config >/dev/null 2>"$T/err2")
eq "$?" 2 "no Dockerfile in the current directory: exit 2"
has "$(cat "$T/err2")" "Dockerfile: no such file or directory" "naming the default"

lint heredoc.Dockerfile nul.Dockerfile long.Dockerfile
eq "$rc" 3 "nothing parsed: exit 3"
has "$out" "heredoc.Dockerfile:2:5 DDL000 high: unterminated heredoc" "text report of a parse error"

# --fail-on, and hadolint's spellings of it
lint --fail-on low good.Dockerfile
eq "$rc" 1 "--fail-on low with a low finding"
lint --fail-on medium good.Dockerfile
eq "$rc" 0 "--fail-on medium with only a low finding"
lint good.Dockerfile
eq "$rc" 0 "default threshold (high): a low finding passes"
printf 'FROM debian:12.5@%s\nHEALTHCHECK NONE\n' "$D" >root.Dockerfile
lint root.Dockerfile
eq "$rc" 1 "default threshold (high): no USER (high) fails"
lint --fail-on none root.Dockerfile
eq "$rc" 0 "--fail-on none always passes"
lint --no-fail root.Dockerfile
eq "$rc" 0 "--no-fail always passes"
lint --failure-threshold info good.Dockerfile
eq "$rc" 1 "--failure-threshold info (hadolint's info is our low)"
lint --failure-threshold error good.Dockerfile
eq "$rc" 0 "--failure-threshold error"
lint -t bogus good.Dockerfile
eq "$rc" 2 "--failure-threshold with an unknown name: usage error"
lint --require-label foo:bogus good.Dockerfile
eq "$rc" 2 "--require-label with an unknown format: usage error"
has "$err" "unknown format 'bogus'" "--require-label format named"
lint --frobnicate good.Dockerfile
eq "$rc" 2 "unknown option: exit 2"

# Empty and comments-only files are errors, as docker build says.
printf '' >empty.Dockerfile
printf '# syntax=docker/dockerfile:1\n# just a comment\n\n' >comments.Dockerfile
lint --format json empty.Dockerfile comments.Dockerfile good.Dockerfile
eq "$(rows | grep DDL000)" "comments.Dockerfile 1 DDL000
empty.Dockerfile 1 DDL000" "empty and comments-only files"
has "$(jq -r '.findings[].message' <<<"$out")" "no instructions" "empty file message"

# A directory without a Dockerfile says so.
mkdir -p "$T/nodf/sub" && printf 'x\n' >"$T/nodf/sub/README"
lint --format json "$T/nodf"
eq "$(jq -r '.findings[] | "\(.ruleId) \(.message)"' <<<"$out" | cut -c1-24)" "DDL000 no Dockerfile in " "directory without Dockerfile"
eq "$rc" 3 "nothing to lint: exit 3"

# Directories: Dockerfile*, *.Dockerfile, *.dockerfile; .git and node_modules skipped.
mkdir -p "$T/tree/a/b" "$T/tree/node_modules/x" "$T/tree/.git" "$T/tree/c"
for f in Dockerfile a/Dockerfile.dev a/b/api.Dockerfile c/web.dockerfile node_modules/x/Dockerfile .git/Dockerfile; do
    printf '%s\n' "$good" >"$T/tree/$f"
done
printf 'not a dockerfile\n' >"$T/tree/README.md"
printf 'node_modules\n' >"$T/tree/Dockerfile.dockerignore"
lint --format json "$T/tree"
eq "$rc" 0 "directory exit code"
eq "$(jq -r '.findings[].location.path' <<<"$out" | sed "s|$T/tree/||" | sort | paste -sd' ')" \
    "Dockerfile a/Dockerfile.dev a/b/api.Dockerfile c/web.dockerfile" "files found in a directory"

# Standard input
out=$(printf 'FROM debian:12.5@%s\nUSER root\nHEALTHCHECK NONE\n' "$D" | "$DRYDOCK" lint --no-config --format json -)
rc=$?
eq "$(rows)" "- 2 DDL100" "stdin"

# Pragmas, hadolint's through the alias.
printf 'FROM debian:12.5@%s\nUSER 10001\nHEALTHCHECK NONE\n# drydock ignore=DDL003\nRUN cd /a\n# hadolint ignore=DL3003,DL3004\nRUN cd /b && sudo true\nRUN cd /c\n' "$D" >"$T/pragma.Dockerfile"
lint --ignore DDL046 --format json "$T/pragma.Dockerfile"
eq "$(rows | sed "s|$T/||")" "pragma.Dockerfile 8 DDL003" "pragmas silence only their instruction"

# .drydock.yaml found upward; --config; CLI options add to it.
mkdir -p "$T/proj/svc/deep"
cat >"$T/proj/.drydock.yaml" <<'YAML'
ignore: [DL3003]
severity:
  DDL100: critical
  DDL110: off
trusted-registries: [docker.io]
required-labels:
  - org.opencontainers.image.source
YAML
printf 'FROM quay.io/a/b:1\nRUN cd /x && sudo true\n' >"$T/proj/svc/deep/Dockerfile"
"$DRYDOCK" lint --format json "$T/proj/svc/deep/Dockerfile" >"$T/out" 2>"$T/err"
out=$(cat "$T/out")
eq "$(jq -r '.findings[] | "\(.location.line) \(.ruleId) \(.severity)"' <<<"$out" | sort | paste -sd,)" \
    "1 DDL023 high,1 DDL044 info,1 DDL045 low,1 DDL100 critical,2 DDL004 medium" "config found upward"
"$DRYDOCK" lint --config "$T/proj/.drydock.yaml" --ignore DDL004,DDL045 --format json \
    "$T/proj/svc/deep/Dockerfile" >"$T/out"
out=$(cat "$T/out")
eq "$(jq -r '.findings[].ruleId' <<<"$out" | sort | paste -sd,)" "DDL023,DDL044,DDL100" "--config plus --ignore"
printf 'ignore: [DDL001\nseverity: x\n' >"$T/bad.yaml"
"$DRYDOCK" lint --config "$T/bad.yaml" "$T/proj/svc/deep/Dockerfile" >/dev/null 2>"$T/err"
rc=$?
eq "$rc" 3 "bad YAML exit code"
has "$(cat "$T/err")" "$T/bad.yaml:2" "bad YAML names file and line"
mkdir -p "$T/typo"
printf 'ignroe: [DDL001]\n' >"$T/typo/.drydock.yaml"
"$DRYDOCK" lint --config "$T/typo/.drydock.yaml" "$T/proj/svc/deep/Dockerfile" >/dev/null 2>"$T/err"
eq "$?" 3 "unknown key in .drydock.yaml: exit code"
has "$(cat "$T/err")" ".drydock.yaml:1: unknown key ignroe" "unknown key named"

# .hadolint.yaml, found upward like .drydock.yaml, read with hadolint's keys; a key drydock
# does not implement (or does not know) is a warning, never silently ignored.
mkdir -p "$T/hado/svc"
cat >"$T/hado/.hadolint.yaml" <<'YAML'
ignored: [DL3003]
override:
  error: [DL3059]
trustedRegistries: [docker.io]
label-schema:
  org.opencontainers.image.source: url
strict-labels: true
failure-threshold: error
verbose: true
something-new: 1
YAML
printf 'FROM quay.io/a/b:1\nUSER 10001\nHEALTHCHECK NONE\nLABEL org.opencontainers.image.source=notaurl extra=1\nRUN cd /x\nRUN make\n' >"$T/hado/svc/Dockerfile"
"$DRYDOCK" lint --format json "$T/hado/svc/Dockerfile" >"$T/out" 2>"$T/err"
rc=$?
out=$(cat "$T/out")
eq "$(jq -r '.findings[] | "\(.location.line) \(.ruleId) \(.severity)"' <<<"$out" | sort | paste -sd,)" \
    "1 DDL023 high,1 DDL110 info,4 DDL057 info,4 DDL059 medium,6 DDL046 high" ".hadolint.yaml keys applied"
eq "$rc" 1 "failure-threshold error from .hadolint.yaml"
has "$(cat "$T/err")" ".hadolint.yaml:9: hadolint setting not implemented by drydock (ignored): verbose" "verbose warned"
has "$(cat "$T/err")" ".hadolint.yaml:10: unknown key, ignored: something-new" "unknown key warned"
"$DRYDOCK" lint --no-fail "$T/hado/svc/Dockerfile" >/dev/null 2>&1
eq "$?" 0 "--no-fail over the file's threshold"
# hadolint's environment variables: over the file, under the command line.
HADOLINT_IGNORE=DL3059,DL3008 HADOLINT_OVERRIDE_ERROR=DL3057 HADOLINT_FAILURE_THRESHOLD=none \
    "$DRYDOCK" lint --format json "$T/hado/svc/Dockerfile" >"$T/out" 2>/dev/null
rc=$?
eq "$(jq -r '.findings[] | "\(.ruleId) \(.severity)"' "$T/out" | sort | paste -sd,)" \
    "DDL023 high,DDL057 info,DDL059 medium,DDL110 info" "HADOLINT_IGNORE over the file's ignore list"
eq "$rc" 0 "HADOLINT_FAILURE_THRESHOLD=none over the file's threshold"
HADOLINT_FAILURE_THRESHOLD=none "$DRYDOCK" lint --failure-threshold warning "$T/hado/svc/Dockerfile" >/dev/null 2>&1
eq "$?" 1 "the command line over HADOLINT_FAILURE_THRESHOLD"
HADOLINT_FAILURE_THRESHOLD=loud "$DRYDOCK" lint "$T/hado/svc/Dockerfile" >/dev/null 2>"$T/err"
eq "$?" 2 "a bad HADOLINT_FAILURE_THRESHOLD is a usage error"
printf 'no-fail: true\ndisable-ignore-pragma: true\n' >"$T/hado/svc/.hadolint.yml"
printf '# hadolint ignore=DL3003\n' | cat - "$T/hado/svc/Dockerfile" >"$T/hado/svc/Dockerfile.pragma"
"$DRYDOCK" lint --format json "$T/hado/svc/Dockerfile.pragma" >"$T/out" 2>/dev/null
rc=$?
eq "$rc" 0 "no-fail from the nearest .hadolint.yml"
has "$(jq -r '.findings[].ruleId' <<<"$(cat "$T/out")")" "DDL003" "disable-ignore-pragma"
# hadolint's own places when nothing is found going up: here ~/.hadolint.yaml
mkdir -p "$T/home" "$T/loose"
printf 'ignored: [DDL003]\n' >"$T/home/.hadolint.yaml"
printf '%s\n' "$good" >"$T/loose/Dockerfile"
HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" "$DRYDOCK" lint --format json "$T/loose/Dockerfile" >"$T/out" 2>/dev/null
eq "$(jq -r '[.findings[].ruleId] | join(",")' "$T/out")" "" "~/.hadolint.yaml is hadolint's fallback"

# SARIF: artifact location and region for code scanning.
printf 'FROM debian:12.5@%s\nUSER app\nHEALTHCHECK NONE\nWORKDIR /a\n  RUN   cd /tmp\n' "$D" >"$T/sarif.Dockerfile"
cd "$T" && lint --format sarif sarif.Dockerfile
eq "$(jq -r '.runs[0].results[] | select(.ruleId == "DDL003") | .locations[0].physicalLocation |
    "\(.artifactLocation.uri) \(.region.startLine) \(.region.startColumn)"' <<<"$out")" \
    "sarif.Dockerfile 5 9" "SARIF region"
eq "$(jq -r '.runs[0].tool.driver.rules[] | select(.id == "DDL003") | .properties.alias' <<<"$out")" \
    "DL3003" "SARIF rule carries the hadolint alias"

# Secrets are masked in every format.
secret=ghp_0123456789abcdefghijklmnopqrstuvwxyz
printf 'FROM debian:12.5@%s\nUSER app\nHEALTHCHECK NONE\nENV GITHUB_TOKEN=%s\n' "$D" "$secret" >"$T/secret.Dockerfile"
for fmt in text json sarif junit checkstyle codeclimate gitlab gnu sonarqube; do
    lint --format "$fmt" "$T/secret.Dockerfile"
    has "$out" "DDL102" "secret found ($fmt)"
    hasnt "$out" "$secret" "secret masked ($fmt)"
    hasnt "$out" "0123456789abcdef" "secret masked ($fmt)"
done

# The CI formats: problems at their file and line, in each format's own vocabulary.
printf 'FROM debian:12.5@%s\nRUN cd /tmp && sudo true\nHEALTHCHECK NONE\n' "$D" >"$T/ci.Dockerfile"
cd "$T"
lint --format gnu ci.Dockerfile
eq "$(grep -c . <<<"$out")" 3 "gnu: one line per finding"
has "$out" "ci.Dockerfile:2:16: warning: DDL004: sudo in a build step" "gnu line"
lint --format checkstyle ci.Dockerfile
has "$out" '<file name="ci.Dockerfile">' "checkstyle file"
has "$out" '<error line="2" column="16" severity="warning" message="sudo in a build step" source="drydock.DDL004"/>' "checkstyle error"
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.read())' <<<"$out"
eq "$?" 0 "checkstyle is well-formed XML"
lint --format sonarqube ci.Dockerfile
eq "$(jq -r '.issues[] | select(.ruleId == "DDL004") | "\(.engineId) \(.severity) \(.type) \(.primaryLocation.filePath) \(.primaryLocation.textRange.startLine)"' <<<"$out")" \
    "drydock MAJOR VULNERABILITY ci.Dockerfile 2" "sonarqube issue"
"$DRYDOCK" lint --no-config --format codeclimate ci.Dockerfile >"$T/cc" 2>/dev/null
eq "$(tr -cd '\0' <"$T/cc" | wc -c)" 3 "codeclimate: NUL after each issue"
eq "$(tr '\0' '\n' <"$T/cc" | jq -r 'select(.check_name == "DDL004") | "\(.severity) \(.location.path) \(.location.lines.begin)"')" \
    "major ci.Dockerfile 2" "codeclimate issue"
lint --format gitlab ci.Dockerfile
first=$(jq -r '[.[].fingerprint] | join(",")' <<<"$out")
eq "$(jq -r '[.[].fingerprint] | unique | length' <<<"$out")" 3 "gitlab: one fingerprint per issue"
lint --format gitlab_codeclimate ci.Dockerfile
eq "$(jq -r '[.[].fingerprint] | join(",")' <<<"$out")" "$first" "gitlab: fingerprints stable between runs"
# ... and for another command's report: a secret found by `drydock scan` in a rootfs.
mkdir -p "$T/rootfs/etc"
printf 'token = "%s"\n' "$secret" >"$T/rootfs/etc/app.conf"
"$DRYDOCK" scan --scanners secrets --format gnu "rootfs:$T/rootfs" >"$T/out" 2>/dev/null
has "$(cat "$T/out")" "etc/app.conf:1" "gnu format of a scan report"
hasnt "$(cat "$T/out")" "$secret" "scan secret masked in gnu"
"$DRYDOCK" scan --scanners secrets --format sonarqube "rootfs:$T/rootfs" >"$T/out" 2>/dev/null
eq "$(jq -r '.issues | length > 0' "$T/out")" "true" "sonarqube format of a scan report"

# Start-up: lint loads none of the heavy libraries (src/lazy/); scan loads what it uses
# when it uses it. LD_DEBUG is the dynamic loader's own account of what it loaded.
heavy='file=lib(curl|archive|hs|pcre2-8|sqlite3|crypto|sodium|git2|expat)\.so'
loaded=$(LD_DEBUG=files "$DRYDOCK" lint --no-config "$T/ci.Dockerfile" 2>&1 >/dev/null | grep -cE "$heavy")
eq "$loaded" 0 "lint loads no heavy library"
loaded=$(LD_DEBUG=files "$DRYDOCK" scan --scanners secrets "rootfs:$T/rootfs" 2>&1 >/dev/null |
    grep -E "$heavy" | grep -c 'dynamically loaded')
checks=$((checks + 1))
[ "$loaded" -ge 2 ] || fail "scan loads vectorscan and PCRE2 on first use (got $loaded)"

echo "$((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
