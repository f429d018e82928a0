/* Cargo.lock, Gemfile.lock, composer.lock and NuGet's packages.lock.json. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "lockfile/internal.h"
#include "pkg/internal.h"

/* ---- Cargo.lock ------------------------------------------------------------------------ */

/* Workspace members have no source; what they depend on is direct. */
int dd_lock_read_cargo(lk_ctx *c, const void *data, size_t len)
{
    dd_tree t;
    if (dd_tree_parse_toml(&t, c->path, data, len, c->e) < 0)
        return -1;
    lk_names direct = {0};
    direct.known = true;
    const dd_tnode *pk = dd_t_get(t.root, "package");
    for (size_t i = 0; pk && pk->kind == DD_T_ARR && i < pk->n; i++) {
        const dd_tnode *p = &pk->kids[i];
        if (dd_t_get(p, "source"))
            continue;
        const dd_tnode *deps = dd_t_get(p, "dependencies");
        for (size_t k = 0; deps && deps->kind == DD_T_ARR && k < deps->n; k++) {
            const char *d =
                dd_t_str(&deps->kids[k]); /* "name", "name 1.0.0" or "name 1.0.0 (src)" */
            if (d)
                lk_names_add(&direct, d, strcspn(d, " "));
        }
    }
    int rc = 0;
    for (size_t i = 0; pk && pk->kind == DD_T_ARR && i < pk->n && rc == 0; i++) {
        const dd_tnode *p = &pk->kids[i];
        const char *name = dd_t_gets(p, "name"), *ver = dd_t_gets(p, "version");
        const char *src = dd_t_gets(p, "source");
        if (!name || !ver || !src)
            continue; /* a workspace member: this project's own code */
        if (strncmp(src, "registry+", 9) != 0 && strncmp(src, "sparse+", 7) != 0)
            continue; /* git and path crates are no crates.io release */
        if (!lk_add(c, DD_PKG_CARGO, name, ver, p->line, lk_dep(&direct, name)))
            rc = -1;
    }
    lk_names_free(&direct);
    dd_tree_free(&t);
    return rc;
}

/* ---- Gemfile.lock ---------------------------------------------------------------------- */

/* Sections: GEM (rubygems.org and other gem servers), GIT, PATH, PLUGIN SOURCE, each with
 * "  specs:" and gems at four spaces ("    rails (7.0.4)", a platform after a '-':
 * "    nokogiri (1.13.10-x86_64-linux)"), their requirements at six; DEPENDENCIES lists what
 * the Gemfile asks for (a trailing '!' marks a gem from a GIT or PATH source). */
int dd_lock_read_gemfile(lk_ctx *c, const void *data, size_t len)
{
    dd_lines it;
    dd_lines_init(&it, data, len);
    const char *s;
    size_t n;
    lk_names direct = {0};
    /* First pass: DEPENDENCIES, which comes after the specs. */
    bool in_deps = false;
    while (dd_lines_next(&it, &s, &n)) {
        if (n && s[0] != ' ') {
            in_deps = n == 12 && memcmp(s, "DEPENDENCIES", 12) == 0;
            if (in_deps)
                direct.known = true;
            continue;
        }
        if (in_deps && n > 2 && s[2] != ' ') {
            size_t nl = 0;
            while (2 + nl < n && s[2 + nl] != ' ' && s[2 + nl] != '!')
                nl++;
            if (nl)
                lk_names_add(&direct, s + 2, nl);
        }
    }
    dd_lines_init(&it, data, len);
    bool gem_section = false;
    int rc = 0;
    while (rc == 0 && dd_lines_next(&it, &s, &n)) {
        if (n && s[0] != ' ') {
            gem_section = n == 3 && memcmp(s, "GEM", 3) == 0;
            continue;
        }
        if (!gem_section || n < 6 || memcmp(s, "    ", 4) != 0 || s[4] == ' ')
            continue;
        const char *name = s + 4;
        const char *paren = memchr(name, '(', n - 4);
        if (!paren || s[n - 1] != ')') {
            rc = lk_error(c, (unsigned)it.lineno, "expected 'name (version)' in specs");
            break;
        }
        size_t nl = (size_t)(paren - name);
        while (nl && name[nl - 1] == ' ')
            nl--;
        const char *v = paren + 1;
        size_t vl = (size_t)(s + n - 1 - v);
        /* "1.13.10-x86_64-linux": the platform is not part of the version */
        const char *dash = memchr(v, '-', vl);
        if (dash)
            vl = (size_t)(dash - v);
        if (!nl || !vl) {
            rc = lk_error(c, (unsigned)it.lineno, "expected 'name (version)' in specs");
            break;
        }
        _cleanup_free_ char *nm = dd_xstrndup(name, nl);
        _cleanup_free_ char *ver = dd_xstrndup(v, vl);
        if (!lk_add_once(c, DD_PKG_GEM, nm, ver, (unsigned)it.lineno, lk_dep(&direct, nm), false))
            rc = -1;
    }
    lk_names_free(&direct);
    return rc;
}

/* ---- composer.lock ---------------------------------------------------------------------- */

int dd_lock_read_composer(lk_ctx *c, const void *data, size_t len)
{
    dd_tree t;
    if (dd_tree_parse_json(&t, c->path, data, len, c->e) < 0)
        return -1;
    lk_names direct = {0};
    dd_tree cj;
    if (lk_sibling_tree(c, "composer.json", dd_tree_parse_json, &cj)) {
        lk_names_from_keys(&direct, dd_t_get(cj.root, "require"));
        lk_names_from_keys(&direct, dd_t_get(cj.root, "require-dev"));
        dd_tree_free(&cj);
    }
    int rc = t.root->kind == DD_T_OBJ ? 0 : lk_error(c, 1, "not a composer.lock: not an object");
    static const char *const sections[] = {"packages", "packages-dev"};
    for (size_t s = 0; s < 2 && rc == 0; s++) {
        const dd_tnode *a = dd_t_get(t.root, sections[s]);
        for (size_t i = 0; a && a->kind == DD_T_ARR && i < a->n && rc == 0; i++) {
            const dd_tnode *p = &a->kids[i];
            const char *name = dd_t_gets(p, "name"), *ver = dd_t_gets(p, "version");
            if (!name || !ver || strncmp(ver, "dev-", 4) == 0)
                continue; /* a branch, not a release */
            if (!lk_add_once(c, DD_PKG_COMPOSER, name, ver, p->line, lk_dep(&direct, name), s == 1))
                rc = -1;
        }
    }
    lk_names_free(&direct);
    dd_tree_free(&t);
    return rc;
}

/* ---- packages.lock.json (NuGet) -------------------------------------------------------- */

/* {"version": 1, "dependencies": {"net8.0": {"Name": {"type": "Direct"|"Transitive"|
 * "CentralTransitive"|"Project", "resolved": "13.0.1"}}}}: one block per target framework. */
int dd_lock_read_nuget(lk_ctx *c, const void *data, size_t len)
{
    dd_tree t;
    if (dd_tree_parse_json(&t, c->path, data, len, c->e) < 0)
        return -1;
    int rc =
        t.root->kind == DD_T_OBJ ? 0 : lk_error(c, 1, "not a packages.lock.json: not an object");
    const dd_tnode *fw = dd_t_get(t.root, "dependencies");
    for (size_t f = 0; fw && fw->kind == DD_T_OBJ && f < fw->n && rc == 0; f++) {
        const dd_tnode *o = &fw->kids[f];
        for (size_t i = 0; o->kind == DD_T_OBJ && i < o->n && rc == 0; i++) {
            const dd_tnode *p = &o->kids[i];
            const char *type = dd_t_gets(p, "type"), *ver = dd_t_gets(p, "resolved");
            if (!ver || (type && strcmp(type, "Project") == 0))
                continue;
            dd_pkg_dep dep = !type                         ? DD_DEP_UNKNOWN
                             : strcmp(type, "Direct") == 0 ? DD_DEP_DIRECT
                                                           : DD_DEP_TRANSITIVE;
            if (!lk_add_once(c, DD_PKG_NUGET, p->key, ver, p->kline, dep, false))
                rc = -1;
        }
    }
    dd_tree_free(&t);
    return rc;
}
