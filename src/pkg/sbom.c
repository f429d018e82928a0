/* CycloneDX and SPDX JSON documents read back into a package list (pkg/sbom.h). The
 * document is untrusted: every size is bounded, every field's type checked, and what
 * cannot be matched is said (a note naming the JSON path), never silently dropped. */
#include "pkg/sbom.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

typedef struct sbom_ctx {
    const char *name; /* the file, for messages */
    dd_package_list *out;
    size_t seen;    /* components read, nested ones included */
    size_t no_purl; /* library components without a purl */
    char *first_no_purl;
    char *distro; /* the first OS purl's distro qualifier (or namespace), owned */
    char *distro_ns;
    size_t noted; /* components noted one by one; past DD_SBOM_MAX_NOTES only counted */
    dd_error *e;
} sbom_ctx;

#define DD_SBOM_MAX_NOTES 20

/* A component that is not checked, said once per component up to a bound (10,000 broken
 * purls are one summary line, not 10,000 notes). */
__attribute__((format(printf, 2, 3))) static void note(sbom_ctx *c, const char *fmt, ...)
{
    if (c->noted++ >= DD_SBOM_MAX_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    char text[512]; /* names and purls are cut to 200 bytes by the callers */
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    dd_notes_add(&c->out->notes, NULL, "%s: %s", c->name, text);
}

/* The document's operating system: "debian" + "12", "alpine" + "3.19.1". */
static void set_os(dd_os_info *os, const char *id, const char *version)
{
    if (os->id || !id || !*id || strlen(id) > DD_PKG_MAX_FIELD)
        return;
    os->id = dd_xstrdup(id);
    for (char *c = os->id; *c; c++)
        *c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
    if (!version || !*version || strlen(version) > DD_PKG_MAX_FIELD)
        return;
    if (*version >= '0' && *version <= '9')
        os->version_id = dd_xstrdup(version);
    else
        os->codename = dd_xstrdup(version); /* "bookworm" */
}

/* One purl: a package, or a note saying why it is not checked. */
static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The package added, or NULL (noted). */
static dd_package *add_purl(sbom_ctx *c, const char *where, const char *purl)
{
    if (strlen(purl) > DD_SBOM_MAX_PURL) {
        note(c, "%s: purl longer than %d bytes: not checked", where, DD_SBOM_MAX_PURL);
        return NULL;
    }
    dd_purl u;
    const char *why = NULL;
    if (dd_purl_parse(purl, &u, &why) < 0) {
        note(c, "%s: purl '%.200s': %s: not checked", where, purl, why);
        return NULL;
    }
    dd_package *p = dd_purl_add_package(&u, c->out);
    if (!p) {
        if (!u.version)
            note(c, "%s: purl '%.200s' has no version: not checked", where, purl);
        else /* one note per type: an SBOM of 3,000 GitHub Actions says so once */
            dd_notes_add(&c->out->notes, NULL,
                         "%s: packages of purl type '%.40s' are not checked: no vulnerability "
                         "data drydock reads covers them",
                         c->name, u.type);
    } else {
        p->purl = dd_xstrdup(purl); /* findings name the package as the SBOM did */
        p->path = dd_xstrdup(c->name);
        if (!c->distro &&
            (p->type == DD_PKG_DPKG || p->type == DD_PKG_APK || p->type == DD_PKG_RPM)) {
            if (u.distro)
                c->distro = dd_xstrdup(u.distro);
            if (u.ns && !c->distro_ns)
                c->distro_ns = dd_xstrdup(u.ns);
        }
    }
    dd_purl_free(&u);
    return p;
}

/* Counted, and the first named: one note for all of them. */
static void no_purl(sbom_ctx *c, const char *where, const char *name)
{
    if (!c->no_purl++)
        c->first_no_purl = dd_xasprintf("%s (%.200s)", where, name ? name : "no name");
}

/* Trivy writes a package's source in properties, not in the purl's `upstream`:
 * aquasecurity:trivy:SrcName, SrcVersion, SrcRelease, SrcEpoch. The Debian and Red Hat
 * data are keyed by source package, so without it libssl3 would never meet openssl's
 * advisories. */
static void trivy_source(dd_package *p, json_t *props)
{
    const char *name = NULL, *ver = NULL, *rel = NULL, *epoch = NULL;
    size_t i;
    json_t *o;
    json_array_foreach(props, i, o)
    {
        const char *k = str(o, "name"), *v = str(o, "value");
        if (!k || !v || strncmp(k, "aquasecurity:trivy:Src", 22) != 0 ||
            strlen(v) > DD_PKG_MAX_FIELD)
            continue;
        k += 22;
        if (strcmp(k, "Name") == 0)
            name = v;
        else if (strcmp(k, "Version") == 0)
            ver = v;
        else if (strcmp(k, "Release") == 0)
            rel = v;
        else if (strcmp(k, "Epoch") == 0)
            epoch = v;
    }
    if (!name || p->source_name)
        return;
    p->source_name = dd_xstrdup(name);
    if (ver)
        p->source_version = dd_xasprintf("%s%s%s%s%s", epoch && strcmp(epoch, "0") ? epoch : "",
                                         epoch && strcmp(epoch, "0") ? ":" : "", ver,
                                         rel && *rel ? "-" : "", rel && *rel ? rel : "");
}

static int too_many(sbom_ctx *c)
{
    if (++c->seen <= DD_SBOM_MAX_COMPONENTS)
        return 0;
    return dd_error_set(c->e, DD_ERR_INPUT, 0,
                        "%s: more than %u components: refusing a partial scan", c->name,
                        DD_SBOM_MAX_COMPONENTS);
}

/* CycloneDX components, nested ones too (an application's libraries). */
static int cdx_components(sbom_ctx *c, json_t *arr, const char *where, int depth)
{
    if (!arr)
        return 0;
    if (!json_is_array(arr))
        return dd_error_set(c->e, DD_ERR_INPUT, 0, "%s: %s: not an array", c->name, where);
    if (depth > DD_SBOM_MAX_DEPTH)
        return dd_error_set(c->e, DD_ERR_INPUT, 0, "%s: %s: components nested more than %d deep",
                            c->name, where, DD_SBOM_MAX_DEPTH);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        _cleanup_free_ char *at = dd_xasprintf("%s[%zu]", where, i);
        if (!json_is_object(o))
            return dd_error_set(c->e, DD_ERR_INPUT, 0, "%s: %s: not an object", c->name, at);
        if (too_many(c) < 0)
            return -1;
        const char *type = str(o, "type");
        const char *purl = str(o, "purl");
        if (type && strcmp(type, "operating-system") == 0)
            set_os(&c->out->os, str(o, "name"), str(o, "version"));
        else if (purl) {
            dd_package *p = add_purl(c, at, purl);
            if (p)
                trivy_source(p, json_object_get(o, "properties"));
        } else if (!type || (strcmp(type, "library") == 0 || strcmp(type, "framework") == 0 ||
                             strcmp(type, "application") == 0))
            no_purl(c, at, str(o, "name"));
        _cleanup_free_ char *sub = dd_xasprintf("%s.components", at);
        if (cdx_components(c, json_object_get(o, "components"), sub, depth + 1) < 0)
            return -1;
    }
    return 0;
}

static int cdx_doc(sbom_ctx *c, json_t *doc, const char **format)
{
    const char *spec = str(doc, "specVersion");
    static const char *const specs[] = {"1.4", "1.5", "1.6"};
    static const char *const names[] = {"CycloneDX 1.4", "CycloneDX 1.5", "CycloneDX 1.6"};
    for (size_t i = 0; spec && i < 3; i++)
        if (strcmp(spec, specs[i]) == 0)
            *format = names[i];
    if (!*format)
        return dd_error_set(c->e, DD_ERR_INPUT, 0,
                            "%s: specVersion: CycloneDX %s is not read (1.4, 1.5 and 1.6 are)",
                            c->name, spec ? spec : "without a specVersion");
    /* The subject (an image, an application) is not a package; what it holds is. */
    json_t *meta = json_object_get(json_object_get(doc, "metadata"), "component");
    if (json_is_object(meta) && cdx_components(c, json_object_get(meta, "components"),
                                               "metadata.component.components", 1) < 0)
        return -1;
    return cdx_components(c, json_object_get(doc, "components"), "components", 0);
}

static int spdx_doc(sbom_ctx *c, json_t *doc, const char **format)
{
    const char *v = str(doc, "spdxVersion");
    if (strcmp(v, "SPDX-2.3") == 0)
        *format = "SPDX-2.3";
    else if (strcmp(v, "SPDX-2.2") == 0)
        *format = "SPDX-2.2";
    else
        return dd_error_set(c->e, DD_ERR_INPUT, 0,
                            "%s: spdxVersion: '%.40s' is not read (SPDX-2.2 and SPDX-2.3 are)",
                            c->name, v);
    json_t *pkgs = json_object_get(doc, "packages");
    if (pkgs && !json_is_array(pkgs))
        return dd_error_set(c->e, DD_ERR_INPUT, 0, "%s: packages: not an array", c->name);
    size_t i;
    json_t *o;
    json_array_foreach(pkgs, i, o)
    {
        _cleanup_free_ char *at = dd_xasprintf("packages[%zu]", i);
        if (!json_is_object(o))
            return dd_error_set(c->e, DD_ERR_INPUT, 0, "%s: %s: not an object", c->name, at);
        if (too_many(c) < 0)
            return -1;
        const char *purpose = str(o, "primaryPackagePurpose");
        if (purpose && strcmp(purpose, "OPERATING_SYSTEM") == 0) {
            set_os(&c->out->os, str(o, "name"), str(o, "versionInfo"));
            continue;
        }
        const char *purl = NULL;
        json_t *refs = json_object_get(o, "externalRefs");
        size_t k;
        json_t *ref;
        json_array_foreach(refs, k, ref)
        {
            const char *t = str(ref, "referenceType");
            if (!purl && t && strcmp(t, "purl") == 0)
                purl = str(ref, "referenceLocator");
        }
        if (purl)
            add_purl(c, at, purl);
        else if (!purpose || strcmp(purpose, "CONTAINER") != 0)
            no_purl(c, at, str(o, "name"));
    }
    return 0;
}

int dd_sbom_parse(const char *name, const void *data, size_t len, dd_package_list *out,
                  const char **format, dd_error *e)
{
    *format = NULL;
    if (len > DD_SBOM_MAX_FILE)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: larger than %u MiB: not read as an SBOM", name,
                            DD_SBOM_MAX_FILE >> 20);
    json_error_t je;
    _cleanup_json_ json_t *doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
    if (!doc)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s:%d:%d: not JSON: %s", name, je.line, je.column,
                            je.text);
    if (!json_is_object(doc))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: a JSON %s, not a CycloneDX or SPDX document",
                            name, json_is_array(doc) ? "array" : "value");
    sbom_ctx c = {.name = name, .out = out, .e = e};
    size_t n0 = out->n;
    int rc;
    const char *bom = str(doc, "bomFormat");
    if (bom && strcmp(bom, "CycloneDX") == 0)
        rc = cdx_doc(&c, doc, format);
    else if (str(doc, "spdxVersion"))
        rc = spdx_doc(&c, doc, format);
    else if (json_object_get(doc, "bomFormat"))
        rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: bomFormat: '%.40s' is not CycloneDX", name,
                          bom ? bom : "(not a string)");
    else
        rc = dd_error_set(e, DD_ERR_INPUT, 0,
                          "%s: neither CycloneDX (bomFormat) nor SPDX (spdxVersion): not an "
                          "SBOM drydock reads",
                          name);
    if (rc == 0) {
        if (c.noted > DD_SBOM_MAX_NOTES)
            dd_notes_add(&out->notes, NULL,
                         "%s: %zu more components with a purl drydock cannot "
                         "read not checked",
                         name, c.noted - DD_SBOM_MAX_NOTES);
        if (c.no_purl)
            dd_notes_add(&out->notes, NULL,
                         "%s: %zu component%s without a purl not checked (the first: %s)", name,
                         c.no_purl, c.no_purl == 1 ? "" : "s", c.first_no_purl);
        /* No operating-system component: the OS purls' distro ("debian-12"), else their
         * namespace ("debian", which the matcher then says has no release). */
        if (!out->os.id && c.distro) {
            char *dash = strchr(c.distro, '-');
            if (dash) {
                *dash = '\0';
                set_os(&out->os, c.distro, dash + 1);
            } else {
                set_os(&out->os, c.distro_ns ? c.distro_ns : c.distro,
                       c.distro_ns ? c.distro : NULL);
            }
        }
        if (!out->os.id && c.distro_ns)
            set_os(&out->os, c.distro_ns, NULL);
    } else {
        dd_pkg_truncate(out, n0); /* never a partial list that looks complete */
    }
    free(c.first_no_purl);
    free(c.distro);
    free(c.distro_ns);
    return rc;
}

int dd_sbom_read(const char *path, dd_package_list *out, const char **format, dd_error *e)
{
    _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0)
        return dd_error_sys(e, errno, "%s", path);
    if (!S_ISREG(st.st_mode))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: not a regular file", path);
    if ((uint64_t)st.st_size > DD_SBOM_MAX_FILE)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: larger than %u MiB: not read as an SBOM", path,
                            DD_SBOM_MAX_FILE >> 20);
    size_t len = (size_t)st.st_size, got = 0;
    _cleanup_free_ char *buf = dd_xmalloc(len ? len : 1);
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return dd_error_sys(e, errno, "%s", path);
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return dd_sbom_parse(path, buf, got, out, format, e);
}
