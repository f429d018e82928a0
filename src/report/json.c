/* The JSON report. Its schema is versioned and documented in docs/json-report.md;
 * add fields freely, but bump DD_JSON_SCHEMA_VERSION when one changes meaning.
 *
 * The document is streamed: each finding is built, written and freed in turn, so memory
 * stays flat and the time linear in the number of findings (building one tree of every
 * finding and dumping it at the end took 5x longer than the text report at 5000 files,
 * mostly in malloc and page faults). The bytes are exactly what json_dumpf(doc,
 * JSON_INDENT(2) | JSON_PRESERVE_ORDER) of the whole tree would print. */
#include <string.h>

#include "core/cleanup.h"
#include "report/report.h"

#define DD_JSON_SCHEMA_VERSION 1
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY)

typedef struct nested {
    FILE *out;
    const char *indent; /* written after every newline: the depth of the value */
    size_t nindent;
} nested;

/* jansson never writes a raw newline inside a string, so each '\n' it emits starts a line
 * of the value that needs the outer indentation too. */
static int nested_cb(const char *buf, size_t size, void *data)
{
    nested *n = data;
    const char *end = buf + size;
    while (buf < end) {
        const char *nl = memchr(buf, '\n', (size_t)(end - buf));
        size_t len = nl ? (size_t)(nl - buf) + 1 : (size_t)(end - buf);
        if (fwrite(buf, 1, len, n->out) != len)
            return -1;
        if (nl && fwrite(n->indent, 1, n->nindent, n->out) != n->nindent)
            return -1;
        buf += len;
    }
    return 0;
}

/* `"key": value` as a member of the top-level object (depth 1). */
static int member(FILE *out, const char *key, json_t *v, bool last)
{
    nested n = {out, "  ", 2};
    fprintf(out, "  \"%s\": ", key);
    if (json_dump_callback(v, nested_cb, &n, DUMP_FLAGS) < 0)
        return -1;
    fputs(last ? "\n" : ",\n", out);
    return 0;
}

int dd_write_json(const dd_report *r, FILE *out)
{
    size_t c[6];
    dd_report_count(r, c);
    _cleanup_json_ json_t *summary =
        json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "total", (json_int_t)r->n, "pass",
                  (json_int_t)c[0], "fail", (json_int_t)c[1], "info", (json_int_t)c[2], "manual",
                  (json_int_t)c[3], "skipped", (json_int_t)c[4], "error", (json_int_t)c[5]);
    if (r->sections)
        json_object_set_new(summary, "score", json_integer(dd_report_score(r)));
    json_object_set_new(summary, "notes", json_integer((json_int_t)r->notes.n));
    _cleanup_json_ json_t *notes = dd_notes_to_json(&r->notes);
    _cleanup_json_ json_t *tool = json_pack("{s:s, s:s}", "name", "drydock", "version", DD_VERSION);
    _cleanup_json_ json_t *version = json_integer(DD_JSON_SCHEMA_VERSION);
    _cleanup_json_ json_t *command = json_string(r->command);
    fputs("{\n", out);
    if (member(out, "schemaVersion", version, false) < 0 || member(out, "tool", tool, false) < 0 ||
        member(out, "command", command, false) < 0 ||
        member(out, "meta", r->meta ? r->meta : json_null(), false) < 0 ||
        member(out, "summary", summary, false) < 0)
        return -1;
    if (r->n == 0) {
        fputs("  \"findings\": []", out);
    } else {
        fputs("  \"findings\": [\n", out);
        nested n = {out, "    ", 4};
        for (size_t i = 0; i < r->n; i++) {
            _cleanup_json_ json_t *f = dd_finding_to_json(&r->items[i]);
            fputs("    ", out);
            if (json_dump_callback(f, nested_cb, &n, DUMP_FLAGS) < 0)
                return -1;
            fputs(i + 1 < r->n ? ",\n" : "\n", out);
        }
        fputs("  ]", out);
    }
        fputs(",\n", out);
        if (member(out, "notes", notes, !r->components) < 0)
            return -1;
        if (r->components && member(out, "components", r->components, true) < 0)
            return -1;
        fputs("}\n", out);
        return ferror(out) ? -1 : 0;
}
