/* The report as Prometheus metrics, for node-exporter's textfile collector (a CronJob or a
 * Swarm job writes `-o /var/lib/node_exporter/textfile/drydock-bench.prom`; dd_report_write
 * replaces the file atomically, so the collector never reads half of it).
 *
 *   drydock_findings{command,[target,]severity}  failed checks per severity; every severity
 *                                                is written, 0 included, so that a fixed
 *                                                problem goes to 0 instead of vanishing
 *   drydock_rule_findings{command,[target,]rule,severity}
 *                                                failed checks per rule, for every rule the
 *                                                report holds (0 when it passed)
 *   drydock_results{command,[target,]status}     results per status; `error` counts checks
 *                                                that could not run
 *   drydock_bench_score{command}                 docker-bench-security's score (bench)
 *   drydock_report_timestamp_seconds{command,[target]}
 *                                                when the report was written: an alert on
 *                                                its age finds a job that stopped running
 *
 * `target` is the report's meta.target (the image or tree `scan` read), so the reports of
 * several scans can sit side by side in one collector directory without clashing. No
 * timestamps on samples: the textfile collector refuses them. */
#include "report/prometheus.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "report/report.h"

void dd_prom_label(dd_buf *b, const char *v)
{
    for (; v && *v; v++) {
        if (*v == '\\' || *v == '"')
            dd_buf_putc(b, '\\'), dd_buf_putc(b, *v);
        else if (*v == '\n')
            dd_buf_puts(b, "\\n");
        else
            dd_buf_putc(b, *v);
    }
}

/* `name{command="C",target="T"` : the labels every sample of the report carries. */
static void start(dd_buf *b, const char *name, const dd_report *r, const char *target)
{
    dd_buf_printf(b, "%s{command=\"", name);
    dd_prom_label(b, r->command);
    if (target) {
        dd_buf_puts(b, "\",target=\"");
        dd_prom_label(b, target);
    }
    dd_buf_putc(b, '"');
}

typedef struct rule_count {
    const char *id;
    dd_severity sev;
    size_t fail;
} rule_count;

static int cmp_rule(const void *a, const void *b)
{
    return strcmp(((const rule_count *)a)->id, ((const rule_count *)b)->id);
}

int dd_write_prometheus(const dd_report *r, FILE *out)
{
    const char *target = json_string_value(json_object_get(r->meta, "target"));
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    size_t by_sev[DD_SEV_CRITICAL + 1] = {0};
    _cleanup_free_ rule_count *rules = dd_xcalloc(r->n ? r->n : 1, sizeof *rules);
    size_t nrules = 0;
    for (size_t i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        bool fail = f->status == DD_STATUS_FAIL;
        if (fail && (unsigned)f->severity <= DD_SEV_CRITICAL)
            by_sev[f->severity]++;
        const char *id = dd_finding_id(f);
        rules[nrules++] = (rule_count){id ? id : "", f->severity, fail};
    }
    /* one sample per rule id: sort, then fold */
    qsort(rules, nrules, sizeof *rules, cmp_rule);
    size_t m = 0;
    for (size_t i = 0; i < nrules; i++) {
        if (m && strcmp(rules[m - 1].id, rules[i].id) == 0) {
            rules[m - 1].fail += rules[i].fail;
            if (rules[i].sev > rules[m - 1].sev)
                rules[m - 1].sev = rules[i].sev;
        } else {
            rules[m++] = rules[i];
        }
    }

    dd_buf_puts(&b, "# HELP drydock_findings Failed checks in the last drydock report, by "
                    "severity.\n# TYPE drydock_findings gauge\n");
    for (int s = DD_SEV_CRITICAL; s >= DD_SEV_UNKNOWN; s--) {
        start(&b, "drydock_findings", r, target);
        dd_buf_printf(&b, ",severity=\"%s\"} %zu\n", dd_severity_name((dd_severity)s), by_sev[s]);
    }
    dd_buf_puts(&b, "# HELP drydock_rule_findings Failed checks in the last drydock report, "
                    "by rule (0: the rule ran and passed).\n"
                    "# TYPE drydock_rule_findings gauge\n");
    for (size_t i = 0; i < m; i++) {
        start(&b, "drydock_rule_findings", r, target);
        dd_buf_puts(&b, ",rule=\"");
        dd_prom_label(&b, rules[i].id);
        dd_buf_printf(&b, "\",severity=\"%s\"} %zu\n", dd_severity_name(rules[i].sev),
                      rules[i].fail);
    }
    size_t c[6];
    dd_report_count(r, c);
    dd_buf_puts(&b, "# HELP drydock_results Results in the last drydock report, by status "
                    "(error: a check that could not run).\n# TYPE drydock_results gauge\n");
    for (int s = DD_STATUS_PASS; s <= DD_STATUS_ERROR; s++) {
        start(&b, "drydock_results", r, target);
        dd_buf_printf(&b, ",status=\"%s\"} %zu\n", dd_status_name((dd_status)s), c[s]);
    }
    if (r->sections) {
        dd_buf_puts(&b, "# HELP drydock_bench_score docker-bench-security's score: +1 per "
                        "scored check passing, -1 per scored check failing.\n"
                        "# TYPE drydock_bench_score gauge\n");
        start(&b, "drydock_bench_score", r, target);
        dd_buf_printf(&b, "} %d\n", dd_report_score(r));
    }
    dd_buf_puts(&b, "# HELP drydock_report_timestamp_seconds When the report was written "
                    "(Unix time).\n# TYPE drydock_report_timestamp_seconds gauge\n");
    start(&b, "drydock_report_timestamp_seconds", r, target);
    dd_buf_printf(&b, "} %lld\n", (long long)time(NULL));
    return fwrite(b.data, 1, b.len, out) == b.len ? 0 : -1;
}
