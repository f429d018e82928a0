#include "report/rule.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

/* Each capability contributes its table here. */
extern const dd_rule_table dd_bench_host_table;
extern const dd_rule_table dd_bench_runtime_table;
extern const dd_rule_table dd_bench_trust_table;
extern const dd_rule_table dd_lint_table;
extern const dd_rule_table dd_scan_table;
extern const dd_rule_table dd_secret_table;
extern const dd_rule_table dd_vuln_table;
extern const dd_rule_table dd_repo_table;
extern const dd_rule_table dd_manifest_table;
extern const dd_rule_table dd_inside_table;

#ifdef DD_INSIDE_ONLY /* the static drydock-inside binary carries only its own rules */
static const dd_rule_table *const tables[] = {&dd_inside_table, NULL};
#define N_BUILTIN (DD_ARRAY_LEN(tables) - 1)

const dd_rule_table *const *dd_rule_tables(void)
{
    return tables;
}

const dd_rule_table *const *dd_rule_tables_builtin(void)
{
    return tables;
}
#else
/* drydock watch: its table is built from the default ruleset's YAML on first use. Parsing
 * that YAML costs more than linting a Dockerfile, so lookups try the builtin tables first and
 * a command that never meets a watch rule (lint in a pre-commit hook) never parses it. */
const dd_rule_table *dd_watch_rule_table(void);

static const dd_rule_table *const builtin[] = {
    &dd_bench_host_table,
    &dd_bench_runtime_table,
    &dd_bench_trust_table,
    &dd_lint_table,
    &dd_manifest_table,
    &dd_scan_table,
    &dd_secret_table,
    &dd_vuln_table,
    &dd_repo_table,
    &dd_inside_table,
    NULL,
};
#define N_BUILTIN (DD_ARRAY_LEN(builtin) - 1)
/* builtin, then watch, then NULL. */
static const dd_rule_table *all[N_BUILTIN + 2];
static pthread_once_t watch_once = PTHREAD_ONCE_INIT;

static void add_watch(void)
{
    memcpy(all, builtin, N_BUILTIN * sizeof *builtin);
    all[N_BUILTIN] = dd_watch_rule_table();
}

const dd_rule_table *const *dd_rule_tables(void)
{
    pthread_once(&watch_once, add_watch);
    return all;
}

const dd_rule_table *const *dd_rule_tables_builtin(void)
{
    return builtin;
}
#endif

static const dd_rule *find_in(const dd_rule_table *const *tabs, const char *id,
                              const dd_rule_table **table_out)
{
    for (const dd_rule_table *const *t = tabs; *t; t++)
        for (size_t i = 0; i < (*t)->n; i++) {
            const dd_rule *r = dd_rule_table_at(*t, i);
            if (strcmp(r->id, id) == 0) {
                if (table_out)
                    *table_out = *t;
                return r;
            }
        }
    return NULL;
}

const dd_rule *dd_rule_find(const char *id, const dd_rule_table **table_out)
{
    /* The builtin tables first; then only what dd_rule_tables() adds after them. */
    const dd_rule *r = find_in(dd_rule_tables_builtin(), id, table_out);
    return r ? r : find_in(dd_rule_tables() + N_BUILTIN, id, table_out);
}

static const char *const sev_names[] = {"unknown", "info", "low", "medium", "high", "critical"};

const char *dd_severity_name(dd_severity s)
{
    if ((unsigned)s >= DD_ARRAY_LEN(sev_names))
        return "unknown";
    return sev_names[s];
}

int dd_severity_parse(const char *s, dd_severity *out)
{
    static const struct {
        const char *name;
        dd_severity sev;
    } map[] = {
        {"critical", DD_SEV_CRITICAL}, {"high", DD_SEV_HIGH},      {"error", DD_SEV_HIGH},
        {"medium", DD_SEV_MEDIUM},     {"warning", DD_SEV_MEDIUM}, {"moderate", DD_SEV_MEDIUM},
        {"low", DD_SEV_LOW},           {"note", DD_SEV_LOW},       {"info", DD_SEV_INFO},
        {"style", DD_SEV_INFO},        {"none", DD_SEV_UNKNOWN},   {"unknown", DD_SEV_UNKNOWN},
    };
    for (size_t i = 0; i < DD_ARRAY_LEN(map); i++)
        if (strcasecmp(s, map[i].name) == 0) {
            *out = map[i].sev;
            return 0;
        }
    return -1;
}
