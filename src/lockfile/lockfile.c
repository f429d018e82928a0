/* Which files are lockfiles, the dispatch to each reader, and the helpers they share. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mem.h"
#include "core/strlist.h"
#include "lockfile/internal.h"
#include "pkg/internal.h"

static bool ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && strncasecmp(s + n - k, suf, k) == 0;
}

/* requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements/base.txt */
static bool want_requirements(const char *path, const char *base)
{
    if (!ends_with(base, strlen(base), ".txt"))
        return false;
    if (strcasestr(base, "requirements"))
        return true;
    size_t pl = (size_t)(base - path);
    return pl >= 13 && strncmp(base - 13, "requirements/", 13) == 0;
}

bool lk_requirements_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return want_requirements(path, slash ? slash + 1 : path);
}

static bool want_gradle_lock(const char *path, const char *base)
{
    return ends_with(base, strlen(base), ".lockfile") && strstr(path, "gradle/dependency-locks/");
}

/* One row per lockfile format; its index is the kind dd_lock_want() returns:
 *   npm      package-lock.json, npm-shrinkwrap.json (lockfileVersion 1-3), yarn.lock
 *            (v1 and berry), pnpm-lock.yaml (5.x, 6, 9)
 *   PyPI     requirements*.txt (ranges kept as unpinned), poetry.lock, Pipfile.lock, uv.lock
 *   Go       go.mod (// indirect, replace), go.sum (when go.mod cannot list everything)
 *   Maven    pom.xml (properties resolved within the file), gradle.lockfile
 *   crates   Cargo.lock     RubyGems  Gemfile.lock     Packagist  composer.lock
 *   NuGet    packages.lock.json */
static const struct lk_format {
    const char *name;  /* the kind in messages ("package-lock.json") */
    const char *bases; /* exact base names, '|'-separated */
    bool (*want)(const char *path, const char *base); /* other names, after every `bases` */
    int (*read)(lk_ctx *c, const void *data, size_t len);
} formats[] = {
    {.name = NULL}, /* kind 0: not a lockfile */
    {.name = "package-lock.json",
     .bases = "package-lock.json|npm-shrinkwrap.json",
     .read = dd_lock_read_npm},
    {.name = "yarn.lock", .bases = "yarn.lock", .read = dd_lock_read_yarn},
    {.name = "pnpm-lock.yaml", .bases = "pnpm-lock.yaml", .read = dd_lock_read_pnpm},
    {.name = "requirements.txt", .want = want_requirements, .read = dd_lock_read_requirements},
    {.name = "poetry.lock", .bases = "poetry.lock", .read = dd_lock_read_poetry},
    {.name = "Pipfile.lock", .bases = "Pipfile.lock", .read = dd_lock_read_pipfile},
    {.name = "uv.lock", .bases = "uv.lock", .read = dd_lock_read_uv},
    {.name = "go.mod", .bases = "go.mod", .read = dd_lock_read_gomod},
    {.name = "go.sum", .bases = "go.sum", .read = dd_lock_read_gosum},
    {.name = "pom.xml", .bases = "pom.xml", .read = dd_lock_read_pom},
    {.name = "gradle.lockfile",
     .bases = "gradle.lockfile|buildscript-gradle.lockfile",
     .want = want_gradle_lock,
     .read = dd_lock_read_gradle},
    {.name = "Cargo.lock", .bases = "Cargo.lock", .read = dd_lock_read_cargo},
    {.name = "Gemfile.lock", .bases = "Gemfile.lock|gems.locked", .read = dd_lock_read_gemfile},
    {.name = "composer.lock", .bases = "composer.lock", .read = dd_lock_read_composer},
    {.name = "packages.lock.json", .bases = "packages.lock.json", .read = dd_lock_read_nuget},
};
#define NFORMATS ((int)(sizeof formats / sizeof formats[0]))

const char *dd_lock_kind_name(int kind)
{
    return kind > 0 && kind < NFORMATS ? formats[kind].name : "lockfile";
}

int dd_lock_want(const char *path)
{
    /* Installed trees carry the lockfiles of what was installed, not of this project
     * (node_modules/.package-lock.json, a vendored module's go.mod is read as installed). */
    if (strncmp(path, "node_modules/", 13) == 0 || strstr(path, "/node_modules/"))
        return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (int k = 1; k < NFORMATS; k++)
        if (formats[k].bases && dd_strlist_has(formats[k].bases, '|', base, strlen(base), false))
            return k;
    for (int k = 1; k < NFORMATS; k++)
        if (formats[k].want && formats[k].want(path, base))
            return k;
    return 0;
}

int dd_lock_parse(int kind, const char *path, const void *data, size_t len,
                  dd_lock_sibling_fn sibling, void *ud, dd_package_list *out, dd_error *e)
{
    if (len > DD_LOCK_MAX_FILE)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %zu bytes is more than the %u read", path, len,
                            DD_LOCK_MAX_FILE);
    if (!data)
        data = "";
    if (kind <= 0 || kind >= NFORMATS)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: unknown lockfile kind %d", path, kind);
    lk_ctx c = {.path = path, .sibling = sibling, .ud = ud, .out = out, .e = e, .n0 = out->n};
    size_t n0 = out->n;
    int rc = formats[kind].read(&c, data, len);
    free(c.seen);
    if (rc < 0)
        dd_pkg_truncate(out, n0); /* nothing half-read */
    return rc;
}

/* ---- helpers ---------------------------------------------------------------------------- */

int lk_error(lk_ctx *c, unsigned line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line)
        return dd_error_set(c->e, DD_ERR_INPUT, 0, "%s:%u: %s", c->path, line, msg);
    return dd_error_set(c->e, DD_ERR_INPUT, 0, "%s: %s", c->path, msg);
}

dd_package *lk_addn(lk_ctx *c, dd_pkg_type type, const char *name, size_t nlen, const char *version,
                    size_t vlen, unsigned line, dd_pkg_dep dep)
{
    if (c->out->n >= DD_LOCK_MAX_PACKAGES) {
        lk_error(c, line, "more than %u packages: refusing to go on", DD_LOCK_MAX_PACKAGES);
        return NULL;
    }
    dd_package *p = dd_pkg_add_owned(c->out, type, dd_xstrndup(name, nlen),
                                     version ? dd_xstrndup(version, vlen) : NULL, c->path, NULL);
    p->line = (int)line;
    p->dep = dep;
    return p;
}

dd_package *lk_add(lk_ctx *c, dd_pkg_type type, const char *name, const char *version,
                   unsigned line, dd_pkg_dep dep)
{
    return lk_addn(c, type, name, strlen(name), version, version ? strlen(version) : 0, line, dep);
}

static uint32_t hash2(const char *a, const char *b)
{
    uint32_t h = 2166136261u;
    for (; *a; a++)
        h = (h ^ (unsigned char)*a) * 16777619u;
    h = (h ^ '@') * 16777619u;
    for (; b && *b; b++)
        h = (h ^ (unsigned char)*b) * 16777619u;
    return h;
}

static bool same0(const char *a, const char *b)
{
    return a && b ? strcmp(a, b) == 0 : a == b;
}

dd_package *lk_add_once(lk_ctx *c, dd_pkg_type type, const char *name, const char *version,
                        unsigned line, dd_pkg_dep dep, bool dev)
{
    if (2 * (c->nseen + 1) > c->seen_mask) {
        size_t cap = c->seen_mask ? 2 * (c->seen_mask + 1) : 256;
        free(c->seen);
        c->seen = dd_xcalloc(cap, sizeof *c->seen);
        c->seen_mask = cap - 1;
        c->nseen = 0;
        for (size_t i = c->n0; i < c->out->n; i++) {
            size_t h = hash2(c->out->v[i].name, c->out->v[i].version) & c->seen_mask;
            while (c->seen[h])
                h = (h + 1) & c->seen_mask;
            c->seen[h] = (uint32_t)i + 1;
            c->nseen++;
        }
    }
    size_t h = hash2(name, version) & c->seen_mask;
    for (; c->seen[h]; h = (h + 1) & c->seen_mask) {
        dd_package *p = &c->out->v[c->seen[h] - 1];
        if (p->type == type && strcmp(p->name, name) == 0 && same0(p->version, version)) {
            if (dep == DD_DEP_DIRECT)
                p->dep = DD_DEP_DIRECT;
            if (!dev)
                p->dev = false;
            return p;
        }
    }
    dd_package *p = lk_add(c, type, name, version, line, dep);
    if (!p)
        return NULL;
    p->dev = dev;
    c->seen[h] = (uint32_t)(c->out->n - 1) + 1;
    c->nseen++;
    return p;
}

void lk_names_add(lk_names *s, const char *name, size_t len)
{
    s->known = true;
    s->v = dd_xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n++] = dd_xstrndup(name, len);
}

bool lk_names_has(const lk_names *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], name) == 0)
            return true;
    return false;
}

void lk_names_free(lk_names *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

dd_pkg_dep lk_dep(const lk_names *s, const char *name)
{
    if (!s->known)
        return DD_DEP_UNKNOWN;
    return lk_names_has(s, name) ? DD_DEP_DIRECT : DD_DEP_TRANSITIVE;
}

bool lk_sibling_tree(lk_ctx *c, const char *name,
                     int (*parse)(dd_tree *, const char *, const void *, size_t, dd_error *),
                     dd_tree *t)
{
    memset(t, 0, sizeof *t);
    if (!c->sibling)
        return false;
    dd_buf b = DD_BUF_INIT;
    bool ok = false;
    if (c->sibling(c->ud, name, &b) == 0) {
        dd_error e2 = {0};
        ok = parse(t, name, b.data, b.len, &e2) == 0 && t->root;
        if (!ok)
            dd_notes_add(&c->out->notes, NULL,
                         "%s: %s next to it could not be read (%s): direct and "
                         "transitive dependencies are not told apart",
                         c->path, name, e2.msg);
    }
    dd_buf_free(&b);
    return ok;
}

void lk_names_from_keys(lk_names *s, const dd_tnode *o)
{
    if (!o)
        return;
    s->known = true;
    if (o->kind == DD_T_OBJ) {
        for (size_t i = 0; i < o->n; i++)
            lk_names_add(s, o->kids[i].key, strlen(o->kids[i].key));
    } else if (o->kind == DD_T_ARR) {
        /* PEP 508 strings: "django>=3.2 ; python_version>'3'" -> django */
        for (size_t i = 0; i < o->n; i++) {
            const char *r = dd_t_str(&o->kids[i]);
            if (!r)
                continue;
            while (*r == ' ')
                r++;
            size_t n = strcspn(r, " <>=!~;[(@,");
            if (n)
                lk_names_add(s, r, n);
        }
    }
}
