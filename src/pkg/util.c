#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mem.h"
#include "pkg/internal.h"

void dd_lines_init(dd_lines *it, const void *data, size_t len)
{
    it->p = data;
    /* An empty buffer may have no storage at all; NULL + 0 is not a pointer C allows. */
    it->end = data ? it->p + len : NULL;
    it->lineno = 0;
}

bool dd_lines_next(dd_lines *it, const char **s, size_t *n)
{
    if (!it->p || it->p >= it->end)
        return false;
    const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    const char *e = nl ? nl : it->end;
    *s = it->p;
    *n = (size_t)(e - it->p);
    if (*n && (*s)[*n - 1] == '\r')
        (*n)--;
    it->p = nl ? nl + 1 : it->end;
    it->lineno++;
    return true;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

char *dd_pkg_field_dup(const char *s, size_t n)
{
    while (n && blank(*s))
        s++, n--;
    while (n && blank(s[n - 1]))
        n--;
    if (!n || n > DD_PKG_MAX_FIELD || memchr(s, '\0', n))
        return NULL;
    return dd_xstrndup(s, n);
}

bool dd_pkg_header(const char *s, size_t n, const char *key, const char **val, size_t *vlen)
{
    size_t k = strlen(key);
    if (n <= k || s[k] != ':' || strncasecmp(s, key, k) != 0)
        return false;
    *val = s + k + 1;
    *vlen = n - k - 1;
    return true;
}

dd_package *dd_pkg_add_owned(dd_package_list *l, dd_pkg_type type, char *name, char *version,
                             const char *path, const char *layer)
{
    dd_package *p = dd_package_list_add(l, type, "", "");
    free(p->name);
    free(p->version);
    p->name = name;
    p->version = version;
    p->path = dd_xstrdup(path);
    p->layer = dd_xstrdup(layer);
    return p;
}

void dd_pkg_truncate(dd_package_list *l, size_t n0)
{
    for (size_t i = n0; i < l->n; i++) {
        dd_package *p = &l->v[i];
        free(p->name);
        free(p->version);
        free(p->arch);
        free(p->source_name);
        free(p->source_version);
        free(p->license);
        free(p->supplier);
        free(p->sha1);
        free(p->layer);
        free(p->path);
        free(p->purl);
        free(p->constraint);
    }
    if (l->n > n0)
        l->n = n0;
}

bool dd_str_ends(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

void dd_package_list_remove_in(dd_package_list *l, const dd_package_list *base)
{
    if (!l->n)
        return;
    /* Kept packages first, in order; the others after them, then truncated away. */
    dd_package *tmp = dd_xcalloc(l->n, sizeof *tmp);
    size_t k = 0, d = l->n;
    for (size_t i = 0; i < l->n; i++) {
        const dd_package *p = &l->v[i];
        bool in = false;
        for (size_t j = 0; j < base->n && !in; j++)
            in = base->v[j].type == p->type && strcmp(base->v[j].name, p->name) == 0 &&
                 strcmp(base->v[j].version ? base->v[j].version : "",
                        p->version ? p->version : "") == 0;
        if (in)
            tmp[--d] = *p;
        else
            tmp[k++] = *p;
    }
    memcpy(l->v, tmp, l->n * sizeof *tmp);
    free(tmp);
    dd_pkg_truncate(l, k);
}
