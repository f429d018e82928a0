/* Licences of dpkg packages. dpkg's database records none: Debian keeps them in
 * usr/share/doc/PKG/copyright, in the machine-readable format (DEP-5,
 * https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/) for most packages.
 * Its short names ("GPL-2+", "BSD-3-clause", "Expat") are turned into SPDX license ids
 * where the SPDX list has an exact equivalent (the tables below), so that every SBOM
 * format gets ids its consumers know; names without one ("public-domain", "Artistic")
 * are kept as Debian wrote them, and the SPDX writer makes LicenseRefs of them. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/spdx.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

/* ---- DEP-5 short names to SPDX ids ---- */

/* How a family's versions are written in SPDX. */
typedef enum {
    ONLY_OR_LATER, /* GPL-2 → GPL-2.0-only, GPL-2+ → GPL-2.0-or-later */
    PLAIN,         /* Apache-2 → Apache-2.0; a '+' stays a '+' (SPDX "or later" operator) */
} dep5_form;

/* The versioned families of the copyright-format spec's table of short names, each
 * "FAMILY-VERSION[+]". A result not in the SPDX list (generated at build time) is not
 * used, so a version SPDX lacks stays Debian's name. */
static const struct {
    const char *family;
    const char *prefix, *infix; /* SPDX id: prefix VERSION infix [-only|-or-later] */
    dep5_form form;
} families[] = {
    {"GPL", "GPL-", "", ONLY_OR_LATER},
    {"LGPL", "LGPL-", "", ONLY_OR_LATER},
    {"AGPL", "AGPL-", "", ONLY_OR_LATER},
    {"GFDL", "GFDL-", "", ONLY_OR_LATER},
    {"GFDL-NIV", "GFDL-", "-no-invariants", ONLY_OR_LATER},
    {"Apache", "Apache-", "", PLAIN},
    {"Artistic", "Artistic-", "", PLAIN},
    {"MPL", "MPL-", "", PLAIN},
    {"CC-BY", "CC-BY-", "", PLAIN},
    {"CC-BY-SA", "CC-BY-SA-", "", PLAIN},
    {"CC-BY-ND", "CC-BY-ND-", "", PLAIN},
    {"CC-BY-NC", "CC-BY-NC-", "", PLAIN},
    {"CC-BY-NC-SA", "CC-BY-NC-SA-", "", PLAIN},
    {"CC-BY-NC-ND", "CC-BY-NC-ND-", "", PLAIN},
    {"CC0", "CC0-", "", PLAIN},
    {"CDDL", "CDDL-", "", PLAIN},
    {"CPL", "CPL-", "", PLAIN},
    {"EFL", "EFL-", "", PLAIN},
    {"LPPL", "LPPL-", "", PLAIN},
    {"Python", "Python-", "", PLAIN},
    {"QPL", "QPL-", "", PLAIN},
    {"Zope", "ZPL-", "", PLAIN},
};

/* Unversioned short names whose SPDX id is spelt differently. */
static const struct {
    const char *dep5, *spdx;
} names[] = {
    {"Expat", "MIT"},
    {"BSD-2-clause", "BSD-2-Clause"},
    {"BSD-3-clause", "BSD-3-Clause"},
    {"BSD-4-clause", "BSD-4-Clause"},
    {"ISC", "ISC"},
    {"Zlib", "Zlib"},
    {"W3C", "W3C"},
};

/* "GPL-3+ with Bison exception": the SPDX exception, by the licence's major version
 * where the exception has several (0: any). */
static const struct {
    const char *dep5;
    int major;
    const char *spdx;
} exceptions[] = {
    {"Autoconf", 2, "Autoconf-exception-2.0"}, {"Autoconf", 3, "Autoconf-exception-3.0"},
    {"Bison", 0, "Bison-exception-2.2"},       {"Classpath", 0, "Classpath-exception-2.0"},
    {"Font", 0, "Font-exception-2.0"},         {"GCC-3.1", 0, "GCC-exception-3.1"},
    {"Libtool", 0, "Libtool-exception"},       {"Linux-syscall-note", 0, "Linux-syscall-note"},
    {"Texinfo", 0, "Texinfo-exception"},
};

/* "2", "2.1", "1.3c": digits, dot-separated digits, at most one trailing letter. */
static bool is_version(const char *v, size_t n)
{
    size_t i = 0;
    bool digit = false;
    for (; i < n; i++) {
        if (isdigit((unsigned char)v[i]))
            digit = true;
        else if (v[i] == '.' && digit && i + 1 < n && isdigit((unsigned char)v[i + 1]))
            digit = false;
        else
            break;
    }
    if (i < n && digit && islower((unsigned char)v[i]))
        i++;
    return digit && i == n;
}

int dd_pkg_dep5_spdx_id(const char *name, char *out, size_t cap)
{
    for (size_t i = 0; i < DD_ARRAY_SIZE(names); i++)
        if (strcasecmp(name, names[i].dep5) == 0)
            return snprintf(out, cap, "%s", names[i].spdx) < (int)cap ? 0 : -1;
    size_t len = strlen(name);
    bool plus = len && name[len - 1] == '+';
    for (size_t i = 0; i < DD_ARRAY_SIZE(families); i++) {
        size_t fl = strlen(families[i].family);
        if (len <= fl + 1 || strncasecmp(name, families[i].family, fl) != 0 || name[fl] != '-')
            continue;
        const char *v = name + fl + 1;
        size_t vn = len - fl - 1 - plus;
        if (!is_version(v, vn))
            continue;
        const char *dot0 = memchr(v, '.', vn) ? "" : ".0";
        const char *tail = families[i].form == PLAIN ? (plus ? "+" : "")
                           : plus                    ? "-or-later"
                                                     : "-only";
        /* SPDX writes whole versions with ".0" (GPL-2 is GPL-2.0), except where it
         * does not (LPPL-1.3c): the spelling the SPDX list has, else Debian's name. */
        for (int k = 0; k < 2; k++) {
            int w = snprintf(out, cap, "%s%.*s%s%s%s", families[i].prefix, (int)vn, v,
                             k ? "" : dot0, families[i].infix, tail);
            if (w < 0 || (size_t)w >= cap)
                return -1;
            /* "+" is SPDX's operator, not part of the id */
            size_t idlen = (size_t)w - (families[i].form == PLAIN && plus);
            char save = out[idlen];
            out[idlen] = '\0';
            bool known = dd_spdx_license(out);
            out[idlen] = save;
            if (known)
                return 0;
        }
        return -1;
    }
    return -1;
}

/* The SPDX exception for "with NAME exception" after licence `lic` (an SPDX id), or NULL. */
static const char *exception_id(const char *name, size_t n, const char *lic)
{
    const char *dash = strchr(lic, '-');
    int major = dash ? atoi(dash + 1) : 0;
    for (size_t i = 0; i < DD_ARRAY_SIZE(exceptions); i++)
        if (strlen(exceptions[i].dep5) == n && strncasecmp(name, exceptions[i].dep5, n) == 0 &&
            (!exceptions[i].major || exceptions[i].major == major) &&
            dd_spdx_exception(exceptions[i].spdx))
            return exceptions[i].spdx;
    return NULL;
}

/* Characters an id may not hold ("MIT/X11", spaces) as '-'. */
static void put_token(dd_buf *b, const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = w[i];
        dd_buf_putc(b, isalnum((unsigned char)c) || (c && strchr(".+-", c)) ? c : '-');
    }
}

/* A name as it goes into an expression: its SPDX id, or Debian's name made one token
 * ("MIT/X11" → "MIT-X11": an expression's ids hold letters, digits, '.', '-', '+'). */
static void put_name(dd_buf *b, const char *w, size_t n)
{
    char tmp[256], id[256];
    if (n < sizeof tmp) {
        memcpy(tmp, w, n);
        tmp[n] = '\0';
        if (dd_pkg_dep5_spdx_id(tmp, id, sizeof id) == 0) {
            dd_buf_puts(b, id);
            return;
        }
    }
    put_token(b, w, n);
}

static bool word_is(const char *w, size_t n, const char *s)
{
    return strlen(s) == n && strncasecmp(w, s, n) == 0;
}

/* Wrap b[from..] in parentheses when it holds an operator. */
static void group(dd_buf *b, size_t from)
{
    if (!memchr(b->data + from, ' ', b->len - from))
        return;
    _cleanup_free_ char *g = dd_xstrdup(b->data + from);
    b->len = from;
    b->data[from] = '\0';
    dd_buf_printf(b, "(%s)", g);
}

char *dd_pkg_dep5_expression(const char *lic)
{
    /* Words: names, "and"/"or", "with NAME exception". A comma closes a group: "A or B,
     * and C" is (A or B) and C; the words of a name Debian wrote with spaces ("MIT-like
     * license") are joined into one. */
    dd_buf b = DD_BUF_INIT;
    dd_buf_puts(&b, "");
    size_t seg = 0;                /* where the current comma-separated group began */
    bool commas = false;           /* a comma was seen: the last group is one too */
    size_t name = 0, name_len = 0; /* the last name written, in b; 0 length: none */
    bool after_name = false;       /* the last word was (part of) a name */
    const char *name_src = NULL;   /* its first word in `lic` while it has only one */
    const char *p = lic;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " \t");
        bool comma = n > 1 && p[n - 1] == ',';
        size_t wn = comma ? n - 1 : n;
        if (word_is(p, wn, "and") || word_is(p, wn, "or") || word_is(p, wn, "and/or")) {
            dd_buf_puts(&b, word_is(p, wn, "and") ? " AND " : " OR ");
            if (seg == SIZE_MAX)
                seg = b.len;
            after_name = false;
            name_len = 0;
        } else if (word_is(p, wn, "with") && name_len) {
            /* "with NAME exception": NAME may be several words, up to "exception". */
            const char *q = p + n;
            while (*q == ' ')
                q++;
            const char *end = strstr(q, " exception");
            char id[256];
            snprintf(id, sizeof id, "%.*s", (int)name_len, b.data + name);
            const char *x = end ? exception_id(q, (size_t)(end - q), id) : NULL;
            const char *stop = end ? end + strlen(" exception") : q + strcspn(q, ",");
            if (x) {
                dd_buf_puts(&b, " WITH ");
                dd_buf_puts(&b, x);
            } else {
                /* No SPDX exception: the licence with its exception is one name. */
                b.len = name;
                b.data[b.len] = '\0';
                _cleanup_free_ char *whole = dd_xasprintf("%s-with-%.*s", id, (int)(stop - q), q);
                put_name(&b, whole, strlen(whole));
            }
            p = stop;
            comma = *p == ',';
            p += comma;
            n = 0;
            after_name = false;
            name_len = 0;
        } else {
            if (seg == SIZE_MAX) {
                /* "A, B": a list with no operator, read as all of them */
                dd_buf_puts(&b, " AND ");
                seg = b.len;
            }
            if (after_name) {
                /* another word of the same name: the words as written make one token
                 * (the first is written again, unmapped; then each word is appended, so
                 * a long run of words costs its length, not its square) */
                if (name_src) {
                    b.len = name;
                    b.data[b.len] = '\0';
                    put_token(&b, name_src, (size_t)(p + wn - name_src));
                    name_src = NULL;
                } else {
                    dd_buf_putc(&b, '-');
                    put_token(&b, p, wn);
                }
            } else {
                name = b.len;
                name_src = p;
                put_name(&b, p, wn);
            }
            name_len = b.len - name;
            after_name = true;
        }
        p += n;
        if (comma) {
            group(&b, seg == SIZE_MAX ? 0 : seg);
            commas = true;
            seg = SIZE_MAX; /* set by the operator that follows */
            after_name = false;
            name_len = 0;
        }
    }
    if (commas && seg != SIZE_MAX)
        group(&b, seg);
    return dd_buf_steal(&b);
}

/* ---- the copyright file ---- */

/* Licences kept per file; each of a bounded length (DD_PKG_MAX_FIELD in all). */
#define DEP5_MAX_LICENSES 64

typedef struct terms {
    char *v[DEP5_MAX_LICENSES];
    size_t n;
    dd_buf out;
} terms;

/* Add one term of the file's conjunction, once. */
static void term_add(terms *t, const char *s, size_t n)
{
    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->v[i]) == n && memcmp(t->v[i], s, n) == 0)
            return;
    if (!n || t->n == DEP5_MAX_LICENSES || t->out.len + n + 7 > DD_PKG_MAX_FIELD)
        return;
    t->v[t->n++] = dd_xstrndup(s, n);
    if (t->out.len)
        dd_buf_puts(&t->out, " AND ");
    /* AND binds tighter than OR in SPDX: an alternative joined to others is a group. */
    bool alt = memmem(s, n, " OR ", 4) != NULL;
    dd_buf_printf(&t->out, alt ? "(%.*s)" : "%.*s", (int)n, s);
}

/* Where the next " AND " or " OR " outside parentheses is, from s; NULL for none. */
static const char *top_op(const char *s, const char *op)
{
    int depth = 0;
    for (const char *p = s; *p; p++) {
        depth += (*p == '(') - (*p == ')');
        if (depth == 0 && strncmp(p, op, strlen(op)) == 0)
            return p;
    }
    return NULL;
}

/* Add the terms of a conjunction (a whole alternative is one term), each without the
 * parentheses around it. */
static void terms_add_expr(terms *t, const char *expr)
{
    if (top_op(expr, " OR ")) {
        term_add(t, expr, strlen(expr));
        return;
    }
    for (const char *s = expr;;) {
        const char *and = top_op(s, " AND ");
        size_t n = and? (size_t)(and-s) : strlen(s);
        if (n >= 2 && s[0] == '(' && s[n - 1] == ')')
            term_add(t, s + 1, n - 2);
        else
            term_add(t, s, n);
        if (!and)
            break;
        s = and+5;
    }
}

char *dd_pkg_dpkg_copyright_license(const void *data, size_t len)
{
    dd_lines it;
    dd_lines_init(&it, data, len);
    const char *line, *v;
    size_t n, vlen;
    bool first = true;
    terms t = {.out = DD_BUF_INIT};
    while (dd_lines_next(&it, &line, &n)) {
        if (first) {
            if (n == 0)
                continue;
            if (!dd_pkg_header(line, n, "Format", &v, &vlen))
                return NULL;
            first = false;
            continue;
        }
        if (!dd_pkg_header(line, n, "License", &v, &vlen))
            continue;
        _cleanup_free_ char *raw = dd_pkg_field_dup(v, vlen);
        if (!raw)
            continue;
        _cleanup_free_ char *expr = dd_pkg_dep5_expression(raw);
        /* "GPL-3+ and ISC" in one paragraph, GPL-3+ in another: GPL-3.0-or-later once. */
        terms_add_expr(&t, expr);
    }
    for (size_t i = 0; i < t.n; i++)
        free(t.v[i]);
    if (!t.out.len) {
        dd_buf_free(&t.out);
        return NULL;
    }
    return dd_buf_steal(&t.out);
}

/* ---- filling a package list ---- */

bool dd_pkg_dpkg_copyright_path(const char *name, char *out, size_t cap)
{
    /* A package name is one path component: never "..", never a '/'. */
    if (!name[0] || name[0] == '.' || strchr(name, '/'))
        return false;
    int w = snprintf(out, cap, "usr/share/doc/%s/copyright", name);
    return w > 0 && (size_t)w < cap;
}

bool dd_pkg_is_dpkg_copyright(const char *path)
{
    static const char pre[] = "usr/share/doc/", post[] = "/copyright";
    if (strncmp(path, pre, sizeof pre - 1) != 0)
        return false;
    const char *name = path + sizeof pre - 1;
    const char *slash = strchr(name, '/');
    return slash && slash > name && name[0] != '.' && strcmp(slash, post) == 0;
}

void dd_pkg_dpkg_licenses(dd_package_list *l, dd_pkg_copyright_fn fn, void *ud)
{
    char path[512];
    for (size_t i = 0; i < l->n; i++) {
        dd_package *p = &l->v[i];
        if (p->type == DD_PKG_DPKG && !p->license &&
            dd_pkg_dpkg_copyright_path(p->name, path, sizeof path))
            p->license = fn(ud, path);
    }
}
