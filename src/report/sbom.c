/* SBOM writers. `drydock scan` fills report->components with one object per package:
 *   {"type": "library"|"operating-system"|"application", "name", "version", "purl",
 *    "licenses": [..], "properties": {"layer": ..., "source": ...}}
 * and vulnerability findings carry props {"purl", "installed", "fixed", ...}. */
#include <string.h>

#include "core/cleanup.h"
#include "report/report.h"

int dd_write_cyclonedx(const dd_report *r, FILE *out)
{
    _cleanup_json_ json_t *components = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(r->components, i, c)
    {
        json_t *o = json_object();
        const char *type = json_string_value(json_object_get(c, "type"));
        json_object_set_new(o, "type", json_string(type ? type : "library"));
        const char *purl = json_string_value(json_object_get(c, "purl"));
        if (purl)
            json_object_set_new(o, "bom-ref", json_string(purl));
        json_object_set(o, "name", json_object_get(c, "name"));
        if (json_object_get(c, "version"))
            json_object_set(o, "version", json_object_get(c, "version"));
        if (purl)
            json_object_set_new(o, "purl", json_string(purl));
        json_t *lic = json_object_get(c, "licenses");
        if (json_array_size(lic)) {
            json_t *ls = json_array();
            size_t k;
            json_t *l;
            json_array_foreach(lic, k, l)
                json_array_append_new(ls, json_pack("{s:{s:O}}", "license", "name", l));
            json_object_set_new(o, "licenses", ls);
        }
        json_array_append_new(components, o);
    }
    _cleanup_json_ json_t *vulns = json_array();
    for (i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        const char *purl = f->props ? json_string_value(json_object_get(f->props, "purl")) : NULL;
        if (!purl || f->status != DD_STATUS_FAIL)
            continue;
        json_t *v = json_pack("{s:s, s:[{s:s}], s:[{s:s}]}", "id", dd_finding_id(f), "ratings",
                              "severity", dd_severity_name(f->severity), "affects", "ref", purl);
        if (f->message)
            json_object_set_new(v, "description", json_string(f->message));
        json_array_append_new(vulns, v);
    }
    _cleanup_json_ json_t *doc =
        json_pack("{s:s, s:s, s:i, s:{s:{s:[{s:s, s:s}]}}, s:O, s:O}", "bomFormat", "CycloneDX",
                  "specVersion", "1.5", "version", 1, "metadata", "tools", "components", "name",
                  "drydock", "version", DD_VERSION, "components", components, "vulnerabilities",
                  vulns);
    if (!doc || json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
        return -1;
    fputc('\n', out);
    return 0;
}

int dd_write_spdx(const dd_report *r, FILE *out)
{
    _cleanup_json_ json_t *pkgs = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(r->components, i, c)
    {
        json_t *p = json_pack("{s:O, s:s, s:b}", "name", json_object_get(c, "name"),
                              "downloadLocation", "NOASSERTION", "filesAnalyzed", 0);
        json_object_set_new(p, "SPDXID", json_sprintf("SPDXRef-Package-%zu", i + 1));
        if (json_object_get(c, "version"))
            json_object_set(p, "versionInfo", json_object_get(c, "version"));
        const char *purl = json_string_value(json_object_get(c, "purl"));
        if (purl)
            json_object_set_new(p, "externalRefs",
                                json_pack("[{s:s, s:s, s:s}]", "referenceCategory",
                                          "PACKAGE-MANAGER", "referenceType", "purl",
                                          "referenceLocator", purl));
        json_array_append_new(pkgs, p);
    }
    const char *name = json_string_value(json_object_get(r->meta, "target"));
    _cleanup_json_ json_t *doc = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:{s:[s]}, s:O}", "spdxVersion", "SPDX-2.3", "dataLicense",
        "CC0-1.0", "SPDXID", "SPDXRef-DOCUMENT", "name", name ? name : "drydock-scan",
        "documentNamespace", "https://drydock.invalid/spdx/scan", "creationInfo", "creators",
        "Tool: drydock-" DD_VERSION, "packages", pkgs);
    if (!doc || json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
        return -1;
    fputc('\n', out);
    return 0;
}
