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
#include "vuln/version.h"

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
            q[nq++] =
                (qual){"upstream", p->source_version && strcmp(p->source_version, ver) != 0
                                       ? dd_xasprintf("%s@%s", p->source_name, p->source_version)
                                       : dd_xstrdup(p->source_name)};
        } else if (p->source_version && strcmp(p->source_version, ver) != 0) {
            q[nq++] =
                (qual){"upstream", dd_xasprintf("%s@%s", p->source_name ? p->source_name : p->name,
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

/* ---- reading a purl back (an SBOM's) ------------------------------------------------- */

/* Percent-decode [s, s+n) into a new string; NULL for a bad escape, a NUL byte or a
 * result longer than DD_PKG_MAX_FIELD (the SBOM is untrusted). */
static char *dec(const char *s, size_t n)
{
    if (n > DD_PKG_MAX_FIELD * 3)
        return NULL;
    char *r = dd_xcalloc(n + 1, 1), *o = r;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (i + 2 >= n) {
                free(r);
                return NULL;
            }
            int hi = isxdigit((unsigned char)s[i + 1]), lo = isxdigit((unsigned char)s[i + 2]);
            if (!hi || !lo) {
                free(r);
                return NULL;
            }
            char h[3] = {s[i + 1], s[i + 2], 0};
            c = (unsigned char)strtoul(h, NULL, 16);
            i += 2;
        }
        if (c == 0) {
            free(r);
            return NULL;
        }
        *o++ = (char)c;
    }
    if ((size_t)(o - r) > DD_PKG_MAX_FIELD || o == r) {
        free(r);
        return NULL;
    }
    return r;
}

void dd_purl_free(dd_purl *u)
{
    free(u->type);
    free(u->ns);
    free(u->name);
    free(u->version);
    free(u->arch);
    free(u->distro);
    free(u->upstream);
    free(u->epoch);
    memset(u, 0, sizeof *u);
}

int dd_purl_parse(const char *s, dd_purl *u, const char **why)
{
    memset(u, 0, sizeof *u);
    if (strncmp(s, "pkg:", 4) != 0)
        return *why = "does not start with 'pkg:'", -1;
    s += 4;
    while (*s == '/') /* "pkg://" is tolerated, as the spec says */
        s++;
    size_t len = strlen(s);
    const char *end = s + len;
    const char *hash = memchr(s, '#', len); /* the subpath says nothing we match on */
    if (hash)
        end = hash;
    const char *q = memchr(s, '?', (size_t)(end - s));
    const char *pend = q ? q : end;
    const char *slash = memchr(s, '/', (size_t)(pend - s));
    if (!slash || slash == s)
        return *why = "no type/name", -1;
    u->type = dd_xstrndup(s, (size_t)(slash - s));
    for (char *c = u->type; *c; c++) {
        if (!isalnum((unsigned char)*c) && *c != '.' && *c != '+' && *c != '-') {
            dd_purl_free(u);
            return *why = "a type with characters no purl type has", -1;
        }
        *c = (char)tolower((unsigned char)*c);
    }
    const char *path = slash + 1;
    /* The version is after the last '@' of the path: npm scopes are "%40scope". */
    const char *at = NULL;
    for (const char *p = path; p < pend; p++)
        if (*p == '@')
            at = p;
    const char *nend = at ? at : pend;
    while (nend > path && nend[-1] == '/')
        nend--;
    const char *last = nend;
    while (last > path && last[-1] != '/')
        last--;
    if (last == nend) {
        dd_purl_free(u);
        return *why = "no name", -1;
    }
    u->name = dec(last, (size_t)(nend - last));
    if (last > path) {
        /* Every namespace segment decoded, joined by '/' again. */
        dd_buf b = DD_BUF_INIT;
        const char *seg = path;
        while (seg < last - 1) {
            const char *se = memchr(seg, '/', (size_t)(last - 1 - seg));
            if (!se)
                se = last - 1;
            if (se > seg) {
                char *d = dec(seg, (size_t)(se - seg));
                if (!d) {
                    free(dd_buf_steal(&b));
                    dd_purl_free(u);
                    return *why = "a namespace that is not percent-encoded text", -1;
                }
                if (b.len)
                    dd_buf_putc(&b, '/');
                dd_buf_puts(&b, d);
                free(d);
            }
            seg = se + 1;
        }
        u->ns = b.len ? dd_buf_steal(&b) : (free(dd_buf_steal(&b)), NULL);
    }
    if (at && at + 1 < pend)
        u->version = dec(at + 1, (size_t)(pend - at - 1));
    if (!u->name || (at && at + 1 < pend && !u->version)) {
        dd_purl_free(u);
        return *why = "a name or version that is not percent-encoded text", -1;
    }
    for (const char *k = q ? q + 1 : end; k < end;) {
        const char *amp = memchr(k, '&', (size_t)(end - k));
        const char *kend = amp ? amp : end;
        const char *eq = memchr(k, '=', (size_t)(kend - k));
        if (eq && eq > k) {
            char **slot = NULL;
            size_t kl = (size_t)(eq - k);
            if (kl == 4 && strncasecmp(k, "arch", 4) == 0)
                slot = &u->arch;
            else if (kl == 6 && strncasecmp(k, "distro", 6) == 0)
                slot = &u->distro;
            else if (kl == 8 && strncasecmp(k, "upstream", 8) == 0)
                slot = &u->upstream;
            else if (kl == 5 && strncasecmp(k, "epoch", 5) == 0)
                slot = &u->epoch;
            if (slot && !*slot && eq + 1 < kend &&
                !(*slot = dec(eq + 1, (size_t)(kend - eq - 1)))) {
                dd_purl_free(u);
                return *why = "a qualifier that is not percent-encoded text", -1;
            }
        }
        k = kend + 1;
    }
    return 0;
}

/* The package type of a purl type: the ecosystem table's row (vuln/version.h) whose
 * purl_type it is; -1 for a type no ecosystem has. */
static int pkg_type_of(const char *purl_type)
{
    for (int i = DD_ECO_UNKNOWN + 1; i < DD_ECO_COUNT_; i++) {
        const dd_eco_info *e = dd_eco((dd_ecosystem)i);
        if (!(e->flags & DD_ECOF_ORDER) && strcmp(e->purl_type, purl_type) == 0)
            return (int)e->pkg;
    }
    return -1;
}

dd_package *dd_purl_add_package(const dd_purl *u, dd_package_list *l)
{
    int t = pkg_type_of(u->type);
    if (t < 0 || !u->version)
        return NULL;
    char *name;
    switch ((dd_pkg_type)t) {
    case DD_PKG_MAVEN: /* group:artifact, as the readers name Maven packages */
        name = u->ns ? dd_xasprintf("%s:%s", u->ns, u->name) : dd_xstrdup(u->name);
        break;
    case DD_PKG_DPKG:
    case DD_PKG_APK:
    case DD_PKG_RPM: /* the namespace is the vendor ("debian"), not part of the name */
        name = dd_xstrdup(u->name);
        break;
    default: /* "@scope/name", "github.com/org/mod", "vendor/name" */
        name = u->ns ? dd_xasprintf("%s/%s", u->ns, u->name) : dd_xstrdup(u->name);
        break;
    }
    char *ver = u->epoch && t == DD_PKG_RPM ? dd_xasprintf("%s:%s", u->epoch, u->version)
                                            : dd_xstrdup(u->version);
    dd_package *p = dd_pkg_add_owned(l, (dd_pkg_type)t, name, ver, NULL, NULL);
    if (u->arch)
        p->arch = dd_xstrdup(u->arch);
    if (u->upstream) { /* "src" or "src@version" */
        const char *sat = strchr(u->upstream, '@');
        p->source_name =
            sat ? dd_xstrndup(u->upstream, (size_t)(sat - u->upstream)) : dd_xstrdup(u->upstream);
        if (sat && sat[1])
            p->source_version = dd_xstrdup(sat + 1);
    }
    return p;
}
