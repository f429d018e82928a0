/* SonarQube's generic issue import format ({"issues": [...]}, `sonar.externalIssuesReportPaths`):
 * engineId, ruleId, severity (BLOCKER..INFO), type (VULNERABILITY for rules with a CWE, BUG
 * for high findings, else CODE_SMELL) and a primary location with a text range. */
#include "core/cleanup.h"
#include "report/report.h"

static const char *sonar_severity(dd_severity s)
{
    switch (s) {
    case DD_SEV_CRITICAL:
        return "BLOCKER";
    case DD_SEV_HIGH:
        return "CRITICAL";
    case DD_SEV_MEDIUM:
        return "MAJOR";
    case DD_SEV_LOW:
        return "MINOR";
    default:
        return "INFO";
    }
}

static const char *sonar_type(const dd_finding *f)
{
    if (f->rule && f->rule->cwe)
        return "VULNERABILITY";
    return f->severity >= DD_SEV_HIGH || f->status == DD_STATUS_ERROR ? "BUG" : "CODE_SMELL";
}

int dd_write_sonarqube(const dd_report *r, FILE *out)
{
    _cleanup_json_ json_t *issues = json_array();
    for (size_t i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        if (!dd_finding_is_issue(f))
            continue;
        int line = f->line > 0 ? f->line : 1;
        json_t *range = json_pack("{s:i, s:i}", "startLine", line, "endLine", line);
        if (f->column > 0) {
            json_object_set_new(range, "startColumn", json_integer(f->column - 1));
            json_object_set_new(range, "endColumn", json_integer(f->column));
        }
        json_array_append_new(
            issues, json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:o}}", "engineId", "drydock",
                              "ruleId", dd_finding_id(f), "severity", sonar_severity(f->severity),
                              "type", sonar_type(f), "primaryLocation", "message",
                              f->message ? f->message : dd_finding_title(f), "filePath",
                              dd_finding_where(r, f), "textRange", range));
    }
    _cleanup_json_ json_t *doc = json_pack("{s:O}", "issues", issues);
    if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
        return -1;
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}
