/* `drydock rules -c watch`, the man page and --help list the default ruleset from the
 * same YAML the watch loads: the table is built from it on first use. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "watch/default_rules.h"
#include "watch/watch.h"

typedef struct watch_row {
    dd_rule rule;
} watch_row;

static dd_rule_table table = {"watch", "Runtime detection, in Falco's rule language", NULL, 0,
                              sizeof(watch_row)};
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The first MITRE ATT&CK technique tag (T1059.004) as its page. */
static char *mitre_url(const dd_wrule *r)
{
    for (size_t i = 0; i < r->ntags; i++) {
        const char *t = r->tags[i];
        if (t[0] != 'T' || t[1] < '0' || t[1] > '9')
            continue;
        char *u = dd_xasprintf("https://attack.mitre.org/techniques/%s/", t);
        for (char *p = u + 36; *p; p++)
            if (*p == '.')
                *p = '/';
        return u;
    }
    return NULL;
}

/* YAML block scalars end with a newline */
static char *trimmed(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        n--;
    return dd_xstrndup(s, n);
}

static void build(void)
{
    dd_watch_opts o = {0};
    dd_error e = {0};
    dd_ruleset *rs;
    /* the default ruleset is part of the program and tested to load; if it ever did not,
     * `drydock rules` shows an empty table and `drydock watch` reports why */
    if (dd_watch_load_rules(&o, &rs, NULL, &e) < 0)
        return;
    size_t n = dd_ruleset_count(rs);
    watch_row *rows = dd_xcalloc(n ? n : 1, sizeof *rows);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const dd_wrule *r = dd_ruleset_at(rs, i);
        dd_rule *d = &rows[k++].rule;
        d->id = dd_xstrdup(r->id ? r->id : r->name);
        d->title = dd_xstrdup(r->name);
        d->severity = dd_prio_severity(r->prio);
        d->group = "watch";
        d->rationale = trimmed(r->desc);
        d->remediation = trimmed(r->remediation);
        d->url = mitre_url(r);
        d->flags = r->enabled ? 0 : DD_RULE_OPTIONAL;
    }
    dd_ruleset_free(rs);
    table.rows = rows;
    table.n = k;
}

const dd_rule_table *dd_watch_rule_table(void)
{
    pthread_once(&once, build);
    return &table;
}
