/* SBOM writers: CycloneDX 1.5 JSON and SPDX 2.3 JSON.
 *
 * `drydock scan` fills report->components with one object per package:
 *   {"type": "library"|"operating-system", "name", "version", "purl",
 *    "licenses": [..], "properties": {"layer", "source", "arch", "path", "pkg_type"}}
 * and report->meta with the image ("target", "image_id", "repo_tags"). Vulnerability
 * findings carry props {"purl", "installed", "fixed", "status", "source"}.
 *
 * Every document gets a fresh identity (CycloneDX serialNumber, SPDX documentNamespace)
 * from a random UUID, and the time it was made. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/spdx.h"
#include "report/report.h"

static void uuid4(char out[37])
{
    unsigned char b[16];
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
        /* No entropy source: time and address still make a namespace unique enough. */
        uint64_t t = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)out;
        for (int i = 0; i < 16; i++)
            b[i] = (unsigned char)(t >> ((i % 8) * 8)) ^ (unsigned char)(i * 37);
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

static void now_utc(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *meta_str(const dd_report *r, const char *key)
{
    return json_string_value(json_object_get(r->meta, key));
}

static const char *image_name(const dd_report *r)
{
    const char *t = meta_str(r, "target");
    return t ? t : "image";
}

/* -------------------------------------------------------------- CycloneDX ---- */

static json_t *cdx_properties(json_t *props)
{
    json_t *a = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(props, k, v)
    {
        if (!json_is_string(v))
            continue;
        json_array_append_new(a, json_pack("{s:s+, s:O}", "name", "drydock:", k, "value", v));
    }
    return a;
}

/* bom-ref of the component a vulnerability affects: by purl, else by name+version. */
static const char *find_ref(json_t *comps, json_t *refs, const char *purl, const char *name,
                            const char *version)
{
    size_t i;
    json_t *c;
    json_array_foreach(comps, i, c)
    {
        const char *p = json_string_value(json_object_get(c, "purl"));
        if (purl && p && strcmp(p, purl) == 0)
            return json_string_value(json_array_get(refs, i));
    }
    json_array_foreach(comps, i, c)
    {
        const char *n = json_string_value(json_object_get(c, "name"));
        const char *v = json_string_value(json_object_get(c, "version"));
        if (name && version && n && v && strcmp(n, name) == 0 && strcmp(v, version) == 0)
            return json_string_value(json_array_get(refs, i));
    }
    return purl;
}

/* ------------------------------------------------------- licences ---- */

/* SPDXIDs allow letters, digits, '.' and '-' only. */
static char *spdx_id_part(const char *s)
{
    char *o = dd_xstrdup(s ? s : "x");
    for (char *p = o; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
            *p = '-';
    return o;
}

/* "LicenseRef-..." for a licence SPDX has no id for, recorded once in `extracted`
 * (SPDX's hasExtractedLicensingInfos: every LicenseRef used must be there), if not NULL. */
static char *license_ref(const char *text, size_t n, json_t *extracted)
{
    _cleanup_free_ char *t = dd_xstrndup(text, n);
    _cleanup_free_ char *part = spdx_id_part(t);
    /* one the package named itself is declared under its own name */
    char *id = strncmp(t, "LicenseRef-", 11) == 0 ? dd_xasprintf("%.71s", part)
                                                  : dd_xasprintf("LicenseRef-%.60s", part);
    if (!extracted)
        return id;
    size_t i;
    json_t *x;
    json_array_foreach(extracted, i, x)
    {
        if (strcmp(json_string_value(json_object_get(x, "licenseId")), id) == 0)
            return id;
    }
    json_array_append_new(
        extracted, json_pack("{s:s, s:s, s:s}", "licenseId", id, "extractedText", t, "name", t));
    return id;
}

static bool is_op(const char *w, size_t n)
{
    return (n == 3 && !memcmp(w, "AND", 3)) || (n == 2 && !memcmp(w, "OR", 2)) ||
           (n == 4 && !memcmp(w, "WITH", 4));
}

/* Whether `lic` is an SPDX license expression in form: ids (letters, digits, '.', '-', an
 * optional final '+'), AND/OR between them, WITH and an exception on the SPDX list,
 * balanced parentheses. Its ids need not be on the list. */
static bool expression_form(const char *lic)
{
    int depth = 0;
    bool want_id = true;
    for (const char *p = lic; *p;) {
        if (*p == ' ') {
            p++;
        } else if (*p == '(' || *p == ')') {
            if (*p == '(' ? !want_id : want_id)
                return false;
            depth += *p == '(' ? 1 : -1;
            if (depth < 0)
                return false;
            p++;
        } else {
            size_t n = strcspn(p, " ()");
            if (is_op(p, n)) {
                if (want_id)
                    return false;
                if (n == 4) { /* WITH EXCEPTION */
                    const char *x = p + n + strspn(p + n, " ");
                    size_t xn = strcspn(x, " ()");
                    _cleanup_free_ char *ex = dd_xstrndup(x, xn);
                    if (!dd_spdx_exception(ex))
                        return false;
                    p = x + xn;
                    continue;
                }
                want_id = true;
            } else {
                if (!want_id)
                    return false;
                for (size_t i = 0; i < n; i++)
                    if (!isalnum((unsigned char)p[i]) && !strchr(".-", p[i]) &&
                        !(p[i] == '+' && i == n - 1 && i > 0))
                        return false;
                want_id = false;
            }
            p += n;
        }
    }
    return depth == 0 && !want_id;
}

/* A licence string as an SPDX expression: each id not on the SPDX list made a LicenseRef
 * ("GPL-2.0-or-later AND public-domain" → "GPL-2.0-or-later AND LicenseRef-public-domain");
 * a string that is no expression ("GPLv2+ and BSD", a URL) one LicenseRef. SPDX's
 * licenseDeclared (NOASSERTION for none) and CycloneDX's `expression` both need one. */
static json_t *spdx_license(const char *lic, json_t *extracted)
{
    if (!lic || !lic[0])
        return json_string("NOASSERTION");
    if (!expression_form(lic)) {
        _cleanup_free_ char *id = license_ref(lic, strlen(lic), extracted);
        return json_string(id);
    }
    dd_buf out = DD_BUF_INIT;
    dd_buf_puts(&out, "");
    bool exception = false;
    for (const char *p = lic; *p;) {
        size_t n = strcspn(p, " ()");
        if (!n) {
            dd_buf_putc(&out, *p++);
            continue;
        }
        _cleanup_free_ char *w = dd_xstrndup(p, n);
        size_t base = n - (w[n - 1] == '+');
        w[base] = '\0';
        const char *canon = exception || is_op(p, n) ? NULL : dd_spdx_license_id(w);
        if (canon) { /* the list's spelling: ids match case-insensitively, tools compare them */
            dd_buf_printf(&out, "%s%s", canon, base < n ? "+" : "");
        } else if (exception || is_op(p, n)) {
            dd_buf_printf(&out, "%.*s", (int)n, p);
        } else {
            _cleanup_free_ char *id = license_ref(p, n, extracted);
            dd_buf_puts(&out, id);
        }
        exception = n == 4 && !memcmp(p, "WITH", 4);
        p += n;
    }
    json_t *r = json_string(out.data);
    dd_buf_free(&out);
    return r;
}

int dd_write_cyclonedx(const dd_report *r, FILE *out)
{
    char uuid[37], ts[32];
    uuid4(uuid);
    now_utc(ts);
    json_t *comps_in = r->components ? r->components : json_array();
    /* held only so the empty array is released on return */
    _cleanup_json_ __attribute__((unused)) json_t *own_empty = r->components ? NULL : comps_in;
    _cleanup_json_ json_t *components = json_array();
    _cleanup_json_ json_t *refs = json_array();
    _cleanup_json_ json_t *seen = json_object();
    size_t i;
    json_t *c;
    json_array_foreach(comps_in, i, c)
    {
        json_t *o = json_object();
        const char *type = json_string_value(json_object_get(c, "type"));
        const char *name = json_string_value(json_object_get(c, "name"));
        const char *version = json_string_value(json_object_get(c, "version"));
        const char *purl = json_string_value(json_object_get(c, "purl"));
        /* bom-refs must be unique; the same purl can occur twice (two node_modules). */
        char *ref;
        const char *base = purl ? purl : name ? name : "component";
        if (json_object_get(seen, base))
            ref = dd_xasprintf("%s#%zu", base, i);
        else
            ref = dd_xstrdup(base);
        json_object_set_new(seen, base, json_true());
        json_object_set_new(o, "bom-ref", json_string(ref));
        json_array_append_new(refs, json_string(ref));
        free(ref);
        json_object_set_new(o, "type", json_string(type ? type : "library"));
        json_object_set_new(o, "name", json_string(name ? name : ""));
        if (version)
            json_object_set_new(o, "version", json_string(version));
        if (purl)
            json_object_set_new(o, "purl", json_string(purl));
        json_t *lic = json_object_get(c, "licenses");
        if (json_array_size(lic)) {
            json_t *ls = json_array();
            size_t k;
            json_t *l;
            json_array_foreach(lic, k, l)
            {
                const char *s = json_string_value(l);
                if (!s)
                    continue;
                /* an expression's names must be ids or LicenseRefs, as in SPDX */
                if (expression_form(s) &&
                    (strstr(s, " AND ") || strstr(s, " OR ") || strstr(s, " WITH ")))
                    json_array_append_new(ls,
                                          json_pack("{s:o}", "expression", spdx_license(s, NULL)));
                else
                    json_array_append_new(ls, json_pack("{s:{s:s}}", "license", "name", s));
            }
            json_object_set_new(o, "licenses", ls);
        }
        json_t *props = json_object_get(c, "properties");
        if (json_object_size(props))
            json_object_set_new(o, "properties", cdx_properties(props));
        json_array_append_new(components, o);
    }

    const char *id = meta_str(r, "image_id");
    json_t *image = json_pack("{s:s, s:s, s:s}", "type", "container", "bom-ref", "image", "name",
                              image_name(r));
    if (id)
        json_object_set_new(image, "version", json_string(id));
    json_t *iprops = json_array();
    json_t *tags = json_object_get(r->meta, "repo_tags");
    json_t *t;
    json_array_foreach(tags, i, t) if (json_is_string(t)) json_array_append_new(
        iprops, json_pack("{s:s, s:O}", "name", "drydock:repo_tag", "value", t));
    json_t *layers = json_object_get(r->meta, "layers");
    json_t *l;
    json_array_foreach(layers, i, l)
    {
        json_t *d = json_object_get(l, "digest");
        if (json_is_string(d))
            json_array_append_new(iprops,
                                  json_pack("{s:s, s:O}", "name", "drydock:layer", "value", d));
    }
    json_object_set_new(image, "properties", iprops);

    json_t *deps = json_array();
    json_array_append_new(deps, json_pack("{s:s, s:O}", "ref", "image", "dependsOn", refs));

    _cleanup_json_ json_t *vulns = json_array();
    for (i = 0; i < r->n; i++) {
        const dd_finding *f = &r->items[i];
        const char *purl = f->props ? json_string_value(json_object_get(f->props, "purl")) : NULL;
        if (!purl || f->status != DD_STATUS_FAIL)
            continue;
        const char *pkg = json_string_value(json_object_get(f->props, "package"));
        const char *installed = json_string_value(json_object_get(f->props, "installed"));
        const char *fixed = json_string_value(json_object_get(f->props, "fixed"));
        const char *source = json_string_value(json_object_get(f->props, "source"));
        const char *ref = find_ref(comps_in, refs, purl, pkg, installed);
        json_t *rating = json_pack("{s:s}", "severity", dd_severity_name(f->severity));
        if (source)
            json_object_set_new(rating, "source", json_pack("{s:s}", "name", source));
        json_t *affects = json_pack("[{s:s}]", "ref", ref);
        if (installed)
            json_object_set_new(
                json_array_get(affects, 0), "versions",
                json_pack("[{s:s, s:s}]", "version", installed, "status", "affected"));
        json_t *v = json_pack("{s:s, s:[o]}", "id", dd_finding_id(f), "ratings", rating);
        if (source)
            json_object_set_new(v, "source", json_pack("{s:s}", "name", source));
        if (dd_finding_title(f))
            json_object_set_new(v, "description", json_string(dd_finding_title(f)));
        if (f->message)
            json_object_set_new(v, "detail", json_string(f->message));
        if (fixed) {
            json_object_set_new(
                v, "recommendation",
                json_sprintf("Upgrade %s to %s or later", pkg ? pkg : "the package", fixed));
            json_object_set_new(
                v, "analysis",
                json_pack("{s:[s], s:s+}", "response", "update", "detail", "fixed in ", fixed));
        } else {
            json_object_set_new(v, "analysis", json_pack("{s:s}", "detail", "no fixed version"));
        }
        json_object_set_new(v, "affects", affects);
        json_array_append_new(vulns, v);
    }
    char serial[64];
    snprintf(serial, sizeof serial, "urn:uuid:%s", uuid);
    _cleanup_json_ json_t *doc =
        json_pack("{s:s, s:s, s:s, s:s, s:i, s:{s:s, s:{s:[{s:s, s:s, s:s}]}, s:o}, s:O, s:o, s:O}",
                  "$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json", "bomFormat",
                  "CycloneDX", "specVersion", "1.5", "serialNumber", serial, "version", 1,
                  "metadata", "timestamp", ts, "tools", "components", "type", "application", "name",
                  "drydock", "version", DD_VERSION, "component", image, "components", components,
                  "dependencies", deps, "vulnerabilities", vulns);
    /* Notes (limits hit while reading the image) tell the SBOM's reader what it may miss. */
    if (doc && r->notes.n) {
        json_t *props = json_array();
        for (size_t k = 0; k < r->notes.n; k++)
            json_array_append_new(props,
                                  json_pack("{s:s, s:s}", "name",
                                            r->notes.v[k].limit ? "drydock:limit" : "drydock:note",
                                            "value", r->notes.v[k].text));
        json_object_set_new(json_object_get(doc, "metadata"), "properties", props);
    }
    if (!doc || json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
        return -1;
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}

/* ------------------------------------------------------------------ SPDX ---- */

/* A supplier as SPDX writes one: "Organization: NAME" or "Person: NAME (EMAIL)"; the
 * package's maintainer field, or NOASSERTION. */
static json_t *spdx_supplier(const char *who)
{
    if (!who || !*who)
        return json_string("NOASSERTION");
    /* "Jane Doe <jane@example.org>" is a person; a bare name is taken as the organisation
     * that ships the package (a distribution's team, a vendor). */
    const char *lt = strchr(who, '<');
    const char *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt) {
        size_t n = (size_t)(lt - who);
        while (n && who[n - 1] == ' ')
            n--;
        return json_sprintf("Person: %.*s (%.*s)", (int)n, who, (int)(gt - lt - 1), lt + 1);
    }
    return json_sprintf("Organization: %s", who);
}

/* The SPDX 2.3 document as JSON: what `spdx-json` prints, and what the tag-value writer
 * renders line by line, so the two never differ. */
static json_t *spdx_doc(const dd_report *r)
{
    char uuid[37], ts[32];
    uuid4(uuid);
    now_utc(ts);
    json_t *pkgs = json_array();
    json_t *rels = json_array();
    json_t *extracted = json_array();
    const char *name = image_name(r);
    const char *id = meta_str(r, "imageId") ? meta_str(r, "imageId") : meta_str(r, "image_id");
    json_t *image =
        json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s}", "name", name, "SPDXID",
                  "SPDXRef-Image", "supplier", "NOASSERTION", "downloadLocation", "NOASSERTION",
                  "filesAnalyzed", 0, "primaryPackagePurpose", "CONTAINER", "licenseConcluded",
                  "NOASSERTION", "licenseDeclared", "NOASSERTION", "copyrightText", "NOASSERTION");
    if (id)
        json_object_set_new(image, "versionInfo", json_string(id));
    if (id && strncmp(id, "sha256:", 7) == 0 && strlen(id) == 71)
        json_object_set_new(
            image, "checksums",
            json_pack("[{s:s, s:s}]", "algorithm", "SHA256", "checksumValue", id + 7));
    json_array_append_new(pkgs, image);
    json_array_append_new(rels, json_pack("{s:s, s:s, s:s}", "spdxElementId", "SPDXRef-DOCUMENT",
                                          "relationshipType", "DESCRIBES", "relatedSpdxElement",
                                          "SPDXRef-Image"));
    size_t i;
    json_t *c;
    json_array_foreach(r->components, i, c)
    {
        const char *type = json_string_value(json_object_get(c, "type"));
        const char *pname = json_string_value(json_object_get(c, "name"));
        json_t *props = json_object_get(c, "properties");
        json_t *p =
            json_pack("{s:s, s:o, s:s, s:b, s:s, s:s}", "name", pname ? pname : "", "supplier",
                      spdx_supplier(json_string_value(json_object_get(props, "supplier"))),
                      "downloadLocation", "NOASSERTION", "filesAnalyzed", 0, "licenseConcluded",
                      "NOASSERTION", "copyrightText", "NOASSERTION");
        json_t *spdxid = json_sprintf("SPDXRef-Package-%zu", i + 1);
        json_object_set(p, "SPDXID", spdxid);
        if (json_object_get(c, "version"))
            json_object_set(p, "versionInfo", json_object_get(c, "version"));
        /* Checksums the image holds for the package (apk's SHA-1, an archive's digest). */
        const char *sha1 = json_string_value(json_object_get(props, "sha1"));
        const char *sha256 = json_string_value(json_object_get(props, "sha256"));
        if (sha1 || sha256) {
            json_t *cs = json_array();
            if (sha1)
                json_array_append_new(
                    cs, json_pack("{s:s, s:s}", "algorithm", "SHA1", "checksumValue", sha1));
            if (sha256)
                json_array_append_new(
                    cs, json_pack("{s:s, s:s}", "algorithm", "SHA256", "checksumValue", sha256));
            json_object_set_new(p, "checksums", cs);
        }
        json_t *lic = json_object_get(c, "licenses");
        json_object_set_new(p, "licenseDeclared",
                            spdx_license(json_string_value(json_array_get(lic, 0)), extracted));
        /* SPDX 2.3 spells the purposes with underscores (OPERATING_SYSTEM) */
        json_object_set_new(p, "primaryPackagePurpose",
                            json_string(type && strcmp(type, "operating-system") == 0
                                            ? "OPERATING_SYSTEM"
                                            : "LIBRARY"));
        const char *purl = json_string_value(json_object_get(c, "purl"));
        if (purl)
            json_object_set_new(p, "externalRefs",
                                json_pack("[{s:s, s:s, s:s}]", "referenceCategory",
                                          "PACKAGE-MANAGER", "referenceType", "purl",
                                          "referenceLocator", purl));
        const char *layer = json_string_value(json_object_get(props, "layer"));
        const char *path = json_string_value(json_object_get(props, "path"));
        if (layer || path)
            json_object_set_new(p, "sourceInfo",
                                json_sprintf("found in %s%s%s", path ? path : "",
                                             layer ? " of layer " : "", layer ? layer : ""));
        json_array_append_new(pkgs, p);
        json_array_append_new(rels, json_pack("{s:s, s:s, s:o}", "spdxElementId", "SPDXRef-Image",
                                              "relationshipType", "CONTAINS", "relatedSpdxElement",
                                              spdxid));
    }
    _cleanup_free_ char *nspart = spdx_id_part(name);
    _cleanup_free_ char *ns = dd_xasprintf("https://drydock.invalid/spdx/%s-%s", nspart, uuid);
    json_t *doc =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:[s]}, s:o, s:o}", "spdxVersion", "SPDX-2.3",
                  "dataLicense", "CC0-1.0", "SPDXID", "SPDXRef-DOCUMENT", "name", name,
                  "documentNamespace", ns, "creationInfo", "created", ts, "creators",
                  "Tool: drydock-" DD_VERSION, "packages", pkgs, "relationships", rels);
    if (doc && json_array_size(extracted))
        json_object_set(doc, "hasExtractedLicensingInfos", extracted);
    json_decref(extracted);
    if (doc && r->notes.n) {
        dd_buf b = DD_BUF_INIT;
        for (size_t k = 0; k < r->notes.n; k++)
            dd_buf_printf(&b, "%s%s%s%s%s", k ? "\n" : "",
                          r->notes.v[k].limit ? "limit reached: " : "note: ",
                          r->notes.v[k].limit ? r->notes.v[k].limit : "",
                          r->notes.v[k].limit ? ": " : "", r->notes.v[k].text);
        json_object_set_new(doc, "comment", json_stringn(b.data, b.len));
        dd_buf_free(&b);
    }
    return doc;
}

int dd_write_spdx(const dd_report *r, FILE *out)
{
    _cleanup_json_ json_t *doc = spdx_doc(r);
    if (!doc || json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0)
        return -1;
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}

/* One tag-value line. A value with a newline, or one that could be read as markup, goes
 * in <text>...</text>; a line break never ends a value early. */
static void tv(FILE *out, const char *tag, const char *value)
{
    if (!value)
        return;
    fprintf(out, "%s: ", tag);
    if (strchr(value, '\n') || strstr(value, "<text>")) {
        fputs("<text>", out);
        /* "</text>" inside the value would close it: split its bracket */
        for (const char *p = value; *p; p++) {
            if (strncmp(p, "</text>", 7) == 0)
                fputs("&lt;", out);
            else
                fputc(*p, out);
        }
        fputs("</text>\n", out);
    } else {
        fprintf(out, "%s\n", value);
    }
}

static const char *jstr(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

int dd_write_spdx_tv(const dd_report *r, FILE *out)
{
    _cleanup_json_ json_t *doc = spdx_doc(r);
    if (!doc)
        return -1;
    json_t *ci = json_object_get(doc, "creationInfo");
    tv(out, "SPDXVersion", jstr(doc, "spdxVersion"));
    tv(out, "DataLicense", jstr(doc, "dataLicense"));
    tv(out, "SPDXID", jstr(doc, "SPDXID"));
    tv(out, "DocumentName", jstr(doc, "name"));
    tv(out, "DocumentNamespace", jstr(doc, "documentNamespace"));
    tv(out, "Creator", json_string_value(json_array_get(json_object_get(ci, "creators"), 0)));
    tv(out, "Created", jstr(ci, "created"));
    tv(out, "DocumentComment", jstr(doc, "comment"));
    size_t i, k;
    json_t *p, *x;
    json_array_foreach(json_object_get(doc, "packages"), i, p)
    {
        fputc('\n', out);
        tv(out, "PackageName", jstr(p, "name"));
        tv(out, "SPDXID", jstr(p, "SPDXID"));
        tv(out, "PackageVersion", jstr(p, "versionInfo"));
        tv(out, "PackageSupplier", jstr(p, "supplier"));
        tv(out, "PackageDownloadLocation", jstr(p, "downloadLocation"));
        tv(out, "FilesAnalyzed",
           json_is_true(json_object_get(p, "filesAnalyzed")) ? "true" : "false");
        json_array_foreach(json_object_get(p, "checksums"), k, x)
        {
            _cleanup_free_ char *v =
                dd_xasprintf("%s: %s", jstr(x, "algorithm"), jstr(x, "checksumValue"));
            tv(out, "PackageChecksum", v);
        }
        tv(out, "PackageSourceInfo", jstr(p, "sourceInfo"));
        tv(out, "PackageLicenseConcluded", jstr(p, "licenseConcluded"));
        tv(out, "PackageLicenseDeclared", jstr(p, "licenseDeclared"));
        tv(out, "PackageCopyrightText", jstr(p, "copyrightText"));
        tv(out, "PrimaryPackagePurpose", jstr(p, "primaryPackagePurpose"));
        json_array_foreach(json_object_get(p, "externalRefs"), k, x)
        {
            _cleanup_free_ char *v =
                dd_xasprintf("%s %s %s", jstr(x, "referenceCategory"), jstr(x, "referenceType"),
                             jstr(x, "referenceLocator"));
            tv(out, "ExternalRef", v);
        }
    }
    fputc('\n', out);
    json_array_foreach(json_object_get(doc, "relationships"), i, x)
    {
        _cleanup_free_ char *v =
            dd_xasprintf("%s %s %s", jstr(x, "spdxElementId"), jstr(x, "relationshipType"),
                         jstr(x, "relatedSpdxElement"));
        tv(out, "Relationship", v);
    }
    json_array_foreach(json_object_get(doc, "hasExtractedLicensingInfos"), i, x)
    {
        fputc('\n', out);
        tv(out, "LicenseID", jstr(x, "licenseId"));
        /* ExtractedText is always wrapped: it is free text */
        fprintf(out, "ExtractedText: <text>%s</text>\n", jstr(x, "extractedText"));
        tv(out, "LicenseName", jstr(x, "name"));
    }
    return ferror(out) ? -1 : 0;
}
