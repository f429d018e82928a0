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

#define TOKEN       "mycorp_0123456789abcdefghijklmnopqrstuv"
#define ONLY_CUSTOM "enable-builtin-rules: []\n"

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
    /* allow rules: on the secret, on the whole match, by path; global and per rule */
    const char *rule = "rules:\n  - id: t\n    regex: 'key: (?P<s>mycorp_[a-z0-9]{32})'\n"
                       "    secret-group-name: s\n";
    expect(ONLY_CUSTOM "allow-rules:\n  - {id: a, regex: '^mycorp_0123'}\n", "x", text, "");
    expect(ONLY_CUSTOM "allow-rules:\n  - {id: a, regex: '^key: '}\n", "x", text, "");
    char buf[512];
    snprintf(buf, sizeof buf, ONLY_CUSTOM "%s    allow-rules:\n      - {id: a, path: '^docs/'}\n",
             rule);
    expect(buf, "docs/x", text, "");
    expect(buf, "src/x", text, "t@2:6 myco**** (39 chars);");
    snprintf(buf, sizeof buf,
             ONLY_CUSTOM "%sallow-rules:\n  - {id: a, path: '^docs/'}\ndisable-allow-rules: [a]\n",
             rule);
    expect(buf, "docs/x", text, "t@2:6 myco**** (39 chars);");
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
    scan("rules:\n  - {id: t}\n", DD_SECRET_ENGINE_VECTORSCAN, "x", "", &h);
    CHECK_STR(h.s, "error: t.yaml:2: a rule needs a regex: t");
    scan("rules:\n  - {id: t, regex: a}\n  - {id: t, regex: b}\n", DD_SECRET_ENGINE_VECTORSCAN, "x",
         "", &h);
    CHECK_STR(h.s, "error: t.yaml:3: duplicate rule id: t");
    dd_secret_config *c = NULL;
    dd_error e = {0};
    const char *y = "rules:\n  - {id: t, regex: a, colour: red}\nfoo: 1\n";
    CHECK(dd_secret_config_parse(&c, y, strlen(y), "t.yaml", &e) == 0);
    CHECK_INT((int)c->nwarnings, 2);
    CHECK_STR(c->warnings[0], "t.yaml:2: unknown key in a rule, ignored: colour");
    CHECK_STR(c->warnings[1], "t.yaml:3: unknown key, ignored: foo");
    dd_secret_config_free(c);
    return dd_test_done();
}
