/* The driver of `drydock bench`: which checks run (--check/--skip) and how a check that
 * cannot run is reported. Sections 1-3 then 4-7, in table order. */
#include <regex.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bench/bench.h"
#include "core/mem.h"

/* The CIS id a selector names: "CIS-5.4", "cis-5.4" and "5.4" are the same. */
static const char *strip_cis(const char *s)
{
    return strncasecmp(s, "CIS-", 4) == 0 ? s + 4 : s;
}

static const char *rule_cis(const dd_rule *rule)
{
    return rule->cis ? rule->cis : strip_cis(rule->id);
}

/* A selector matches a rule when it is the rule's id, or a leading run of whole
 * components of its CIS id: "5" matches 5.4, "1.1" matches 1.1.3, "5.1" does not
 * match 5.10. */
static bool sel_matches(const char *sel, const dd_rule *rule)
{
    if (!sel || !*sel)
        return false;
    if (strcmp(sel, rule->id) == 0)
        return true;
    const char *want = strip_cis(sel);
    const char *have = rule_cis(rule);
    size_t n = strlen(want);
    if (n && want[n - 1] == '.')
        n--;
    return n && strncmp(want, have, n) == 0 && (have[n] == '\0' || have[n] == '.');
}

static bool any_matches(const char *const *sels, size_t n, const dd_rule *rule)
{
    for (size_t i = 0; i < n; i++)
        if (sel_matches(sels[i], rule))
            return true;
    return false;
}

bool dd_bench_selected(const dd_rule *rule, const dd_bench_opts *o)
{
    if (!o)
        return !(rule->flags & DD_RULE_OPTIONAL);
    if (any_matches(o->skips, o->nskips, rule))
        return false;
    if (o->nchecks)
        return any_matches(o->checks, o->nchecks, rule);
    return !(rule->flags & DD_RULE_OPTIONAL);
}

static void run_one(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!c->fn) {
        dd_report_add(r, &c->rule, DD_STATUS_MANUAL, "host", "%s",
                      c->audit ? c->audit : (c->rule.remediation ? c->rule.remediation : ""));
        return;
    }
    if ((c->needs & DD_BENCH_NEEDS_DAEMON) && !f->engine) {
        const char *why = f->engine_error.msg[0] ? f->engine_error.msg : "no Docker daemon";
        dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "could not run: %s", why);
        return;
    }
    size_t before = r->n;
    c->fn(c, f, r);
    if ((c->needs & DD_BENCH_PER_CONTAINER) && f->vanished) {
        /* A container that went away between the list and its inspect was neither good
         * nor bad: say so on every check it would have been part of. */
        size_t i;
        const json_t *v;
        json_array_foreach(f->vanished, i, v)
        {
            dd_report_add(r, &c->rule, DD_STATUS_SKIPPED,
                          json_string_value(json_object_get(v, "Name")),
                          "container disappeared during the run");
        }
    }
    if (r->n == before)
        dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "the check produced no result");
}

const dd_rule_table *const dd_bench_tables[] = {&dd_bench_host_table, &dd_bench_runtime_table,
                                                &dd_bench_trust_table, NULL};

int dd_bench_run(const dd_bench_facts *f, dd_report *r, dd_error *e)
{
    (void)e;
    for (const dd_rule_table *const *t = dd_bench_tables; *t; t++)
        for (size_t i = 0; i < (*t)->n; i++) {
            const dd_bench_check *c = (const dd_bench_check *)dd_rule_table_at(*t, i);
            if (dd_bench_selected(&c->rule, f->opts))
                run_one(c, f, r);
        }
    return 0;
}

int dd_bench_validate_selectors(const char *const *sels, size_t n, const char *opt, dd_error *e)
{
    for (size_t k = 0; k < n; k++) {
        bool found = false;
        for (const dd_rule_table *const *t = dd_bench_tables; *t && !found; t++)
            for (size_t i = 0; i < (*t)->n && !found; i++)
                found = sel_matches(sels[k], dd_rule_table_at(*t, i));
        if (!found) {
            dd_error_set(e, DD_ERR_USAGE, 0, "%s %s: no such check or section", opt, sels[k]);
            return dd_error_hint(e, "'drydock rules --command bench' lists every check");
        }
    }
    return 0;
}

/* Whether any of `names` matches any of the patterns. */
static int any_name(const char *const *pats, size_t npats, const char *const *names, size_t n,
                    bool *hit, const char *opt, dd_error *e)
{
    *hit = false;
    for (size_t p = 0; p < npats && !*hit; p++) {
        /* docker-bench-security turns "a,b" into the alternation a|b */
        char *pat = dd_xstrdup(pats[p]);
        for (char *c = pat; *c; c++)
            if (*c == ',')
                *c = '|';
        regex_t re;
        if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB) != 0) {
            free(pat);
            return dd_error_set(e, DD_ERR_USAGE, 0, "%s %s: not a regular expression", opt,
                                pats[p]);
        }
        free(pat);
        for (size_t i = 0; i < n && !*hit; i++)
            *hit = names[i] && regexec(&re, names[i], 0, NULL, 0) == 0;
        regfree(&re);
    }
    return 0;
}

int dd_bench_name_in_scope(const dd_bench_opts *o, const char *const *names, size_t n, bool *in,
                           dd_error *e)
{
    bool hit;
    *in = true;
    if (!o)
        return 0;
    if (o->ninclude) {
        if (any_name(o->include, o->ninclude, names, n, &hit, "--include", e) < 0)
            return -1;
        *in = hit;
    }
    if (*in && o->nexclude) {
        if (any_name(o->exclude, o->nexclude, names, n, &hit, "--exclude", e) < 0)
            return -1;
        *in = !hit;
    }
    return 0;
}

void dd_bench_add_meta(dd_report *r, const dd_bench_facts *f)
{
    const char *root = f->opts ? f->opts->root : NULL;
    const char *name = f->info ? json_string_value(json_object_get(f->info, "Name")) : NULL;
    char host[256] = "";
    if (!name && gethostname(host, sizeof host - 1) == 0)
        name = host;
    if (name)
        json_object_set_new(r->meta, "host", json_string(name));
    /* the daemon's --label values: the node's labels in a fleet (report/node.h) */
    json_t *labels = f->info ? json_object_get(f->info, "Labels") : NULL;
    if (json_array_size(labels))
        json_object_set(r->meta, "engineLabels", labels);
    if (root && *root)
        json_object_set_new(r->meta, "root", json_string(root));
    if (f->engine) {
        json_object_set_new(r->meta, "dockerHost", json_string(dd_engine_host(f->engine)));
        json_object_set_new(r->meta, "apiVersion", json_string(dd_engine_api_version(f->engine)));
    }
    const char *ver = json_string_value(json_object_get(f->version, "Version"));
    if (ver)
        json_object_set_new(r->meta, "dockerVersion", json_string(ver));
    json_object_set_new(r->meta, "containers",
                        json_integer((json_int_t)json_array_size(f->containers)));
    if (!f->engine && f->engine_error.kind != DD_ERR_NONE) {
        json_object_set_new(r->meta, "engineError", json_string(f->engine_error.msg));
        if (f->daemon_required) {
            free(r->headline);
            r->headline = dd_xasprintf("no Docker daemon: %s. Sections 1 and 3 ran; the checks "
                                       "that need the daemon could not.",
                                       f->engine_error.msg);
        }
    }
}
