#!/usr/bin/env bash
# Custom secret rules and allow-lists in Trivy's secret-config format (issue 15), as a Trivy
# user meets them: the same trivy-secret.yaml given to `scan --secret-config`, found as the
# default in the current directory, or named in .drydock.yaml / DRYDOCK_SECRET_CONFIG;
# custom findings with the file's id and severity at file:line in text, JSON and SARIF;
# allow rules (regex on the match, path regex) for built-in and custom rules alike;
# exclude-block (top-level and per rule); disable-rules, enable-builtin-rules,
# disable-allow-rules as Trivy applies them; an unknown key or a severity Trivy would not
# know is a warning at its line, a bad regex or bad YAML an error at its line (exit 2, as a
# bad .drydock.yaml).
. "$DD_SRC/tests/e2e/lib.sh"
export DOCKER_HOST="unix://$DD_TMP/no-daemon.sock" NO_COLOR=1
unset DRYDOCK_CONFIG DRYDOCK_SECRET_CONFIG

W=$DD_TMP/w
mkdir -p "$W/tree/app" "$W/tree/docs"
cd "$W" || exit 1
# Tokens are assembled at run time so that this file holds no secret-shaped literal.
AWS="AK""IAZ7QKXR2M4N6P5T3V"
GHP="gh""p_R8x2Lq7Vn3Kp9Wd4Ty6Zb1Hc5Mf0Js2Ga8Ue"
SLACK="xo""xb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
MYCORP="myco""rp_0123456789abcdefghijklmnopqrstuv"
printf '# app settings\nMYCORP_TOKEN=%s\nAWS_ACCESS_KEY_ID=%s\n' "$MYCORP" "$AWS" >tree/app/config.env
printf '#!/bin/sh\nexport GITHUB_TOKEN=%s\nexport SLACK=%s\n' "$GHP" "$SLACK" >tree/app/deploy.sh
printf 'use myco%s in the docs\n' "rp_aaaabbbbccccddddeeeeffffgggghhhh" >tree/docs/readme.txt
cat >trivy.yaml <<EOF
rules:
  - id: mycorp-token
    category: MyCorp
    title: MyCorp API token
    severity: HIGH
    regex: (?P<secret>mycorp_[a-z0-9]{32})
    secret-group-name: secret
    keywords:
      - MYCORP_
    allow-rules:
      - id: docs
        description: documentation
        path: ^docs/
allow-rules:
  - id: test-aws
    description: the AWS key of the test account
    regex: $AWS
EOF
lines() { grep -E '^[^ ]+:[0-9]+:[0-9]+ ' <<<"$DD_OUT"; }

# ---- without a configuration: the built-in rules -------------------------------------------
run_dd scan --scanners secrets fs:tree
assert_rc 0 "built-in scan"
assert_eq "$(lines)" "app/config.env:3:19 secret-aws-access-key-id critical: AWS access key id: AKIA**** (20 chars)
app/deploy.sh:2:21 secret-github-pat critical: GitHub personal access token (classic): ghp_**** (40 chars)
app/deploy.sh:3:14 secret-slack-bot-token high: Slack bot token: xoxb**** (51 chars)" "built-in findings"

# ---- the custom rule found, the allowed built-in match gone, the rest unchanged ----------
EXPECTED="app/config.env:2:14 mycorp-token high: MyCorp API token: myco**** (39 chars)
app/deploy.sh:2:21 secret-github-pat critical: GitHub personal access token (classic): ghp_**** (40 chars)
app/deploy.sh:3:14 secret-slack-bot-token high: Slack bot token: xoxb**** (51 chars)"
run_dd scan --scanners secrets --secret-config trivy.yaml fs:tree
assert_rc 0 "--secret-config"
assert_eq "$(lines)" "$EXPECTED" "--secret-config: custom finding, AWS key allowed, docs/ allowed for mycorp-token"
assert_eq "$DD_ERR" "" "--secret-config: no warning for a file drydock reads whole"

# the same file as Trivy's default name in the current directory, from .drydock.yaml, and
# from the environment
cp trivy.yaml trivy-secret.yaml
run_dd scan --scanners secrets fs:tree
assert_eq "$(lines)" "$EXPECTED" "trivy-secret.yaml in the current directory is read"
rm trivy-secret.yaml
printf 'scan:\n  secret-config: trivy.yaml\n' >.drydock.yaml
run_dd scan --scanners secrets fs:tree
assert_eq "$(lines)" "$EXPECTED" ".drydock.yaml scan.secret-config"
rm .drydock.yaml
DRYDOCK_SECRET_CONFIG=trivy.yaml run_dd scan --scanners secrets fs:tree
assert_eq "$(lines)" "$EXPECTED" "DRYDOCK_SECRET_CONFIG"

# an image's files (rootfs: goes through the image walker): the same findings, paths rooted
run_dd scan --scanners secrets --secret-config trivy.yaml rootfs:tree
assert_eq "$(lines)" "$(sed 's|^app/|/app/|' <<<"$EXPECTED")" "rootfs: custom rule and allow rules"

# git history (fs: --git-history): a custom secret committed then deleted
if command -v git >/dev/null; then
    mkdir -p "$W/hist" && (cd "$W/hist" && git init -q && printf 'T=%s\n' "$MYCORP" >leak.txt &&
        git add . && git -c user.email=t@t -c user.name=t commit -qm a && git rm -q leak.txt &&
        git -c user.email=t@t -c user.name=t commit -qm b)
    run_dd scan --scanners secrets --git-history --secret-config trivy.yaml fs:hist
    assert_contains "$(lines)" "leak.txt:1:3 DDR-SECRET-HISTORY high: MyCorp API token (mycorp-token: myco**** (39 chars)) in leak.txt at commit" \
        "--git-history: the custom rule on a deleted file"
fi

# JSON and SARIF carry the custom id and severity
run_dd scan --scanners secrets --secret-config trivy.yaml -f json fs:tree
assert_eq "$(jq -c '[.findings[] | select(.ruleId == "mycorp-token") | [.severity, .location.path, .location.line]]' <<<"$DD_OUT")" \
    '[["high","app/config.env",2]]' "JSON: the custom finding"
run_dd scan --scanners secrets --secret-config trivy.yaml -f sarif fs:tree
assert_eq "$(jq -c '[.runs[0].results[] | [.ruleId, .locations[0].physicalLocation.artifactLocation.uri, .locations[0].physicalLocation.region.startLine]]' <<<"$DD_OUT")" \
    '[["mycorp-token","app/config.env",2],["secret-github-pat","app/deploy.sh",2],["secret-slack-bot-token","app/deploy.sh",3]]' \
    "SARIF: results with the custom id"
assert_eq "$(jq -r '.runs[0].tool.driver.rules[] | select(.id == "mycorp-token") | .properties["security-severity"] // "" | length > 0' <<<"$DD_OUT")" \
    true "SARIF: the custom rule described with a security-severity"

# ---- disable-rules (Trivy's id, without drydock's prefix), disable-allow-rules --------------
# As Trivy: disable-allow-rules names top-level allow rules; a rule's own (docs) stays.
{ cat trivy.yaml; printf 'disable-rules:\n  - github-pat\ndisable-allow-rules:\n  - test-aws\n  - docs\n'; } >dis.yaml
run_dd scan --scanners secrets --secret-config dis.yaml fs:tree
assert_eq "$(lines)" "app/config.env:2:14 mycorp-token high: MyCorp API token: myco**** (39 chars)
app/config.env:3:19 secret-aws-access-key-id critical: AWS access key id: AKIA**** (20 chars)
app/deploy.sh:3:14 secret-slack-bot-token high: Slack bot token: xoxb**** (51 chars)" \
    "disable-rules drops github-pat; disable-allow-rules brings the AWS key back, not docs/"
assert_contains "$DD_ERR" "dis.yaml:21: disable-allow-rules names no top-level allow rule, ignored: docs" \
    "disable-allow-rules naming a rule's own allow rule is a warning"

# ---- exclude-block: a secret inside a span of an exclude regex is dropped -------------------
# The same GitHub token and MyCorp token inside the fixture block and after it; the
# top-level block applies to every rule (github-pat), the rule's own to mycorp-token only.
mkdir -p "$W/xtree/app"
printf '#!/bin/sh\n# BEGIN TEST FIXTURES\nexport GITHUB_TOKEN=%s\nMYCORP_TOKEN=%s\n# END TEST FIXTURES\nexport GITHUB_TOKEN=%s\nMYCORP_TOKEN=%s\n' \
    "$GHP" "$MYCORP" "$GHP" "$MYCORP" >xtree/app/fixtures.sh
XB='(?s)BEGIN TEST FIXTURES.*END TEST FIXTURES'
cat >xrule.yaml <<EOF
rules:
  - id: mycorp-token
    title: MyCorp API token
    severity: HIGH
    regex: (?P<secret>mycorp_[a-z0-9]{32})
    secret-group-name: secret
    exclude-block:
      description: test fixtures
      regexes:
        - $XB
EOF
run_dd scan --scanners secrets --secret-config xrule.yaml fs:xtree
assert_rc 0 "exclude-block of a rule"
assert_eq "$(lines)" "app/fixtures.sh:3:21 secret-github-pat critical: GitHub personal access token (classic): ghp_**** (40 chars)
app/fixtures.sh:6:21 secret-github-pat critical: GitHub personal access token (classic): ghp_**** (40 chars)
app/fixtures.sh:7:14 mycorp-token high: MyCorp API token: myco**** (39 chars)" \
    "a rule's exclude-block drops its secret on line 4, keeps line 7 and the other rule's"
assert_eq "$DD_ERR" "" "exclude-block: no warning any more"
{ cat xrule.yaml; printf 'exclude-block:\n  regexes:\n    - %s\n' "$XB"; } >xglobal.yaml
run_dd scan --scanners secrets --secret-config xglobal.yaml fs:xtree
assert_eq "$(lines)" "app/fixtures.sh:6:21 secret-github-pat critical: GitHub personal access token (classic): ghp_**** (40 chars)
app/fixtures.sh:7:14 mycorp-token high: MyCorp API token: myco**** (39 chars)" \
    "the top-level exclude-block drops the built-in rule's secret on line 3 too"
run_dd scan --scanners secrets --secret-config xglobal.yaml rootfs:xtree
assert_eq "$(lines)" "/app/fixtures.sh:6:21 secret-github-pat critical: GitHub personal access token (classic): ghp_**** (40 chars)
/app/fixtures.sh:7:14 mycorp-token high: MyCorp API token: myco**** (39 chars)" \
    "exclude-block through the image walker"
printf 'exclude-block:\n  description: x\n  regexes:\n    - ok\n    - "BEGIN (TEST"\n' >xbad.yaml
run_dd scan --scanners secrets --secret-config xbad.yaml fs:xtree
assert_rc 2 "a bad exclude-block regex"
assert_contains "$DD_ERR" "xbad.yaml:5: exclude-block regex: bad regex at offset" "bad exclude-block regex named at its line"
assert_eq "$DD_OUT" "" "bad exclude-block regex: no partial report"

# ---- enable-builtin-rules limits the built-in rules to those listed ------------------------
printf 'enable-builtin-rules:\n  - slack-bot-token\n  - secret-aws-access-key-id\n' >en.yaml
run_dd scan --scanners secrets --secret-config en.yaml fs:tree
assert_eq "$(lines)" "app/config.env:3:19 secret-aws-access-key-id critical: AWS access key id: AKIA**** (20 chars)
app/deploy.sh:3:14 secret-slack-bot-token high: Slack bot token: xoxb**** (51 chars)" \
    "enable-builtin-rules"

# ---- a key drydock does not implement: a warning naming the file and line ------------------
{ cat trivy.yaml; printf 'skip-patterns:\n  - "**/vendor/**"\ncolour: blue\n'; } >warn.yaml
run_dd scan --scanners secrets --secret-config warn.yaml fs:tree
assert_rc 0 "unknown keys are not fatal"
assert_eq "$(lines)" "$EXPECTED" "unknown keys: the rules still apply"
assert_contains "$DD_ERR" "drydock: warning: warn.yaml:18: Trivy setting not implemented by drydock (ignored; use --skip-files): skip-patterns" "skip-patterns warned at its line"
assert_contains "$DD_ERR" "drydock: warning: warn.yaml:20: unknown key, ignored: colour" "unknown key warned at its line"
printf 'disable-rules: [no-such-rule]\n' >typo.yaml
run_dd scan --scanners secrets --secret-config typo.yaml fs:tree
assert_contains "$DD_ERR" "typo.yaml:1: disable-rules names no known rule, ignored: no-such-rule" "a rule id that names nothing is a warning"

# ---- errors: bad regex, bad YAML, missing file, bad severity: exit 2, file:line -------------
printf 'rules:\n  - id: bad\n    regex: "mycorp_[a-z"\n' >badre.yaml
run_dd scan --scanners secrets --secret-config badre.yaml fs:tree
assert_rc 2 "bad regex"
assert_contains "$DD_ERR" "badre.yaml:3: regex: bad regex at offset" "bad regex named at its line"
assert_eq "$DD_OUT" "" "bad regex: no partial report"
printf 'rules:\n  - id: x\n   regex: [\n' >badyaml.yaml
run_dd scan --scanners secrets --secret-config badyaml.yaml fs:tree
assert_rc 2 "bad YAML"
assert_contains "$DD_ERR" "badyaml.yaml:3:" "bad YAML named at its line"
# a severity Trivy does not know: Trivy's UNKNOWN, and a warning at its line
printf 'rules:\n  - id: x\n    regex: myco[r]p_[a-z0-9]{32}\n    severity: huge\n' >badsev.yaml
run_dd scan --scanners secrets --secret-config badsev.yaml fs:tree/app
assert_rc 0 "a severity Trivy does not know is not fatal"
assert_contains "$(lines)" "config.env:2:14 x unknown: x: myco**** (39 chars)" "...the rule reports as UNKNOWN"
assert_contains "$DD_ERR" "drydock: warning: badsev.yaml:4: unknown severity (CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN), UNKNOWN used: huge" \
    "bad severity warned at its line"
printf 'rules:\n  - id: x\n    regex: (?P<a>x)\n    secret-group-name: b\n' >badgrp.yaml
run_dd scan --scanners secrets --secret-config badgrp.yaml fs:tree
assert_rc 2 "unknown secret group"
assert_contains "$DD_ERR" "badgrp.yaml:2: secret-group-name is not a named group of the regex: b" "unknown group named"
# Keys with no value are YAML's null, an empty list to Trivy: accepted, nothing configured.
printf 'rules:\n  - id: x\n    regex: myco[r]p_[a-z0-9]{32}\n    keywords:\n    allow-rules:\nallow-rules:\nexclude-block:\ndisable-rules: ~\nenable-builtin-rules:\n' >empty.yaml
run_dd scan --scanners secrets --secret-config empty.yaml fs:tree/app
assert_rc 0 "keys with no value"
assert_eq "$DD_ERR" "" "keys with no value: no warning"
assert_contains "$(lines)" "config.env:2:14 x unknown: x: myco**** (39 chars)" "...and the rule still runs"
run_dd scan --scanners secrets --secret-config missing.yaml fs:tree
assert_rc 2 "a named file that is missing"
assert_contains "$DD_ERR" "missing.yaml" "missing file named"

done_tests
