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
lint() { "$DRYDOCK" lint --no-config "$@" >"$T/out" 2>"$T/err"; rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err"); }
# "PATH LINE RULE" for every finding of a JSON report
rows() { jq -r '.findings[] | "\(.location.path) \(.location.line // 0) \(.ruleId)"' <<<"$out" | sort; }

D="sha256:$(printf '%064d' 0)"
good="FROM debian:12.5@$D
USER app
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
    unknown.Dockerfile nul.Dockerfile utf8.Dockerfile long.Dockerfile nofrom-arg.Dockerfile \
    does-not-exist.Dockerfile
eq "$rc" 0 "one good file among bad ones: exit 0"
eq "$(rows | grep DDL000)" "does-not-exist.Dockerfile 0 DDL000
heredoc.Dockerfile 2 DDL000
long.Dockerfile 3 DDL000
missing.Dockerfile 3 DDL000
nofrom-arg.Dockerfile 1 DDL000
nul.Dockerfile 2 DDL000
quote.Dockerfile 3 DDL000
unknown.Dockerfile 3 DDL000
utf8.Dockerfile 3 DDL000" "parse errors on the right lines"
eq "$(rows | grep '^good')" "good.Dockerfile 4 DDL003" "the good file is still linted"
eq "$(jq -r '.meta.files, .meta.parsed' <<<"$out" | paste -sd' ')" "10 1" "files and parsed counted"
msg() { jq -r --arg p "$1" '.findings[] | select(.location.path == $p) | .message' <<<"$out"; }
has "$(msg heredoc.Dockerfile)" "unterminated heredoc" "heredoc message"
has "$(msg quote.Dockerfile)" "unterminated double quote" "quote message"
has "$(msg missing.Dockerfile)" "COPY requires at least one argument" "missing argument message"
has "$(msg unknown.Dockerfile)" "unknown instruction 'FETCH'" "unknown instruction message"
has "$(msg nul.Dockerfile)" "NUL byte" "NUL message"
has "$(msg utf8.Dockerfile)" "invalid UTF-8" "UTF-8 message"
has "$(msg long.Dockerfile)" "longer than" "long line message"
has "$(msg does-not-exist.Dockerfile)" "No such file" "missing file message"
eq "$(jq -r '.findings[] | select(.location.path == "nul.Dockerfile") | .location.column' <<<"$out")" 11 "NUL column"

lint heredoc.Dockerfile nul.Dockerfile long.Dockerfile
eq "$rc" 3 "nothing parsed: exit 3"
has "$out" "heredoc.Dockerfile:2:5 DDL000 high: unterminated heredoc" "text report of a parse error"

# --fail-on
lint --fail-on low good.Dockerfile
eq "$rc" 1 "--fail-on low with a low finding"
lint --fail-on medium good.Dockerfile
eq "$rc" 0 "--fail-on medium with only a low finding"
lint --frobnicate good.Dockerfile
eq "$rc" 2 "unknown option: exit 2"

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
printf 'FROM debian:12.5@%s\nUSER app\nHEALTHCHECK NONE\n# drydock ignore=DDL003\nRUN cd /a\n# hadolint ignore=DL3003,DL3004\nRUN cd /b && sudo true\nRUN cd /c\n' "$D" >"$T/pragma.Dockerfile"
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
printf 'ignroe: [DDL001]\n' >"$T/typo.yaml"
"$DRYDOCK" lint --config "$T/typo.yaml" "$T/proj/svc/deep/Dockerfile" >/dev/null 2>"$T/err"
eq "$?" 3 "unknown key exit code"
has "$(cat "$T/err")" "typo.yaml:1: unknown key ignroe" "unknown key named"

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
for fmt in text json sarif junit; do
    lint --format "$fmt" "$T/secret.Dockerfile"
    has "$out" "DDL102" "secret found ($fmt)"
    hasnt "$out" "$secret" "secret masked ($fmt)"
    hasnt "$out" "0123456789abcdef" "secret masked ($fmt)"
done

echo "$((checks - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
