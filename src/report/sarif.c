/* SARIF 2.1.0 for code scanning. Every rule that produced a result is described in
 * tool.driver.rules; passes are results of kind "pass", failures of kind "fail" with a
 * level, one result per failing object. Errors while gathering facts are tool execution
 * notifications, never results, so a dashboard cannot mistake them for findings. */
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "report/report.h"

static const char *level_for(dd_severity s)
{
    switch (s) {
    case DD_SEV_CRITICAL:
    case DD_SEV_HIGH:
        return "error";
    case DD_SEV_MEDIUM:
        return "warning";
    default:
        return "note";
    }
}

/* GitHub code scanning reads security-severity as a CVSS-like number. */
static const char *security_severity(dd_severity s)
{
    switch (s) {
    case DD_SEV_CRITICAL:
        return "9.5";
    case DD_SEV_HIGH:
        return "8.0";
    case DD_SEV_MEDIUM:
        return "5.5";
    case DD_SEV_LOW:
        return "3.0";
    default:
        return "0.0";
    }
}

static json_t *rule_descriptor(const dd_finding *f)
{
    const dd_rule *rule = f->rule;
    const char *title = dd_finding_title(f) ? dd_finding_title(f) : dd_finding_id(f);
    json_t *d = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}}", "id", dd_finding_id(f), "name",
                          dd_finding_id(f), "shortDescription", "text", title,
                          "defaultConfiguration", "level", level_for(f->severity));
    json_t *tags = json_pack("[s]", "security");
    json_t *props =
        json_pack("{s:o, s:s}", "tags", tags, "security-severity", security_severity(f->severity));
    if (rule) {
        if (rule->rationale)
            json_object_set_new(d, "fullDescription", json_pack("{s:s}", "text", rule->rationale));
        _cleanup_free_ char *help =
            dd_xasprintf("%s%s%s", rule->rationale ? rule->rationale : "",
                         rule->rationale ? "\n\n" : "", rule->remediation ? rule->remediation : "");
        json_object_set_new(d, "help", json_pack("{s:s}", "text", help));
        if (rule->url)
            json_object_set_new(d, "helpUri", json_string(rule->url));
        if (rule->cis)
            json_array_append_new(tags, json_sprintf("CIS-%s", rule->cis));
        if (rule->cwe)
            json_array_append_new(tags, json_string(rule->cwe));
        if (rule->alias)
            json_object_set_new(props, "alias", json_string(rule->alias));
        if (rule->group)
            json_object_set_new(props, "group", json_string(rule->group));
    } else if (f->props && json_object_get(f->props, "url")) {
        json_object_set(d, "helpUri", json_object_get(f->props, "url"));
    }
    json_object_set_new(d, "properties", props);
    return d;
}

static const char *kind_for(dd_status s)
{
    switch (s) {
    case DD_STATUS_PASS:
        return "pass";
    case DD_STATUS_FAIL:
        return "fail";
    case DD_STATUS_MANUAL:
        return "review";
    case DD_STATUS_SKIPPED:
        return "notApplicable";
    default:
        return "informational";
    }
}

int dd_write_sarif(const dd_report *r, FILE *out)
{
    _cleanup_json_ json_t *rules = json_array();
    _cleanup_json_ json_t *index = json_object(); /* rule id -> index in rules */
    _cleanup_json_ json_t *results = json_array();
    _cleanup_json_ json_t *notes = json_array();

    for (size_t i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        const char *id = dd_finding_id(f);
        if (f->status == DD_STATUS_ERROR) {
            _cleanup_free_ char *text =
                dd_xasprintf("%s%s%s: %s", id, f->target ? " " : "", f->target ? f->target : "",
                             f->message ? f->message : "could not be evaluated");
            json_array_append_new(notes,
                                  json_pack("{s:s, s:{s:s}, s:{s:s}}", "level", "error", "message",
                                            "text", text, "descriptor", "id", id));
            continue;
        }
        json_t *ix = json_object_get(index, id);
        if (!ix) {
            ix = json_integer((json_int_t)json_array_size(rules));
            json_object_set_new(index, id, ix);
            json_array_append_new(rules, rule_descriptor(f));
        }
        const char *msg =
            f->message ? f->message : (dd_finding_title(f) ? dd_finding_title(f) : id);
        _cleanup_free_ char *text =
            f->target && !f->path ? dd_xasprintf("%s: %s", f->target, msg) : dd_xstrdup(msg);
        json_t *res = json_pack("{s:s, s:O, s:s, s:{s:s}}", "ruleId", id, "ruleIndex", ix, "kind",
                                kind_for(f->status), "message", "text", text);
        json_object_set_new(
            res, "level",
            json_string(f->status == DD_STATUS_FAIL ? level_for(f->severity) : "none"));
        json_t *loc = json_object();
        if (f->path) {
            json_t *phys = json_pack("{s:{s:s}}", "artifactLocation", "uri", f->path);
            if (f->line) {
                json_t *region = json_pack("{s:i}", "startLine", f->line);
                if (f->column)
                    json_object_set_new(region, "startColumn", json_integer(f->column));
                json_object_set_new(phys, "region", region);
            }
            json_object_set_new(loc, "physicalLocation", phys);
        }
        if (f->target) {
            json_object_set_new(loc, "logicalLocations",
                                json_pack("[{s:s, s:s, s:s}]", "name", f->target,
                                          "fullyQualifiedName", f->target, "kind", "resource"));
        }
        if (json_object_size(loc))
            json_object_set_new(res, "locations", json_pack("[o]", loc));
        else
            json_decref(loc);
        json_t *props = json_pack("{s:s, s:s}", "severity", dd_severity_name(f->severity), "status",
                                  dd_status_name(f->status));
        if (f->props)
            json_object_update(props, f->props);
        json_object_set_new(res, "properties", props);
        json_array_append_new(results, res);
    }

    bool failed = json_array_size(notes) > 0;
    /* A limit hit is a warning about what was not looked at, not a failed run. */
    for (size_t i = 0; i < r->notes.n; i++) {
        json_t *n = json_pack("{s:s, s:{s:s}}", "level", r->notes.v[i].limit ? "warning" : "note",
                              "message", "text", r->notes.v[i].text);
        if (r->notes.v[i].limit)
            json_object_set_new(n, "properties", json_pack("{s:s}", "limit", r->notes.v[i].limit));
        json_array_append_new(notes, n);
    }
    json_t *invocation = json_pack("{s:b}", "executionSuccessful", !failed);
    if (json_array_size(notes))
        json_object_set(invocation, "toolExecutionNotifications", notes);
    _cleanup_json_ json_t *doc = json_pack(
        "{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:s, s:O}}, s:[o], s:O, s:{s:s}}]}", "$schema",
        "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool",
        "driver", "name", "drydock", "version", DD_VERSION, "semanticVersion", DD_VERSION,
        "informationUri", "https://github.com/drydock-security/drydock", "rules", rules,
        "invocations", invocation, "results", results, "properties", "command", r->command);
    if (!doc)
        return -1;
    if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
        return -1;
    fputc('\n', out);
    return 0;
}
