#include "report/report.h"

#include <errno.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "core/outfile.h"
#include "report/node.h"

void dd_report_init(dd_report *r, const char *command, const char *title)
{
    memset(r, 0, sizeof *r);
    r->command = command;
    r->title = title;
    r->meta = json_object();
}

void dd_finding_free(dd_finding *f)
{
    free(f->rule_id);
    free(f->title);
    free(f->target);
    free(f->path);
    free(f->message);
    if (f->props)
        json_decref(f->props);
}

void dd_report_free(dd_report *r)
{
    for (size_t i = 0; i < r->n; i++)
        dd_finding_free(&r->items[i]);
    free(r->items);
    if (r->meta)
        json_decref(r->meta);
    if (r->components)
        json_decref(r->components);
    dd_notes_free(&r->notes);
    free(r->headline);
    memset(r, 0, sizeof *r);
}

__attribute__((format(printf, 5, 0))) static dd_finding *add_v(dd_report *r, const dd_rule *rule,
                                                               dd_status st, const char *target,
                                                               const char *fmt, va_list ap)
{
    r->items = dd_xgrow(r->items, &r->cap, r->n + 1, sizeof *r->items);
    dd_finding *f = &r->items[r->n++];
    memset(f, 0, sizeof *f);
    f->rule = rule;
    f->severity = rule ? rule->severity : DD_SEV_UNKNOWN;
    f->status = st;
    f->target = dd_xstrdup(target);
    if (fmt && strcmp(fmt, "%s") == 0) {
        /* The common case of a message made elsewhere: a copy, not a printf. */
        const char *m = va_arg(ap, const char *);
        f->message = dd_xstrdup(m ? m : "(null)"); /* what printf would have made of it */
    } else if (fmt) {
        if (vasprintf(&f->message, fmt, ap) < 0)
            f->message = NULL;
    }
    return f;
}

dd_finding *dd_report_add(dd_report *r, const dd_rule *rule, dd_status st, const char *target,
                          const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dd_finding *f = add_v(r, rule, st, target, fmt, ap);
    va_end(ap);
    return f;
}

dd_finding *dd_report_add_dynamic(dd_report *r, const char *id, const char *title, dd_severity sev,
                                  dd_status st, const char *target, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dd_finding *f = add_v(r, NULL, st, target, fmt, ap);
    va_end(ap);
    f->rule_id = dd_xstrdup(id);
    f->title = dd_xstrdup(title);
    f->severity = sev;
    return f;
}

static const char *const status_names[] = {"pass", "fail", "info", "manual", "skipped", "error"};

const char *dd_status_name(dd_status s)
{
    return (unsigned)s < DD_ARRAY_LEN(status_names) ? status_names[s] : "unknown";
}

/* Rule order is table order: find each rule's index once via its address. */
static long rule_rank(const dd_rule *rule)
{
    if (!rule)
        return 1L << 40;
    /* The builtin tables are the prefix of dd_rule_tables(): they come first, and only a
     * rule found in none of them makes the watch table (parsed on first use) be built. */
    const dd_rule_table *const *builtin = dd_rule_tables_builtin(), *const *t = builtin;
    long base = 0;
    for (int pass = 0; pass < 2; pass++, t = dd_rule_tables() + (t - builtin)) {
        for (; *t; t++) {
            const char *lo = (*t)->rows;
            const char *hi = lo + (*t)->n * (*t)->stride;
            if ((const char *)rule >= lo && (const char *)rule < hi)
                return base + ((const char *)rule - lo) / (long)(*t)->stride;
            base += (long)(*t)->n;
        }
    }
    return 1L << 39;
}

static int strcmp0(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* Sorting key: the rule's rank is looked up once per finding, not once per comparison,
 * and the original position breaks ties so the order stays what a stable sort gives. */
typedef struct sort_key {
    long rank;
    size_t pos;
    const dd_finding *f;
} sort_key;

static int cmp_finding(const void *pa, const void *pb)
{
    const sort_key *ka = pa, *kb = pb;
    const dd_finding *a = ka->f, *b = kb->f;
    int c;
    if ((c = strcmp0(a->path, b->path)))
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (ka->rank != kb->rank)
        return ka->rank < kb->rank ? -1 : 1;
    if ((c = strcmp0(dd_finding_id(a), dd_finding_id(b))))
        return c;
    if ((c = strcmp0(a->target, b->target)))
        return c;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    if ((c = strcmp0(a->message, b->message)))
        return c;
    return ka->pos < kb->pos ? -1 : ka->pos > kb->pos;
}

void dd_report_sort(dd_report *r)
{
    if (r->n <= 1)
        return;
    sort_key *keys = dd_xmalloc(r->n * sizeof *keys);
    const dd_rule *last = NULL;
    long last_rank = 0;
    for (size_t i = 0; i < r->n; i++) {
        const dd_rule *rule = r->items[i].rule;
        if (i == 0 || rule != last) {
            last = rule;
            last_rank = rule_rank(rule);
        }
        keys[i] = (sort_key){last_rank, i, &r->items[i]};
    }
    qsort(keys, r->n, sizeof *keys, cmp_finding);
    dd_finding *sorted = dd_xmalloc(r->cap * sizeof *sorted);
    for (size_t i = 0; i < r->n; i++)
        sorted[i] = *keys[i].f;
    free(keys);
    free(r->items);
    r->items = sorted;
}

int dd_format_parse(const char *s, dd_format *out)
{
    static const struct {
        const char *name;
        dd_format fmt;
    } map[] = {
        {"text", DD_FMT_TEXT},
        {"table", DD_FMT_TEXT},
        {"json", DD_FMT_JSON},
        {"sarif", DD_FMT_SARIF},
        {"junit", DD_FMT_JUNIT},
        {"cyclonedx", DD_FMT_CYCLONEDX},
        {"spdx-json", DD_FMT_SPDX},
        {"spdx", DD_FMT_SPDX_TV},
        /* what hadolint users ask for, by hadolint's names too */
        {"tty", DD_FMT_TEXT},
        {"checkstyle", DD_FMT_CHECKSTYLE},
        {"codeclimate", DD_FMT_CODECLIMATE},
        {"gitlab", DD_FMT_GITLAB},
        {"gitlab_codeclimate", DD_FMT_GITLAB},
        {"gnu", DD_FMT_GNU},
        {"sonarqube", DD_FMT_SONARQUBE},
        {"jsonl", DD_FMT_JSONL},
        {"ndjson", DD_FMT_JSONL},
        {"prometheus", DD_FMT_PROMETHEUS},
    };
    for (size_t i = 0; i < DD_ARRAY_LEN(map); i++)
        if (strcasecmp(s, map[i].name) == 0) {
            *out = map[i].fmt;
            return 0;
        }
    return -1;
}

const char *dd_format_name(dd_format f)
{
    static const char *const names[] = {
        [DD_FMT_TEXT] = "text",
        [DD_FMT_JSON] = "json",
        [DD_FMT_SARIF] = "sarif",
        [DD_FMT_JUNIT] = "junit",
        [DD_FMT_CYCLONEDX] = "cyclonedx",
        [DD_FMT_SPDX] = "spdx-json",
        [DD_FMT_CHECKSTYLE] = "checkstyle",
        [DD_FMT_CODECLIMATE] = "codeclimate",
        [DD_FMT_GITLAB] = "gitlab",
        [DD_FMT_GNU] = "gnu",
        [DD_FMT_SONARQUBE] = "sonarqube",
        [DD_FMT_SPDX_TV] = "spdx",
    };
    return (unsigned)f < DD_ARRAY_LEN(names) && names[f] ? names[f] : "?";
}

int dd_severity_list_parse(const char *s, unsigned *out)
{
    unsigned v = 0;
    size_t n = 0;
    _cleanup_free_ char *copy = dd_xstrdup(s);
    char *save = NULL;
    dd_severity one = DD_SEV_UNKNOWN;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        while (*t == ' ')
            t++;
        dd_severity sv;
        if (dd_severity_parse(t, &sv) < 0)
            return -1;
        if (sv == DD_SEV_UNKNOWN && strcasecmp(t, "unknown") != 0)
            return -1; /* "none" filters nothing in: refused */
        v |= 1u << sv;
        one = sv;
        n++;
    }
    if (n == 0)
        return -1;
    if (n == 1) /* one severity: it and everything above it, as drydock always took it */
        for (int k = one; k <= DD_SEV_CRITICAL; k++)
            v |= 1u << k;
    *out = v;
    return 0;
}

size_t dd_report_filter_severity(dd_report *r, unsigned severities)
{
    if (!severities)
        return 0;
    size_t k = 0, dropped = 0;
    for (size_t i = 0; i < r->n; i++) {
        dd_finding *f = &r->items[i];
        if (f->status != DD_STATUS_ERROR && !(severities & (1u << f->severity))) {
            dd_finding_free(f);
            dropped++;
            continue;
        }
        r->items[k++] = *f;
    }
    r->n = k;
    return dropped;
}

void dd_report_count(const dd_report *r, size_t counts[6])
{
    memset(counts, 0, 6 * sizeof counts[0]);
    for (size_t i = 0; i < r->n; i++)
        if ((unsigned)r->items[i].status < 6)
            counts[r->items[i].status]++;
}

json_t *dd_report_summary_json(const dd_report *r)
{
    size_t c[6];
    dd_report_count(r, c);
    json_t *sum =
        json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "total", (json_int_t)r->n, "pass",
                  (json_int_t)c[0], "fail", (json_int_t)c[1], "info", (json_int_t)c[2], "manual",
                  (json_int_t)c[3], "skipped", (json_int_t)c[4], "error", (json_int_t)c[5]);
    if (r->sections)
        json_object_set_new(sum, "score", json_integer(dd_report_score(r)));
    json_object_set_new(sum, "notes", json_integer((json_int_t)r->notes.n));
    return sum;
}

bool dd_finding_shown(const dd_finding *f, const dd_output_opts *o)
{
    return o->show_passed || (f->status != DD_STATUS_PASS && f->status != DD_STATUS_SKIPPED);
}

/* docker-bench-security's score: +1 per scored check that passes, -1 per scored check
 * that fails. Counted per rule, not per object, so 40 failing containers cost one point. */
static int cmp_ptr(const void *a, const void *b)
{
    const dd_finding *const *x = a, *const *y = b;
    uintptr_t p = (uintptr_t)(*x)->rule, q = (uintptr_t)(*y)->rule;
    return p < q ? -1 : p > q;
}

int dd_report_score(const dd_report *r)
{
    _cleanup_free_ const dd_finding **v = dd_xcalloc(r->n, sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].rule && (r->items[i].rule->flags & DD_RULE_SCORED))
            v[m++] = &r->items[i];
    qsort(v, m, sizeof *v, cmp_ptr);
    int score = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        bool failed = false, passed = false;
        for (; j < m && v[j]->rule == v[i]->rule; j++) {
            failed |= v[j]->status == DD_STATUS_FAIL;
            passed |= v[j]->status == DD_STATUS_PASS;
        }
        score += failed ? -1 : passed ? 1 : 0;
        i = j;
    }
    return score;
}

int dd_report_exit_code(const dd_report *r, const dd_output_opts *o)
{
    bool err = false, fail = false;
    for (size_t i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        if (f->status == DD_STATUS_ERROR)
            err = true;
        else if (f->status == DD_STATUS_FAIL && o->fail_on_set && o->fail_on != DD_SEV_UNKNOWN &&
                 f->severity >= o->fail_on)
            fail = true;
    }
    if (err)
        return 3;
    return fail ? (o->exit_code_set ? o->exit_code : 1) : 0;
}

json_t *dd_rule_to_json(const dd_rule *rule)
{
    json_t *refs = json_object();
    if (rule->cis)
        json_object_set_new(refs, "cis", json_string(rule->cis));
    if (rule->cwe)
        json_object_set_new(refs, "cwe", json_string(rule->cwe));
    if (rule->url)
        json_object_set_new(refs, "url", json_string(rule->url));
    if (rule->alias)
        json_object_set_new(refs, "alias", json_string(rule->alias));
    return json_pack("{s:s, s:s, s:s, s:s, s:s*, s:s*, s:o, s:b, s:b, s:i}", "id", rule->id,
                     "title", rule->title, "severity", dd_severity_name(rule->severity), "group",
                     rule->group ? rule->group : "", "rationale", rule->rationale, "remediation",
                     rule->remediation, "references", refs, "manual",
                     (rule->flags & DD_RULE_MANUAL) != 0, "scored",
                     (rule->flags & DD_RULE_SCORED) != 0, "level",
                     (rule->flags & DD_RULE_LEVEL2) ? 2 : 1);
}

json_t *dd_finding_to_json(const dd_finding *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "ruleId", json_string(dd_finding_id(f)));
    if (dd_finding_title(f))
        json_object_set_new(o, "title", json_string(dd_finding_title(f)));
    json_object_set_new(o, "severity", json_string(dd_severity_name(f->severity)));
    json_object_set_new(o, "status", json_string(dd_status_name(f->status)));
    if (f->target)
        json_object_set_new(o, "target", json_string(f->target));
    if (f->path || f->line) {
        json_t *loc = json_object();
        if (f->path)
            json_object_set_new(loc, "path", json_string(f->path));
        if (f->line)
            json_object_set_new(loc, "line", json_integer(f->line));
        if (f->column)
            json_object_set_new(loc, "column", json_integer(f->column));
        json_object_set_new(o, "location", loc);
    }
    if (f->message)
        json_object_set_new(o, "message", json_string(f->message));
    if (f->rule) {
        if (f->rule->remediation)
            json_object_set_new(o, "remediation", json_string(f->rule->remediation));
        json_t *refs = json_object();
        if (f->rule->cis)
            json_object_set_new(refs, "cis", json_string(f->rule->cis));
        if (f->rule->cwe)
            json_object_set_new(refs, "cwe", json_string(f->rule->cwe));
        if (f->rule->url)
            json_object_set_new(refs, "url", json_string(f->rule->url));
        if (f->rule->alias)
            json_object_set_new(refs, "alias", json_string(f->rule->alias));
        json_object_set_new(o, "references", refs);
    }
    if (f->props)
        json_object_set(o, "properties", f->props);
    return o;
}

json_t *dd_notes_to_json(const dd_notes *ns)
{
    json_t *a = json_array();
    for (size_t i = 0; i < ns->n; i++)
        json_array_append_new(
            a, json_pack("{s:s, s:s*}", "message", ns->v[i].text, "limit", ns->v[i].limit));
    return a;
}

bool dd_output_color(const dd_output_opts *o, FILE *out)
{
    if (o->color >= 0)
        return o->color;
    if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
        return 0;
    return isatty(fileno(out));
}

int dd_report_write(const dd_report *r, const dd_output_opts *o, dd_error *e)
{
    /* Refused before the output is opened: a refused run leaves the file as it was. */
    if ((o->format == DD_FMT_CYCLONEDX || o->format == DD_FMT_SPDX ||
         o->format == DD_FMT_SPDX_TV) &&
        !r->components)
        return dd_error_set(e, DD_ERR_USAGE, 0,
                            "--format %s is an SBOM format; only `drydock scan` produces one",
                            dd_format_name(o->format));
    bool to_stdout = !o->output || strcmp(o->output, "-") == 0;
    /* The environment's default (node.h) stands in for the default only: a format the
     * caller chose, on the command line or in code, is kept. */
    bool chosen = o->format_set || o->format != DD_FMT_TEXT;
    dd_format fmt = chosen || !to_stdout ? o->format : dd_default_format(stdout);
    dd_outfile of;
    FILE *out = dd_outfile_open(&of, o->output, e);
    if (!out)
        return dd_error_prefix(e, "report");
    int rc;
    errno = 0;
    switch (fmt) {
    case DD_FMT_JSON:
        rc = dd_write_json(r, out);
        break;
    case DD_FMT_SARIF:
        rc = dd_write_sarif(r, out, o);
        break;
    case DD_FMT_JUNIT:
        rc = dd_write_junit(r, out);
        break;
    case DD_FMT_CHECKSTYLE:
        rc = dd_write_checkstyle(r, out);
        break;
    case DD_FMT_CODECLIMATE:
    case DD_FMT_GITLAB:
        rc = dd_write_codeclimate(r, out, fmt == DD_FMT_GITLAB);
        break;
    case DD_FMT_GNU:
        rc = dd_write_gnu(r, out);
        break;
    case DD_FMT_SONARQUBE:
        rc = dd_write_sonarqube(r, out);
        break;
    case DD_FMT_JSONL:
        rc = dd_write_jsonl(r, out, o);
        break;
    case DD_FMT_PROMETHEUS:
        rc = dd_write_prometheus(r, out);
        break;
    case DD_FMT_CYCLONEDX:
        rc = dd_write_cyclonedx(r, out);
        break;
    case DD_FMT_SPDX:
        rc = dd_write_spdx(r, out);
        break;
    case DD_FMT_SPDX_TV:
        rc = dd_write_spdx_tv(r, out);
        break;
    default:
        rc = dd_write_text(r, out, dd_output_color(o, out), o);
        break;
    }
    if (rc < 0) {
        int err = errno;
        dd_outfile_abort(&of);
        return dd_error_sys(e, err ? err : EIO, "cannot write report to %s",
                            o->output && strcmp(o->output, "-") ? o->output : "standard output");
    }
    return dd_outfile_commit(&of, e);
}
