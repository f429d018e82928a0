/* The JSON report. Its schema is versioned and documented in docs/json-report.md;
 * add fields freely, but bump DD_JSON_SCHEMA_VERSION when one changes meaning. */
#include "core/cleanup.h"
#include "report/report.h"

#define DD_JSON_SCHEMA_VERSION 1

int dd_write_json(const dd_report *r, FILE *out)
{
    size_t c[6];
    dd_report_count(r, c);
    _cleanup_json_ json_t *findings = json_array();
    for (size_t i = 0; i < r->n; i++)
        json_array_append_new(findings, dd_finding_to_json(&r->items[i]));
    json_t *summary = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "total", (json_int_t)r->n,
                                "pass", (json_int_t)c[0], "fail", (json_int_t)c[1], "info",
                                (json_int_t)c[2], "manual", (json_int_t)c[3], "skipped",
                                (json_int_t)c[4], "error", (json_int_t)c[5]);
    if (r->sections)
        json_object_set_new(summary, "score", json_integer(dd_report_score(r)));
    _cleanup_json_ json_t *doc = json_pack(
        "{s:i, s:{s:s, s:s}, s:s, s:O, s:o, s:O}", "schemaVersion", DD_JSON_SCHEMA_VERSION, "tool",
        "name", "drydock", "version", DD_VERSION, "command", r->command, "meta",
        r->meta ? r->meta : json_null(), "summary", summary, "findings", findings);
    if (r->components)
        json_object_set(doc, "components", r->components);
    if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
        return -1;
    fputc('\n', out);
    return 0;
}
