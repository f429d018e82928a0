/* npm's lockfiles: package-lock.json (v1 nested "dependencies", v2/v3 flat "packages"),
 * yarn.lock (v1's own format, berry's YAML) and pnpm-lock.yaml (5.x, 6, 9).
 * Direct dependencies: package-lock v2+ and pnpm name them; for the others package.json
 * next to the lockfile does. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "lockfile/internal.h"
#include "pkg/internal.h"

/* A registry version, not a path, URL or git reference. */
static bool npm_version(const char *v)
{
    return v && isdigit((unsigned char)v[0]);
}

/* Names of dependencies, devDependencies, optionalDependencies and peerDependencies of a
 * package.json-shaped object; dev names also go to `dev`. */
static void manifest_names(const dd_tnode *pj, lk_names *direct, lk_names *dev)
{
    static const char *const keys[] = {"dependencies", "optionalDependencies", "peerDependencies",
                                       "devDependencies"};
    if (!pj || pj->kind != DD_T_OBJ)
        return;
    direct->known = true;
    for (size_t k = 0; k < 4; k++) {
        const dd_tnode *o = dd_t_get(pj, keys[k]);
        if (!o || o->kind != DD_T_OBJ)
            continue;
        for (size_t i = 0; i < o->n; i++) {
            lk_names_add(direct, o->kids[i].key, strlen(o->kids[i].key));
            if (k == 3)
                lk_names_add(dev, o->kids[i].key, strlen(o->kids[i].key));
        }
    }
}

static void package_json_names(lk_ctx *c, lk_names *direct, lk_names *dev)
{
    dd_tree t;
    if (lk_sibling_tree(c, "package.json", dd_tree_parse_json, &t)) {
        manifest_names(t.root, direct, dev);
        dd_tree_free(&t);
    }
}

/* ---- package-lock.json ---------------------------------------------------------------- */

static int lock_v1(lk_ctx *c, const dd_tnode *deps, const lk_names *direct, int depth)
{
    if (!deps || deps->kind != DD_T_OBJ)
        return 0;
    if (depth > 64)
        return lk_error(c, deps->line, "dependencies nested more than 64 deep");
    for (size_t i = 0; i < deps->n; i++) {
        const dd_tnode *d = &deps->kids[i];
        const char *v = dd_t_gets(d, "version");
        const char *name = d->key;
        _cleanup_free_ char *alias = NULL;
        if (v && strncmp(v, "npm:", 4) == 0) { /* "foo": {"version": "npm:bar@1.0.0"} */
            const char *at = strrchr(v + 5, '@');
            if (at) {
                alias = dd_xstrndup(v + 4, (size_t)(at - v - 4));
                name = alias;
                v = at + 1;
            }
        }
        if (npm_version(v)) {
            dd_pkg_dep dep = depth == 0 ? lk_dep(direct, d->key) : DD_DEP_TRANSITIVE;
            if (!lk_add_once(c, DD_PKG_NPM, name, v, d->kline, dep, dd_t_true(dd_t_get(d, "dev"))))
                return -1;
        }
        if (lock_v1(c, dd_t_get(d, "dependencies"), direct, depth + 1) < 0)
            return -1;
    }
    return 0;
}

int dd_lock_read_npm(lk_ctx *c, const void *data, size_t len)
{
    dd_tree t;
    if (dd_tree_parse_json(&t, c->path, data, len, c->e) < 0)
        return -1;
    int rc = 0;
    lk_names direct = {0}, dev = {0};
    const dd_tnode *pk = dd_t_get(t.root, "packages");
    if (t.root->kind != DD_T_OBJ) {
        rc = lk_error(c, 1, "not a package-lock.json: the top level is not an object");
    } else if (pk && pk->kind == DD_T_OBJ) {
        /* v2, v3: one member per install location. */
        manifest_names(dd_t_get(pk, ""), &direct, &dev);
        for (size_t i = 0; i < pk->n && rc == 0; i++) {
            const dd_tnode *m = &pk->kids[i];
            if (m->kind != DD_T_OBJ || dd_t_true(dd_t_get(m, "link")))
                continue;
            const char *loc = strstr(m->key, "node_modules/");
            if (!loc)
                continue; /* the root or a workspace folder: not an installed package */
            const char *last = loc;
            for (const char *q = loc; (q = strstr(q + 1, "node_modules/"));)
                last = q;
            const char *key_name = last + 13;
            const char *name = dd_t_gets(m, "name");
            if (!name)
                name = key_name;
            const char *v = dd_t_gets(m, "version");
            if (!npm_version(v))
                continue;
            /* Direct: installed at the top (or a workspace's top) under a name the root
             * or a workspace asks for. */
            dd_pkg_dep dep = DD_DEP_UNKNOWN;
            if (direct.known)
                dep = last == loc && lk_names_has(&direct, key_name) ? DD_DEP_DIRECT
                                                                     : DD_DEP_TRANSITIVE;
            if (!lk_add_once(c, DD_PKG_NPM, name, v, m->kline, dep, dd_t_true(dd_t_get(m, "dev"))))
                rc = -1;
        }
    } else {
        package_json_names(c, &direct, &dev);
        rc = lock_v1(c, dd_t_get(t.root, "dependencies"), &direct, 0);
    }
    lk_names_free(&direct);
    lk_names_free(&dev);
    dd_tree_free(&t);
    return rc;
}

/* ---- yarn.lock ------------------------------------------------------------------------ */

/* The package name of a yarn descriptor ("@babel/core@^7.0.0", "foo@npm:bar@^1"), and the
 * protocol; false for workspace/link/file/portal/patch descriptors (not registry packages). */
static bool yarn_descriptor(const char *s, size_t n, const char **name, size_t *nlen)
{
    while (n && (*s == '"' || *s == ' ')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == '"' || s[n - 1] == ' '))
        n--;
    const char *at = n > 1 ? memchr(s + 1, '@', n - 1) : NULL;
    if (!at)
        return false;
    const char *range = at + 1;
    size_t rl = n - (size_t)(range - s);
    static const char *const skip[] = {
        "workspace:", "link:", "file:", "portal:", "patch:", "exec:"};
    for (size_t i = 0; i < DD_ARRAY_SIZE(skip); i++)
        if (rl >= strlen(skip[i]) && memcmp(range, skip[i], strlen(skip[i])) == 0)
            return false;
    if (rl > 4 && memcmp(range, "npm:", 4) == 0) {
        /* "alias@npm:real@^1": the package is the real one; "name@npm:^1" (berry's
         * spelling of a plain range) names itself. */
        const char *real = range + 4;
        size_t rn = rl - 4;
        const char *at2 = rn > 1 ? memchr(real + 1, '@', rn - 1) : NULL;
        if (at2) {
            *name = real;
            *nlen = (size_t)(at2 - real);
            return *nlen > 0;
        }
    }
    *name = s;
    *nlen = (size_t)(at - s);
    return true;
}

static int yarn_berry(lk_ctx *c, const void *data, size_t len, const lk_names *direct,
                      const lk_names *dev)
{
    dd_tree t;
    if (dd_tree_parse_yaml(&t, c->path, data, len, c->e) < 0)
        return -1;
    int rc = 0;
    const dd_tnode *doc = t.root->n ? &t.root->kids[0] : NULL;
    for (size_t i = 0; doc && doc->kind == DD_T_OBJ && i < doc->n && rc == 0; i++) {
        const dd_tnode *m = &doc->kids[i];
        if (strcmp(m->key, "__metadata") == 0 || m->kind != DD_T_OBJ)
            continue;
        const char *res = dd_t_gets(m, "resolution");
        const char *v = dd_t_gets(m, "version");
        const char *lt = dd_t_gets(m, "linkType");
        if (!res || !npm_version(v) || (lt && strcmp(lt, "soft") == 0))
            continue;
        const char *name;
        size_t nl;
        if (!yarn_descriptor(res, strlen(res), &name, &nl))
            continue;
        _cleanup_free_ char *nm = dd_xstrndup(name, nl);
        if (!lk_add_once(c, DD_PKG_NPM, nm, v, m->kline, lk_dep(direct, nm), lk_names_has(dev, nm)))
            rc = -1;
    }
    dd_tree_free(&t);
    return rc;
}

int dd_lock_read_yarn(lk_ctx *c, const void *data, size_t len)
{
    lk_names direct = {0}, dev = {0};
    package_json_names(c, &direct, &dev);
    int rc = 0;
    const char *d = data;
    if (memmem(d, len, "\n__metadata:", 12) || (len >= 11 && memcmp(d, "__metadata:", 11) == 0)) {
        rc = yarn_berry(c, data, len, &direct, &dev);
        goto out;
    }
    dd_lines it;
    dd_lines_init(&it, data, len);
    const char *s;
    size_t n;
    const char *name = NULL;
    size_t nlen = 0;
    unsigned hline = 0;
    bool in_entry = false;
    while (dd_lines_next(&it, &s, &n)) {
        if (n == 0 || s[0] == '#')
            continue;
        if (s[0] != ' ') {
            /* An entry header: descriptors separated by ", ", ending in ':'. */
            in_entry = false;
            if (s[n - 1] != ':') {
                rc = lk_error(c, (unsigned)it.lineno, "expected 'descriptor[, descriptor...]:'");
                goto out;
            }
            size_t first = 0;
            while (first < n - 1 && s[first] != ',')
                first++;
            in_entry = yarn_descriptor(s, first < n - 1 ? first : n - 1, &name, &nlen);
            hline = (unsigned)it.lineno;
            continue;
        }
        if (!in_entry || n < 10 || memcmp(s, "  version ", 10) != 0)
            continue;
        const char *v = s + 10;
        size_t vl = n - 10;
        if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
            v++;
            vl -= 2;
        }
        in_entry = false;
        if (!vl || !isdigit((unsigned char)v[0]))
            continue;
        _cleanup_free_ char *nm = dd_xstrndup(name, nlen);
        _cleanup_free_ char *ver = dd_xstrndup(v, vl);
        bool isdev = lk_names_has(&dev, nm);
        if (!lk_add_once(c, DD_PKG_NPM, nm, ver, hline, lk_dep(&direct, nm), isdev)) {
            rc = -1;
            goto out;
        }
    }
out:
    lk_names_free(&direct);
    lk_names_free(&dev);
    return rc;
}

/* ---- pnpm-lock.yaml ------------------------------------------------------------------- */

static void pnpm_importer(const dd_tnode *imp, lk_names *direct, lk_names *dev)
{
    static const char *const keys[] = {"dependencies", "optionalDependencies", "devDependencies"};
    for (size_t k = 0; k < 3; k++) {
        const dd_tnode *o = dd_t_get(imp, keys[k]);
        if (!o || o->kind != DD_T_OBJ)
            continue;
        direct->known = true;
        for (size_t i = 0; i < o->n; i++) {
            lk_names_add(direct, o->kids[i].key, strlen(o->kids[i].key));
            if (k == 2)
                lk_names_add(dev, o->kids[i].key, strlen(o->kids[i].key));
        }
    }
}

int dd_lock_read_pnpm(lk_ctx *c, const void *data, size_t len)
{
    dd_tree t;
    if (dd_tree_parse_yaml(&t, c->path, data, len, c->e) < 0)
        return -1;
    int rc = 0;
    lk_names direct = {0}, dev = {0};
    const dd_tnode *doc = t.root->n ? &t.root->kids[0] : NULL;
    if (!doc || doc->kind != DD_T_OBJ) {
        rc = lk_error(c, 1, "not a pnpm lockfile: the top level is not a mapping");
        goto out;
    }
    pnpm_importer(doc, &direct, &dev);
    /* 5.x keys are /name/version_peers; 6 and 9 write name@version(peers). */
    const char *lv = dd_t_gets(doc, "lockfileVersion");
    bool v5 = lv && lv[0] == '5';
    const dd_tnode *imps = dd_t_get(doc, "importers");
    for (size_t i = 0; imps && imps->kind == DD_T_OBJ && i < imps->n; i++)
        pnpm_importer(&imps->kids[i], &direct, &dev);
    const dd_tnode *pk = dd_t_get(doc, "packages");
    for (size_t i = 0; pk && pk->kind == DD_T_OBJ && i < pk->n && rc == 0; i++) {
        const dd_tnode *m = &pk->kids[i];
        const char *k = m->key;
        if (k[0] == '/')
            k++;
        else if (strncmp(k, "registry.", 9) == 0 && strchr(k, '/'))
            k = strchr(k, '/') + 1;  /* "registry.npmjs.org/name/1.0.0" (5.x) */
        size_t kl = strcspn(k, "("); /* peer suffix of 6+: "name@1.0.0(react@18.0.0)" */
        const char *name = NULL, *ver = NULL;
        size_t nl = 0, vl = 0;
        const char *at = kl > 1 ? memrchr(k + 1, '@', kl - 1) : NULL;
        const char *slash = kl ? memrchr(k, '/', kl) : NULL;
        if (!v5 && at && (!slash || at > slash)) { /* 6, 9: name@version */
            name = k;
            nl = (size_t)(at - k);
            ver = at + 1;
            vl = kl - nl - 1;
        } else if (slash) { /* 5.x: name/version_peers */
            name = k;
            nl = (size_t)(slash - k);
            ver = slash + 1;
            vl = strcspn(ver, "_(");
        }
        const char *fname = dd_t_gets(m, "name"), *fver = dd_t_gets(m, "version");
        _cleanup_free_ char *nm = fname ? dd_xstrdup(fname) : name ? dd_xstrndup(name, nl) : NULL;
        _cleanup_free_ char *v = fver ? dd_xstrdup(fver) : ver ? dd_xstrndup(ver, vl) : NULL;
        if (!nm || !*nm || !npm_version(v))
            continue;
        bool isdev = dd_t_true(dd_t_get(m, "dev")) ||
                     (lk_names_has(&dev, nm) && !dd_t_false(dd_t_get(m, "dev")));
        if (!lk_add_once(c, DD_PKG_NPM, nm, v, m->kline, lk_dep(&direct, nm), isdev))
            rc = -1;
    }
out:
    lk_names_free(&direct);
    lk_names_free(&dev);
    dd_tree_free(&t);
    return rc;
}
