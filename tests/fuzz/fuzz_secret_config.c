/* libFuzzer target for the secret configuration reader (Trivy's trivy-secret.yaml): the
 * file arrives with the repository being scanned, so any bytes must load or fail with a
 * message naming the file, without a crash, a leak or a hang. A configuration that loads
 * and keeps the rule set small (enable-builtin-rules present, few rules, short regexes) is
 * also compiled with both engines and run over a fixed text, so hostile regexes, keywords,
 * group names, allow rules and exclude-blocks reach vectorscan and PCRE2 too; both engines
 * must agree. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secrets/secrets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] = "# settings\nMYCORP_TOKEN=mycorp_0123456789abcdefghijklmnopqrstuv\n"
                             "password = \"Xq9!vR2#kLm7\"\nsecret: abc\n\n";

static int count(const dd_secret_match *m, void *ud)
{
    if (!m->masked || !strstr(m->masked, "****") || !m->rule || !m->rule->id)
        abort();
    (*(int *)ud)++;
    return 0;
}

static int run(const dd_secret_config *c, dd_secret_engine engine, const char *path)
{
    dd_secret_scanner *s = NULL;
    dd_error e = {0};
    if (dd_secret_scanner_new_config(&s, engine, c, &e) < 0) {
        if (!e.msg[0])
            abort(); /* a failure always says why */
        return -1;
    }
    dd_secret_scratch *sc = dd_secret_scratch_new(s);
    int n = 0;
    if (!sc || dd_secret_scan(s, sc, path, sample, sizeof sample - 1, count, &n, &e) < 0)
        abort();
    if (!dd_secret_same_path_rules(s, path, path))
        abort();
    dd_secret_scratch_free(sc);
    dd_secret_scanner_free(s);
    return n;
}

static bool short_regexes(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(v[i]) > 200)
            return false;
    return true;
}

static bool small(const dd_secret_config *c)
{
    if (!c->enable || c->nenable > 2 || c->nrules > 4 || c->nexclude_all > 8 ||
        !short_regexes(c->exclude, c->nexclude))
        return false;
    for (size_t i = 0; i < c->nrules; i++)
        if (strlen(c->rules[i].r.regex) > 200 ||
            !short_regexes(c->rules[i].exclude, c->rules[i].nexclude))
            return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_secret_config *c = NULL;
    dd_error e = {0};
    if (dd_secret_config_parse(&c, (const char *)data, size, "trivy-secret.yaml", &e) < 0) {
        if (!e.msg[0] || c)
            abort();
        return 0;
    }
    for (size_t i = 0; i < c->nwarnings; i++)
        if (strncmp(c->warnings[i], "trivy-secret.yaml:", 18) != 0)
            abort(); /* every warning names the file and line */
    if (small(c)) {
        static const char *const paths[] = {"app/config.env", "docs/readme.txt", NULL};
        const char *path = paths[size % 3];
        int a = run(c, DD_SECRET_ENGINE_VECTORSCAN, path);
        int b = run(c, DD_SECRET_ENGINE_PCRE2, path);
        if (a >= 0 && b >= 0 && a != b)
            abort();
    }
    dd_secret_config_free(c);
    return 0;
}
