/* Which files are lockfiles, the dispatch to each reader, and the helpers they share. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/mem.h"
#include "lockfile/internal.h"
#include "pkg/internal.h"

static const struct {
    const char *base; /* exact base name */
    int kind;
} names[] = {
    {"package-lock.json", DD_LOCK_NPM},
    {"npm-shrinkwrap.json", DD_LOCK_NPM},
    {"yarn.lock", DD_LOCK_YARN},
    {"pnpm-lock.yaml", DD_LOCK_PNPM},
    {"poetry.lock", DD_LOCK_POETRY},
    {"Pipfile.lock", DD_LOCK_PIPFILE},
    {"uv.lock", DD_LOCK_UV},
    {"go.mod", DD_LOCK_GOMOD},
    {"go.sum", DD_LOCK_GOSUM},
    {"pom.xml", DD_LOCK_POM},
    {"gradle.lockfile", DD_LOCK_GRADLE},
    {"buildscript-gradle.lockfile", DD_LOCK_GRADLE},
    {"Cargo.lock", DD_LOCK_CARGO},
    {"Gemfile.lock", DD_LOCK_GEMFILE},
    {"gems.locked", DD_LOCK_GEMFILE},
    {"composer.lock", DD_LOCK_COMPOSER},
    {"packages.lock.json", DD_LOCK_NUGET},
};

static const char *const kind_names[DD_LOCK_MAX_] = {
    [DD_LOCK_NPM] = "package-lock.json",
    [DD_LOCK_YARN] = "yarn.lock",
    [DD_LOCK_PNPM] = "pnpm-lock.yaml",
    [DD_LOCK_REQUIREMENTS] = "requirements.txt",
    [DD_LOCK_POETRY] = "poetry.lock",
    [DD_LOCK_PIPFILE] = "Pipfile.lock",
    [DD_LOCK_UV] = "uv.lock",
    [DD_LOCK_GOMOD] = "go.mod",
    [DD_LOCK_GOSUM] = "go.sum",
    [DD_LOCK_POM] = "pom.xml",
    [DD_LOCK_GRADLE] = "gradle.lockfile",
    [DD_LOCK_CARGO] = "Cargo.lock",
    [DD_LOCK_GEMFILE] = "Gemfile.lock",
    [DD_LOCK_COMPOSER] = "composer.lock",
    [DD_LOCK_NUGET] = "packages.lock.json",
};

const char *dd_lock_kind_name(int kind)
{
    return kind > 0 && kind < DD_LOCK_MAX_ && kind_names[kind] ? kind_names[kind] : "lockfile";
}

static bool ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && strncasecmp(s + n - k, suf, k) == 0;
}

int dd_lock_want(const char *path)
{
    /* Installed trees carry the lockfiles of what was installed, not of this project
     * (node_modules/.package-lock.json, a vendored module's go.mod is read as installed). */
    if (strncmp(path, "node_modules/", 13) == 0 || strstr(path, "/node_modules/"))
        return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(base, names[i].base) == 0)
            return names[i].kind;
    size_t bl = strlen(base);
    if (ends_with(base, bl, ".txt")) {
        /* requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements/base.txt */
        if (strcasestr(base, "requirements"))
            return DD_LOCK_REQUIREMENTS;
        size_t pl = (size_t)(base - path);
        if (pl >= 13 && strncmp(base - 13, "requirements/", 13) == 0)
            return DD_LOCK_REQUIREMENTS;
    }
    if (ends_with(base, bl, ".lockfile") && strstr(path, "gradle/dependency-locks/"))
        return DD_LOCK_GRADLE;
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
    lk_ctx c = {path, sibling, ud, out, e, out->n, NULL, 0, 0};
    size_t n0 = out->n;
    int (*const readers[DD_LOCK_MAX_])(lk_ctx *, const void *, size_t) = {
        [DD_LOCK_NPM] = dd_lock_read_npm,
        [DD_LOCK_YARN] = dd_lock_read_yarn,
        [DD_LOCK_PNPM] = dd_lock_read_pnpm,
        [DD_LOCK_REQUIREMENTS] = dd_lock_read_requirements,
        [DD_LOCK_POETRY] = dd_lock_read_poetry,
        [DD_LOCK_PIPFILE] = dd_lock_read_pipfile,
        [DD_LOCK_UV] = dd_lock_read_uv,
        [DD_LOCK_GOMOD] = dd_lock_read_gomod,
        [DD_LOCK_GOSUM] = dd_lock_read_gosum,
        [DD_LOCK_POM] = dd_lock_read_pom,
        [DD_LOCK_GRADLE] = dd_lock_read_gradle,
        [DD_LOCK_CARGO] = dd_lock_read_cargo,
        [DD_LOCK_GEMFILE] = dd_lock_read_gemfile,
        [DD_LOCK_COMPOSER] = dd_lock_read_composer,
        [DD_LOCK_NUGET] = dd_lock_read_nuget,
    };
    if (kind <= 0 || kind >= DD_LOCK_MAX_ || !readers[kind])
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: unknown lockfile kind %d", path, kind);
    int rc = readers[kind](&c, data, len);
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
            dd_package_list_note(c->out,
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
