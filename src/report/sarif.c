/* SARIF 2.1.0 for code scanning. Every rule that produced a result is described in
 * tool.driver.rules; passes are results of kind "pass", failures of kind "fail" with a
 * level, one result per failing object. Errors while gathering facts are tool execution
 * notifications, never results, so a dashboard cannot mistake them for findings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uriparser/Uri.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "core/path.h"
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
    /* No `name`: SARIF wants it different from the id, and a title is not a name. */
    json_t *d = json_pack("{s:s, s:{s:s}, s:{s:s}}", "id", dd_finding_id(f), "shortDescription",
                          "text", title, "defaultConfiguration", "level",
                          level_for(f->severity));
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
    } else {
        /* An advisory: its help says what it is and what to do about it. */
        const char *pkg = f->props ? json_string_value(json_object_get(f->props, "package")) : NULL;
        const char *fixed = f->props ? json_string_value(json_object_get(f->props, "fixed")) : NULL;
        _cleanup_free_ char *help =
            fixed && pkg ? dd_xasprintf("%s\n\nUpgrade %s to %s or later.", title, pkg, fixed)
            : pkg ? dd_xasprintf("%s\n\nNo fixed version of %s is known yet: remove the "
                                 "package, or accept the risk in .drydockignore.",
                                 title, pkg)
                  : dd_xasprintf("%s", title);
        json_object_set_new(d, "help", json_pack("{s:s}", "text", help));
        if (f->props && json_object_get(f->props, "url"))
            json_object_set(d, "helpUri", json_object_get(f->props, "url"));
        else if (strncmp(dd_finding_id(f), "CVE-", 4) == 0)
            json_object_set_new(d, "helpUri",
                                json_sprintf("https://nvd.nist.gov/vuln/detail/%s", dd_finding_id(f)));
        else if (strncmp(dd_finding_id(f), "GHSA-", 5) == 0)
            json_object_set_new(d, "helpUri",
                                json_sprintf("https://github.com/advisories/%s", dd_finding_id(f)));
    }
    json_object_set_new(d, "properties", props);
    return d;
}

/* Where artifact URIs are relative to: --sarif-root, else the current directory. */
typedef struct sarif_root {
    char *dir; /* absolute, normalised, no trailing '/' (except "/") */
} sarif_root;

/* "a/./b/../c" -> "a/c", lexically (the files may not exist here), in place; an absolute
 * path stays absolute ("/.." is "/"), a relative one that climbs above its start is kept
 * as written. */
static void normalise(char *p)
{
    bool abs = p[0] == '/';
    _cleanup_free_ char *out = dd_xmalloc(strlen(p) + 1);
    if (dd_path_normalise(p + abs, out, abs, 0) == 0)
        snprintf(p, strlen(p) + 1, "%s%s", abs ? "/" : "", out);
}

static char *absolute(const char *path)
{
    char cwd[4096];
    char *a = path[0] == '/' || !getcwd(cwd, sizeof cwd) ? dd_xstrdup(path)
                                                          : dd_xasprintf("%s/%s", cwd, path);
    normalise(a);
    return a;
}

static void root_init(sarif_root *root, const char *dir)
{
    char *r = absolute(dir && *dir ? dir : ".");
    /* The repository root as the file system names it (a symlinked checkout). */
    char *real = realpath(r, NULL);
    root->dir = real ? real : r;
    if (real)
        free(r);
}

/* `path` relative to the root, or NULL when it is outside. Caller frees. */
static char *relative(const sarif_root *root, const char *path)
{
    char *a = absolute(path);
    size_t n = strlen(root->dir);
    char *rel = NULL;
    if (strcmp(root->dir, "/") == 0)
        rel = dd_xstrdup(a + 1);
    else if (strncmp(a, root->dir, n) == 0 && a[n] == '/')
        rel = dd_xstrdup(a + n + 1);
    if (!rel) {
        /* outside the root: a relative path as written, an absolute one as a file URI
         * (uri_of) — the line is still worth having */
        rel = dd_xstrdup(path);
        normalise(rel);
    }
    free(a);
    return rel;
}

/* A relative reference (RFC 3986) for `path`, every byte that needs it percent-encoded
 * (spaces, '#', '?', ':', non-ASCII), '/' kept: uriparser does the encoding. */
static char *uri_of(const char *path)
{
    if (!*path)
        path = ".";
    char *out = dd_xmalloc(3 * strlen(path) + 1);
    if (uriUnixFilenameToUriStringA(path, out) != 0) {
        free(out);
        return dd_xstrdup("unknown");
    }
    return out;
}

/* Every result has a physical location, as GitHub code scanning requires: the file and
 * line when the finding is about a file of the repository; otherwise (a container, an
 * image, a file inside an image, a host file outside the repository) the object itself as
 * a stable artifact, with a logical location that names it. */
static json_t *location(const dd_report *r, const dd_finding *f, const sarif_root *root)
{
    json_t *loc = json_object();
    /* scan --dockerfile: an image's finding on the Dockerfile line that made it. */
    const char *dockerfile = json_string_value(json_object_get(r->meta, "dockerfile"));
    json_int_t df_line = json_integer_value(json_object_get(f->props, "dockerfile_line"));
    _cleanup_free_ char *rel = dockerfile && df_line > 0 ? relative(root, dockerfile)
                               : f->path && !r->paths_in_target ? relative(root, f->path)
                                                                : NULL;
    if (rel) {
        _cleanup_free_ char *uri = uri_of(rel);
        int line = df_line > 0 && dockerfile ? (int)df_line : f->line;
        json_t *region = json_pack("{s:i}", "startLine", line > 0 ? line : 1);
        if (!(df_line > 0 && dockerfile) && f->line > 0 && f->column > 0)
            json_object_set_new(region, "startColumn", json_integer(f->column));
        json_object_set_new(loc, "physicalLocation",
                            json_pack("{s:{s:s}, s:o}", "artifactLocation", "uri", uri, "region",
                                      region));
    } else {
        const char *object = f->target ? f->target : f->path ? f->path : r->command;
        while (*object == '/')
            object++; /* an object is named, not a file of this host */
        _cleanup_free_ char *uri = uri_of(object);
        json_object_set_new(loc, "physicalLocation",
                            json_pack("{s:{s:s}, s:{s:i}}", "artifactLocation", "uri", uri,
                                      "region", "startLine", 1));
    }
    if (f->target || f->path) {
        _cleanup_free_ char *fq =
            f->target && f->path ? dd_xasprintf("%s:%s", f->target, f->path)
                                 : dd_xstrdup(f->target ? f->target : f->path);
        json_object_set_new(loc, "logicalLocations",
                            json_pack("[{s:s, s:s, s:s}]", "name",
                                      f->path && f->target ? f->path : fq, "fullyQualifiedName", fq,
                                      "kind", f->path ? "resource" : "object"));
    }
    return loc;
}

/* 64-bit FNV-1a: a fingerprint, not a secret (no crypto library for a report). */
static uint64_t fnv(uint64_t h, const char *s)
{
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return (h ^ 0xff) * 0x100000001b3ull; /* field separator */
}

/* The same finding has the same fingerprint in every run, so code scanning tracks one
 * alert instead of opening a new one whenever lines move: the rule, the artifact, the
 * object and the package, never the line or the time. */
static void fingerprint(json_t *res, const dd_finding *f, const char *uri)
{
    const char *pkg = f->props ? json_string_value(json_object_get(f->props, "purl")) : NULL;
    uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
    const char *parts[] = {dd_finding_id(f), uri, f->target, f->path, pkg,
                           pkg ? NULL : f->message};
    for (size_t i = 0; i < DD_ARRAY_LEN(parts); i++) {
        a = fnv(a, parts[i]);
        b = fnv(b ^ i, parts[i]);
    }
    char hex[33];
    snprintf(hex, sizeof hex, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
    json_object_set_new(res, "partialFingerprints", json_pack("{s:s}", "drydock/v1", hex));
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

int dd_write_sarif(const dd_report *r, FILE *out, const dd_output_opts *o)
{
    sarif_root root;
    root_init(&root, o ? o->sarif_root : NULL);
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
            f->target && f->path && r->paths_in_target
                ? dd_xasprintf("%s: %s: %s", f->target, f->path, msg)
            : f->target && !f->path ? dd_xasprintf("%s: %s", f->target, msg)
                                    : dd_xstrdup(msg);
        json_t *res = json_pack("{s:s, s:O, s:s, s:{s:s}}", "ruleId", id, "ruleIndex", ix, "kind",
                                kind_for(f->status), "message", "text", text);
        json_object_set_new(
            res, "level",
            json_string(f->status == DD_STATUS_FAIL ? level_for(f->severity) : "none"));
        json_t *loc = location(r, f, &root);
        json_object_set_new(res, "locations", json_pack("[o]", loc));
        fingerprint(res, f, json_string_value(json_object_get(
                                json_object_get(json_object_get(loc, "physicalLocation"),
                                                "artifactLocation"),
                                "uri")));
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
    free(root.dir);
    if (!doc)
        return -1;
    if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
        return -1;
    fputc('\n', out);
    return 0;
}
