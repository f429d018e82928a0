/* Code Climate issues (the engine spec: one JSON object per issue, each followed by a NUL
 * byte) and GitLab's Code Quality report (the same issues in one JSON array, each with a
 * fingerprint, which GitLab uses to tell new issues from fixed ones). The fingerprint is
 * a hash of rule, place and message, so it stays the same from one run to the next. */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "core/cleanup.h"
#include "report/report.h"

static const char *cc_severity(const dd_finding *f)
{
    if (f->status == DD_STATUS_ERROR)
        return "blocker";
    switch (f->severity) {
    case DD_SEV_CRITICAL:
        return "blocker";
    case DD_SEV_HIGH:
        return "critical";
    case DD_SEV_MEDIUM:
        return "major";
    case DD_SEV_LOW:
        return "minor";
    default:
        return "info";
    }
}

/* FNV-1a, 64 bits, over the fields separated by NUL; two seeds make 128 bits. */
static uint64_t fnv(uint64_t h, const char *s)
{
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h * 1099511628211u; /* the separator */
}

static void fingerprint(const dd_report *r, const dd_finding *f, char out[33])
{
    char line[32];
    snprintf(line, sizeof line, "%d:%d", f->line, f->column);
    const char *parts[] = {dd_finding_id(f), dd_finding_where(r, f), line, f->message};
    uint64_t a = 14695981039346656037u, b = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < DD_ARRAY_LEN(parts); i++) {
        a = fnv(a, parts[i]);
        b = fnv(b, parts[i]);
    }
    snprintf(out, 33, "%016" PRIx64 "%016" PRIx64, a, b);
}

static json_t *issue(const dd_report *r, const dd_finding *f, bool gitlab)
{
    int line = f->line > 0 ? f->line : 1;
    json_t *loc = json_pack("{s:s, s:{s:i, s:i}}", "path", dd_finding_where(r, f), "lines", "begin",
                            line, "end", line);
    const char *cat = f->rule && f->rule->cwe ? "Security" : "Bug Risk";
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:[s], s:o, s:s}", "type", "issue", "check_name",
                  dd_finding_id(f), "description", f->message ? f->message : dd_finding_title(f),
                  "categories", cat, "location", loc, "severity", cc_severity(f));
    if (gitlab) {
        char fp[33];
        fingerprint(r, f, fp);
        json_object_set_new(o, "fingerprint", json_string(fp));
    }
    return o;
}

int dd_write_codeclimate(const dd_report *r, FILE *out, bool gitlab)
{
    bool first = true;
    if (gitlab)
        fputc('[', out);
    for (size_t i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        if (!dd_finding_is_issue(f))
            continue;
        _cleanup_json_ json_t *o = issue(r, f, gitlab);
        if (gitlab && !first)
            fputc(',', out);
        if (json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER) < 0)
            return -1;
        if (!gitlab)
            fputc('\0', out);
        first = false;
    }
    if (gitlab)
        fputs("]\n", out);
    return ferror(out) ? -1 : 0;
}
