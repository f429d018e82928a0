/* The driver of `drydock bench`: which checks run (--check/--skip) and how a check that
 * cannot run is reported. Sections 1-3 then 4-7, in table order. */
#include <string.h>
#include <strings.h>

#include "bench/bench.h"

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
