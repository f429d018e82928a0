/* The secret configuration (Trivy's trivy-secret.yaml) inside the engine: what each key does
 * to the matches, with both engines and through the stream API, which must agree. */
#include <stdio.h>
#include <string.h>

#include "secrets/secrets.h"
#include "tap.h"

typedef struct hits {
    char s[1024];
} hits;

static int add(const dd_secret_match *m, void *ud)
{
    hits *h = ud;
    size_t n = strlen(h->s);
    snprintf(h->s + n, sizeof h->s - n, "%s@%d:%d %s;", m->rule->id, m->line, m->column, m->masked);
    return 0;
}

/* The matches of `text` at `path` under configuration `yaml`, by `engine`. */
static void scan(const char *yaml, dd_secret_engine engine, const char *path, const char *text,
                 hits *h)
{
    memset(h, 0, sizeof *h);
    dd_secret_config *c = NULL;
    dd_secret_scanner *s = NULL;
    dd_error e = {0};
    if (dd_secret_config_parse(&c, yaml, strlen(yaml), "t.yaml", &e) < 0 ||
        dd_secret_scanner_new_config(&s, engine, c, &e) < 0) {
        snprintf(h->s, sizeof h->s, "error: %s", e.msg);
        dd_secret_config_free(c);
        return;
    }
    dd_secret_scratch *sc = dd_secret_scratch_new(s);
    dd_secret_scan(s, sc, path, text, strlen(text), add, h, &e);
    dd_secret_scratch_free(sc);
    dd_secret_scanner_free(s);
    dd_secret_config_free(c);
}

/* Both engines, and the stream API fed byte by byte, give `want`. */
static void expect(const char *yaml, const char *path, const char *text, const char *want)
{
    hits a, b, c = {{0}};
    scan(yaml, DD_SECRET_ENGINE_VECTORSCAN, path, text, &a);
    scan(yaml, DD_SECRET_ENGINE_PCRE2, path, text, &b);
    CHECK_STR(a.s, want);
    CHECK_STR(b.s, want);
    dd_secret_config *cfg = NULL;
    dd_secret_scanner *s = NULL;
    dd_error e = {0};
    if (dd_secret_config_parse(&cfg, yaml, strlen(yaml), "t.yaml", &e) == 0 &&
        dd_secret_scanner_new_config(&s, DD_SECRET_ENGINE_VECTORSCAN, cfg, &e) == 0) {
        dd_secret_scratch *sc = dd_secret_scratch_new(s);
        dd_secret_stream *st = dd_secret_stream_open(s, sc, path, false, add, &c);
        for (size_t i = 0; text[i]; i++)
            dd_secret_stream_feed(st, text + i, 1, &e);
        dd_secret_stream_close(st, &e);
        dd_secret_scratch_free(sc);
        dd_secret_scanner_free(s);
        CHECK_STR(c.s, want);
    }
    dd_secret_config_free(cfg);
}

#define TOKEN "mycorp_0123456789abcdefghijklmnopqrstuv"
/* One built-in rule that none of the texts below holds: as in Trivy, an empty
 * enable-builtin-rules would enable them all. */
#define ONLY_CUSTOM "enable-builtin-rules: [aws-access-key-id]\n"

int main(void)
{
    const char *text = "a\nkey: " TOKEN "\n";
    /* keywords are a prefilter on the whole file, case-insensitively, not the line */
    expect(ONLY_CUSTOM "rules:\n  - {id: t, severity: high, regex: 'mycorp_[a-z0-9]{32}', "
                       "keywords: [KEY]}\n",
           "x", text, "t@2:6 myco**** (39 chars);");
    expect(ONLY_CUSTOM "rules:\n  - {id: t, regex: 'mycorp_[a-z0-9]{32}', keywords: [absent]}\n",
           "x", text, "");
    /* no keywords: the regex itself is the prefilter; one that matches the empty string
     * cannot be one, and still runs */
    expect(ONLY_CUSTOM "rules:\n  - {id: t, regex: 'mycorp_[a-z0-9]{32}'}\n", "x", text,
           "t@2:6 myco**** (39 chars);");
    expect(ONLY_CUSTOM "rules:\n  - {id: t, regex: '(?P<s>mycorp_[a-z0-9]{32})?'}\n", "x", text,
           "t@2:6 myco**** (39 chars);");
    /* secret-group-name: only the group is the secret (located and masked) */
    expect(ONLY_CUSTOM "rules:\n  - {id: t, regex: 'key: (?P<tok>mycorp_[a-z0-9]{32})', "
                       "secret-group-name: tok}\n",
           "x", text, "t@2:6 myco**** (39 chars);");
    /* Go's meaning of ^: the start of the text, not of each line */
    expect(ONLY_CUSTOM "rules:\n  - {id: t, regex: '^key'}\n", "x", text, "");
    /* path regexes on relative paths; no path (an ENV value) never matches one */
    const char *pathrule = ONLY_CUSTOM "rules:\n  - {id: t, regex: 'mycorp_[a-z0-9]{32}', "
                                       "path: '^etc/.*\\.conf$'}\n";
    expect(pathrule, "/etc/app.conf", text, "t@2:6 myco**** (39 chars);");
    expect(pathrule, "/srv/app.conf", text, "");
    expect(pathrule, NULL, text, "");
    /* allow rules: on the whole match (as Trivy: not the secret group), by path; global
     * and per rule */
    const char *rule = "rules:\n  - id: t\n    regex: 'key: (?P<s>mycorp_[a-z0-9]{32})'\n"
                       "    secret-group-name: s\n";
    char buf[1024];
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%sallow-rules:\n  - {id: a, regex: '^mycorp_0123'}\n",
             rule);
    expect(buf, "x", text, "t@2:6 myco**** (39 chars);");
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%sallow-rules:\n  - {id: a, regex: '^key: '}\n", rule);
    expect(buf, "x", text, "");
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%sallow-rules:\n  - {id: a, regex: 'p_0123'}\n", rule);
    expect(buf, "x", text, "");
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%s    allow-rules:\n      - {id: a, path: '^docs/'}\n",
             rule);
    expect(buf, "docs/x", text, "");
    expect(buf, "src/x", text, "t@2:6 myco**** (39 chars);");
    snprintf(buf, sizeof buf,
             ONLY_CUSTOM "%sallow-rules:\n  - {id: a, path: '^docs/'}\ndisable-allow-rules: [a]\n",
             rule);
    expect(buf, "docs/x", text, "t@2:6 myco**** (39 chars);");
    /* ...but never a rule's own allow rules (Trivy filters the top-level list only) */
    snprintf(buf, sizeof buf,
             ONLY_CUSTOM "%s    allow-rules:\n      - {id: a, path: '^docs/'}\n"
                         "disable-allow-rules: [a]\n",
             rule);
    expect(buf, "docs/x", text, "");
    /* an empty enable-builtin-rules enables every built-in rule, as Trivy */
    expect("enable-builtin-rules: []\n", "x",
           "id = AK"
           "IAZ7QKXR2M4N6P5T3V\n",
           "secret-aws-access-key-id@1:6 AKIA**** (20 chars);");

    /* exclude-block: a secret inside a span an exclude regex matches is dropped; the same
     * secret outside it is not. The secret is what Trivy checks: the secret group when the
     * rule names one, else the whole match. */
    const char *blk =
        "a\nkey: " TOKEN "\n# BEGIN TEST\nkey: " TOKEN "\n# END TEST\nkey: " TOKEN "\n";
    const char *two = "t@2:6 myco**** (39 chars);t@6:6 myco**** (39 chars);";
    const char *three = "t@2:6 myco**** (39 chars);t@4:6 myco**** (39 chars);"
                        "t@6:6 myco**** (39 chars);";
#define XB(re)      "exclude-block:\n  description: fixtures\n  regexes:\n" re
#define RULE_XB(re) "    exclude-block:\n      regexes:\n" re
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%s" XB("    - 'BEGIN TEST(.|\\s)*END TEST'\n"), rule);
    expect(buf, "x", blk, two);
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%s" RULE_XB("        - 'BEGIN TEST(.|\\s)*END TEST'\n"),
             rule);
    expect(buf, "x", blk, two);
    /* a span over part of the secret excludes nothing; one over exactly the group does */
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%s" XB("    - 'key: mycorp_0123'\n"), rule);
    expect(buf, "x", blk, three);
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%s" XB("    - 'mycorp_[a-z0-9]{32}'\n"), rule);
    expect(buf, "x", blk, "");
    /* without secret-group-name the whole match must lie inside the span */
    expect(ONLY_CUSTOM "rules:\n  - {id: t, regex: 'key: mycorp_[a-z0-9]{32}'}\n" XB(
               "    - 'mycorp_[a-z0-9]{32}'\n"),
           "x", blk,
           "t@2:1 key:**** (44 chars);t@4:1 key:**** (44 chars);t@6:1 key:**** (44 chars);");
    /* inside one span, not the union of two overlapping ones */
    snprintf(buf, sizeof buf,
             ONLY_CUSTOM "%s" XB("    - 'key: mycorp_0123456789'\n    - '0123456789[a-v]+'\n"),
             rule);
    expect(buf, "x", blk, three);
    /* a span per byte (pruned to the spans no other contains) beside the long one */
    snprintf(buf, sizeof buf,
             ONLY_CUSTOM "%s" XB("    - '.'\n    - '(?s).'\n    - 'BEGIN TEST(.|\\s)*END TEST'\n"),
             rule);
    expect(buf, "x", blk, two);
    /* an empty match excludes nothing (and the search moves on) */
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%s" XB("    - 'x*'\n"), rule);
    expect(buf, "x", blk, three);
    /* the top-level block applies to built-in rules; a rule's own block to it alone */
    const char *awsblk = "# BEGIN TEST\nid = AK"
                         "IAZ7QKXR2M4N6P5T3V\nkey: " TOKEN "\n# END TEST\n";
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%s" XB("    - 'BEGIN TEST(.|\\s)*END TEST'\n"), rule);
    expect(buf, "x", awsblk, "");
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%s" RULE_XB("        - 'BEGIN TEST(.|\\s)*END TEST'\n"),
             rule);
    expect(buf, "x", awsblk, "secret-aws-access-key-id@2:6 AKIA**** (20 chars);");
    /* a section nearly as long as a block, with Trivy's own `(.|\s)*` (one PCRE2
     * backtracking frame per byte): found whole, as Go's linear engine finds it */
    {
        static char big[1000000];
        size_t n = (size_t)snprintf(big, sizeof big, "BEGIN TEST\nkey: %s\n", TOKEN);
        for (int i = 0; i < 36000; i++)
            n += (size_t)snprintf(big + n, sizeof big - n, "filler line of text here\n");
        snprintf(big + n, sizeof big - n, "END TEST\nkey: %s\n", TOKEN);
        snprintf(buf, sizeof buf, ONLY_CUSTOM "%s" XB("    - 'BEGIN TEST(.|\\s)*END TEST'\n"),
                 rule);
        expect(buf, "x", big, "t@36004:6 myco**** (39 chars);");
        snprintf(buf, sizeof buf, ONLY_CUSTOM "%s" XB("    - 'BEGIN TEST(.|\\s)*?END TEST'\n"),
                 rule);
        expect(buf, "x", big, "t@36004:6 myco**** (39 chars);");
    }
    /* Go's meaning of ^ in an exclude regex: the start of the text */
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%s" XB("    - '^key: .*'\n"), rule);
    expect(buf, "x", "key: " TOKEN "\nkey: " TOKEN "\n", "t@2:6 myco**** (39 chars);");
    /* built-in rules: chosen by Trivy's id or drydock's, allowed like custom ones */
    const char *aws = "id = AK"
                      "IAZ7QKXR2M4N6P5T3V\n";
    expect("enable-builtin-rules: [aws-access-key-id]\n", "x", aws,
           "secret-aws-access-key-id@1:6 AKIA**** (20 chars);");
    expect("disable-rules: [secret-aws-access-key-id]\n", "x", aws, "");
    expect("allow-rules:\n  - {id: a, regex: 'P5T3V$'}\n", "x", aws, "");
    /* same path rules: an allow path or a rule path makes two paths differ */
    {
        dd_secret_config *c = NULL;
        dd_secret_scanner *s = NULL;
        dd_error e = {0};
        const char *y = ONLY_CUSTOM "allow-rules:\n  - {id: a, path: '^docs/'}\n";
        CHECK(dd_secret_config_parse(&c, y, strlen(y), "t.yaml", &e) == 0);
        CHECK(dd_secret_scanner_new_config(&s, DD_SECRET_ENGINE_VECTORSCAN, c, &e) == 0);
        CHECK(!dd_secret_same_path_rules(s, "docs/a", "src/a"));
        CHECK(dd_secret_same_path_rules(s, "docs/a", "/docs/b"));
        dd_secret_scanner_free(s);
        dd_secret_config_free(c);
    }
    /* what the user is told */
    hits h;
    scan("rules:\n  - {id: t, regex: 'a(b'}\n", DD_SECRET_ENGINE_VECTORSCAN, "x", "", &h);
    CHECK_STR(h.s, "error: t.yaml:2: regex: bad regex at offset 3: missing closing parenthesis");
    scan("exclude-block:\n  regexes: ['a(b']\n", DD_SECRET_ENGINE_VECTORSCAN, "x", "", &h);
    CHECK_STR(h.s, "error: t.yaml:2: exclude-block regex: bad regex at offset 3: missing closing "
                   "parenthesis");
    scan("exclude-block: [x]\n", DD_SECRET_ENGINE_VECTORSCAN, "x", "", &h);
    CHECK_STR(h.s, "error: t.yaml:1: expected an exclude-block (description, regexes)");
    {
        /* one bound for every exclude-block regex of the file */
        static char many[16384];
        size_t n = (size_t)snprintf(many, sizeof many,
                                    "rules:\n  - id: t\n    regex: x\n"
                                    "    exclude-block: {regexes: [");
        for (int i = 0; i < 40; i++)
            n += (size_t)snprintf(many + n, sizeof many - n, "%sa", i ? "," : "");
        n += (size_t)snprintf(many + n, sizeof many - n, "]}\nexclude-block: {regexes: [");
        for (int i = 0; i < 25; i++)
            n += (size_t)snprintf(many + n, sizeof many - n, "%sb", i ? "," : "");
        snprintf(many + n, sizeof many - n, "]}\n");
        scan(many, DD_SECRET_ENGINE_VECTORSCAN, "x", "", &h);
        CHECK_STR(h.s, "error: t.yaml:5: too many exclude-block regexes");
        many[n - 2] = ']'; /* 64 is the bound: accepted */
        many[n - 1] = '}';
        many[n] = '\n';
        many[n + 1] = '\0';
        scan(many, DD_SECRET_ENGINE_VECTORSCAN, "x", "", &h);
        CHECK_STR(h.s, "");
    }
    scan("rules:\n  - {id: t}\n", DD_SECRET_ENGINE_VECTORSCAN, "x", "", &h);
    CHECK_STR(h.s, "error: t.yaml:2: a rule needs a regex: t");
    scan("rules:\n  - {id: t, regex: a}\n  - {id: t, regex: b}\n", DD_SECRET_ENGINE_VECTORSCAN, "x",
         "", &h);
    CHECK_STR(h.s, "error: t.yaml:3: duplicate rule id: t");
    dd_secret_config *c = NULL;
    dd_error e = {0};
    const char *y = "rules:\n  - {id: t, regex: a, colour: red, severity: info}\nfoo: 1\n"
                    "exclude-block: {regexes: [a], colour: red}\nskip-patterns: ['**/x']\n"
                    "disable-allow-rules: [own, markdown]\n"
                    "allow-rules: [{id: top, regex: a}]\n";
    CHECK(dd_secret_config_parse(&c, y, strlen(y), "t.yaml", &e) == 0);
    CHECK_INT((int)c->nwarnings, 7);
    CHECK_STR(c->warnings[0], "t.yaml:2: unknown key in a rule, ignored: colour");
    CHECK_STR(
        c->warnings[1],
        "t.yaml:2: unknown severity (CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN), UNKNOWN used: info");
    CHECK_STR(c->warnings[2], "t.yaml:3: unknown key, ignored: foo");
    CHECK_STR(c->warnings[3], "t.yaml:4: unknown key in an exclude-block, ignored: colour");
    CHECK_STR(c->warnings[4],
              "t.yaml:5: Trivy setting not implemented by drydock (ignored; use --skip-files): "
              "skip-patterns");
    CHECK_STR(c->warnings[5], "t.yaml:6: disable-allow-rules names no top-level allow rule, "
                              "ignored: own");
    CHECK_STR(c->warnings[6], "t.yaml:6: disable-allow-rules: drydock has no built-in allow rules "
                              "(it scans what Trivy's would skip), nothing to disable: markdown");
    CHECK_INT((int)c->rules[0].r.rule.severity, DD_SEV_UNKNOWN);
    dd_secret_config_free(c);
    return dd_test_done();
}
