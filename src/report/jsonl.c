/* JSON lines: what a log shipper (Fluent Bit, Vector, Promtail, `docker logs`) takes as it
 * is. One object per finding, each complete on its own: the node's `hostname` and `labels`
 * (report/node.h, the keys of watch's and Falco's alerts), the
 * command, when it ran, and the finding as the JSON report writes it; then one `summary`
 * line with the counts and notes, so whoever reads the stream knows the report is whole.
 * Passes and skipped checks only with --show-passed, as in the text list. */
#include <string.h>
#include <time.h>

#include "core/cleanup.h"
#include "report/node.h"
#include "report/report.h"

static int line(FILE *out, json_t *doc)
{
    int rc = json_dumpf(doc, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    return rc < 0 || fputc('\n', out) == EOF ? -1 : 0;
}

/* The fields every line starts with. */
static json_t *head(const dd_report *r, json_t *node, const char *when, const char *kind)
{
    json_t *doc = json_pack("{s:s, s:s}", "time", when, "kind", kind);
    json_object_update(doc, node);
    json_object_set_new(doc, "tool", json_string("drydock"));
    json_object_set_new(doc, "version", json_string(DD_VERSION));
    json_object_set_new(doc, "command", json_string(r->command));
    return doc;
}

int dd_write_jsonl(const dd_report *r, FILE *out, const dd_output_opts *o)
{
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    _cleanup_json_ json_t *node = dd_report_node(r);
    for (size_t i = 0; i < r->n; i++) {
        if (!dd_finding_shown(&r->items[i], o))
            continue;
        json_t *doc = head(r, node, when, "finding");
        _cleanup_json_ json_t *f = dd_finding_to_json(&r->items[i]);
        json_object_update(doc, f);
        if (line(out, doc) < 0)
            return -1;
    }
    json_t *doc = head(r, node, when, "summary");
    json_object_set_new(doc, "summary", dd_report_summary_json(r));
    json_object_set_new(doc, "notes", dd_notes_to_json(&r->notes));
    json_object_set(doc, "meta", r->meta ? r->meta : json_null());
    return line(out, doc);
}
