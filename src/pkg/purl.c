/* Package URLs (github.com/package-url/purl-spec):
 *   pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS
 * Every component is percent-encoded except the unreserved characters, so a Debian epoch
 * "1:2.3" becomes "1%3A2.3" and "+" becomes "%2B"; qualifiers are sorted by key, as the
 * canonical form requires. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

static void enc(dd_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p == '.' || *p == '-' || *p == '_' || *p == '~') {
            dd_buf_putc(b, (char)*p);
        } else {
            dd_buf_putc(b, '%');
            dd_buf_putc(b, hex[*p >> 4]);
            dd_buf_putc(b, hex[*p & 15]);
        }
    }
}

/* A path-like name ("github.com/foo/bar", "@scope/name"): each segment encoded. */
static void enc_path(dd_buf *b, const char *s)
{
    _cleanup_free_ char *copy = dd_xstrdup(s);
    char *save = NULL;
    bool first = true;
    for (char *seg = strtok_r(copy, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        if (!first)
            dd_buf_putc(b, '/');
        enc(b, seg);
        first = false;
    }
}

typedef struct qual {
    const char *k;
    char *v; /* owned */
} qual;

static int qual_cmp(const void *a, const void *b)
{
    return strcmp(((const qual *)a)->k, ((const qual *)b)->k);
}

static bool is_deb_like(const char *id)
{
    return id && (strcmp(id, "debian") == 0 || strcmp(id, "ubuntu") == 0);
}

static char *distro(const dd_os_info *os)
{
    if (!os || !os->id)
        return NULL;
    if (os->version_id)
        return dd_xasprintf("%s-%s", os->id, os->version_id);
    if (os->codename)
        return dd_xasprintf("%s-%s", os->id, os->codename);
    return NULL;
}

static char *lower(const char *s)
{
    char *r = dd_xstrdup(s);
    for (char *p = r; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return r;
}

char *dd_pkg_purl(const dd_package *p, const dd_os_info *os)
{
    if (!p->name || !p->version)
        return NULL;
    dd_buf b = DD_BUF_INIT;
    qual q[6];
    size_t nq = 0;
    const char *ver = p->version;
    _cleanup_free_ char *vbuf = NULL;
    const char *os_id = os && os->id ? os->id : NULL;

    switch (p->type) {
    case DD_PKG_DPKG:
    case DD_PKG_APK:
    case DD_PKG_RPM: {
        const char *ns;
        if (p->type == DD_PKG_DPKG)
            ns = is_deb_like(os_id) ? os_id : "debian";
        else if (p->type == DD_PKG_APK)
            ns = os_id && !is_deb_like(os_id) ? os_id : "alpine"; /* alpine, wolfi ... */
        else
            ns = os_id ? os_id : "redhat";
        dd_buf_printf(&b, "pkg:%s/", dd_pkg_type_name(p->type));
        enc(&b, ns);
        dd_buf_putc(&b, '/');
        enc(&b, p->name);
        if (p->type == DD_PKG_RPM) {
            /* The epoch is a qualifier in rpm purls, not part of the version. */
            const char *colon = strchr(ver, ':');
            const char *dash = strchr(ver, '-');
            if (colon && (!dash || colon < dash)) {
                q[nq++] = (qual){"epoch", dd_xstrndup(ver, (size_t)(colon - ver))};
                ver = colon + 1;
            }
        }
        if (p->arch)
            q[nq++] = (qual){"arch", dd_xstrdup(p->arch)};
        char *d = distro(os);
        if (d)
            q[nq++] = (qual){"distro", d};
        if (p->source_name && strcmp(p->source_name, p->name) != 0) {
            q[nq++] = (qual){"upstream", p->source_version && strcmp(p->source_version, ver) != 0
                                             ? dd_xasprintf("%s@%s", p->source_name,
                                                            p->source_version)
                                             : dd_xstrdup(p->source_name)};
        } else if (p->source_version && strcmp(p->source_version, ver) != 0) {
            q[nq++] = (qual){"upstream", dd_xasprintf("%s@%s", p->source_name ? p->source_name
                                                                              : p->name,
                                                      p->source_version)};
        }
        break;
    }
    case DD_PKG_PYPI: {
        dd_buf_puts(&b, "pkg:pypi/");
        _cleanup_free_ char *n = lower(p->name);
        for (char *c = n; *c; c++)
            if (*c == '_')
                *c = '-';
        enc(&b, n);
        break;
    }
    case DD_PKG_NPM: {
        dd_buf_puts(&b, "pkg:npm/");
        _cleanup_free_ char *n = lower(p->name);
        enc_path(&b, n);
        break;
    }
    case DD_PKG_GO:
        dd_buf_puts(&b, "pkg:golang/");
        enc_path(&b, p->name);
        /* The toolchain is "go1.21.3"; Go's vulnerability data calls that version 1.21.3. */
        if (strcmp(p->name, "stdlib") == 0 && strncmp(ver, "go", 2) == 0)
            ver += 2;
        break;
    case DD_PKG_MAVEN: {
        dd_buf_puts(&b, "pkg:maven/");
        vbuf = dd_xstrdup(p->name);
        char *colon = strchr(vbuf, ':');
        if (colon) {
            *colon = '\0';
            enc(&b, vbuf);
            dd_buf_putc(&b, '/');
            enc(&b, colon + 1);
        } else {
            enc(&b, vbuf);
        }
        break;
    }
    case DD_PKG_COMPOSER: { /* vendor/name: the vendor is the namespace */
        dd_buf_puts(&b, "pkg:composer/");
        _cleanup_free_ char *n = lower(p->name);
        enc_path(&b, n);
        break;
    }
    default: /* a plain name (cargo, gem, nuget ...; "generic" for no ecosystem) */
        dd_buf_printf(&b, "pkg:%s/", dd_pkg_type_name(p->type));
        enc(&b, p->name);
        break;
    }
    dd_buf_putc(&b, '@');
    enc(&b, ver);
    qsort(q, nq, sizeof q[0], qual_cmp);
    for (size_t i = 0; i < nq; i++) {
        dd_buf_putc(&b, i ? '&' : '?');
        dd_buf_puts(&b, q[i].k);
        dd_buf_putc(&b, '=');
        enc(&b, q[i].v);
        free(q[i].v);
    }
    return dd_buf_steal(&b);
}

void dd_package_list_set_purls(dd_package_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].purl);
        l->v[i].purl = dd_pkg_purl(&l->v[i], &l->os);
    }
}
