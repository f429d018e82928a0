/* Go modules: go.mod lists every module of the build since Go 1.17 (module graph pruning),
 * marking those the main module does not import "// indirect"; replace directives say what
 * is really built. Before 1.17 go.mod may omit indirect modules, and go.sum, which holds a
 * hash of every module version the build downloaded, fills the gap: for each module not
 * in go.mod, the highest version whose content (not only its go.mod) was hashed. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "lockfile/internal.h"
#include "pkg/internal.h"
#include "vuln/version.h"

#define MAX_FIELDS 8

typedef struct gofield {
    const char *s;
    size_t n;
} gofield;

/* Split a go.mod line into fields (quoted strings unquoted naively: module paths hold no
 * escapes); *indirect when its comment says so. */
static size_t fields(const char *s, size_t n, gofield *f, bool *indirect)
{
    size_t nf = 0, i = 0;
    *indirect = false;
    while (i < n) {
        while (i < n && isspace((unsigned char)s[i]))
            i++;
        if (i >= n)
            break;
        if (i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
            const char *cm = s + i + 2;
            size_t cl = n - i - 2;
            while (cl && *cm == ' ') {
                cm++;
                cl--;
            }
            *indirect = cl >= 8 && memcmp(cm, "indirect", 8) == 0 &&
                        (cl == 8 || cm[8] == ';' || isspace((unsigned char)cm[8]));
            break;
        }
        size_t st = i;
        if (s[i] == '"' || s[i] == '`') {
            char q = s[i++];
            st = i;
            while (i < n && s[i] != q)
                i++;
            if (nf < MAX_FIELDS)
                f[nf++] = (gofield){s + st, i - st};
            if (i < n)
                i++;
            continue;
        }
        while (i < n && !isspace((unsigned char)s[i]) &&
               !(s[i] == '/' && i + 1 < n && s[i + 1] == '/'))
            i++;
        if (nf < MAX_FIELDS)
            f[nf++] = (gofield){s + st, i - st};
    }
    return nf;
}

static bool feq(gofield f, const char *w)
{
    return f.n == strlen(w) && memcmp(f.s, w, f.n) == 0;
}

typedef struct gomod {
    /* the go directive: "1.16" etc, or NULL */
    char *go;
    size_t first; /* index of the first package this file added */
} gomod;

static bool local_path(gofield f)
{
    return (f.n && f.s[0] == '/') ||
           (f.n >= 2 && f.s[0] == '.' && (f.s[1] == '/' || f.s[1] == '.'));
}

static int parse_gomod(lk_ctx *c, const void *data, size_t len, gomod *gm)
{
    dd_lines it;
    dd_lines_init(&it, data, len);
    const char *s;
    size_t n;
    enum { NONE, REQUIRE, REPLACE, OTHER } block = NONE;
    gm->first = c->out->n;
    /* replace directives apply after every require is known */
    typedef struct {
        gofield old, oldv, nw, nwv;
        unsigned line;
    } repl;
    repl *rv = NULL;
    size_t nr = 0, cr = 0;
    int rc = 0;
    while (rc == 0 && dd_lines_next(&it, &s, &n)) {
        gofield f[MAX_FIELDS];
        bool indirect;
        size_t nf = fields(s, n, f, &indirect);
        if (!nf)
            continue;
        gofield *a = f;
        size_t na = nf;
        unsigned line = (unsigned)it.lineno;
        int kind = block;
        if (block == NONE) {
            if (feq(f[0], "require"))
                kind = REQUIRE;
            else if (feq(f[0], "replace"))
                kind = REPLACE;
            else
                kind = OTHER;
            if (feq(f[0], "go") && nf >= 2 && !gm->go)
                gm->go = dd_xstrndup(f[1].s, f[1].n);
            if (nf >= 2 && feq(f[1], "(")) {
                block = kind;
                continue;
            }
            a++;
            na--;
        } else if (feq(f[0], ")")) {
            block = NONE;
            continue;
        }
        if (kind == REQUIRE) {
            if (na < 2)
                rc = lk_error(c, line, "require needs a module path and a version");
            else if (!lk_addn(c, DD_PKG_GO, a[0].s, a[0].n, a[1].s, a[1].n, line,
                              indirect ? DD_DEP_TRANSITIVE : DD_DEP_DIRECT))
                rc = -1;
        } else if (kind == REPLACE) {
            /* old [v] => new [v] */
            size_t arrow = 0;
            while (arrow < na && !feq(a[arrow], "=>"))
                arrow++;
            if (arrow == 0 || arrow > 2 || arrow + 1 >= na + 0 || na - arrow - 1 > 2) {
                rc = lk_error(c, line, "replace needs 'module [version] => module [version]'");
                break;
            }
            rv = dd_xgrow(rv, &cr, nr + 1, sizeof *rv);
            rv[nr++] = (repl){a[0], arrow == 2 ? a[1] : (gofield){NULL, 0}, a[arrow + 1],
                              na - arrow - 1 == 2 ? a[arrow + 2] : (gofield){NULL, 0}, line};
        }
    }
    for (size_t r = 0; r < nr && rc == 0; r++) {
        for (size_t i = gm->first; i < c->out->n; i++) {
            dd_package *p = &c->out->v[i];
            if (strlen(p->name) != rv[r].old.n || memcmp(p->name, rv[r].old.s, rv[r].old.n) != 0)
                continue;
            if (rv[r].oldv.s && (strlen(p->version) != rv[r].oldv.n ||
                                 memcmp(p->version, rv[r].oldv.s, rv[r].oldv.n) != 0))
                continue;
            if (local_path(rv[r].nw)) {
                /* Built from a directory of the tree: this project's own code, with no
                 * module version to match (kept in the SBOM without one). */
                dd_notes_add(&c->out->notes, NULL,
                             "%s:%u: %s is replaced by the local directory %.*s", c->path,
                             rv[r].line, p->name, (int)rv[r].nw.n, rv[r].nw.s);
                free(p->version);
                p->version = NULL;
                p->line = (int)rv[r].line;
                continue;
            }
            free(p->name);
            p->name = dd_xstrndup(rv[r].nw.s, rv[r].nw.n);
            if (rv[r].nwv.s) {
                free(p->version);
                p->version = dd_xstrndup(rv[r].nwv.s, rv[r].nwv.n);
            }
            p->line = (int)rv[r].line;
        }
    }
    free(rv);
    return rc;
}

int dd_lock_read_gomod(lk_ctx *c, const void *data, size_t len)
{
    gomod gm = {0};
    int rc = parse_gomod(c, data, len, &gm);
    free(gm.go);
    return rc;
}

/* go.mod's go directive says 1.17 or later. */
static bool pruned(const char *go)
{
    if (!go)
        return false;
    char buf[64];
    snprintf(buf, sizeof buf, "v%s", go);
    return dd_vercmp_go(buf, "v1.17") >= 0;
}

int dd_lock_read_gosum(lk_ctx *c, const void *data, size_t len)
{
    /* What go.mod says decides whether go.sum adds anything. */
    dd_buf mod = DD_BUF_INIT;
    dd_package_list modpkgs = {0};
    bool have_mod = c->sibling && c->sibling(c->ud, "go.mod", &mod) == 0;
    gomod gm = {0};
    if (have_mod) {
        dd_error e2 = {0};
        lk_ctx mc = {.path = "go.mod", .out = &modpkgs, .e = &e2};
        if (parse_gomod(&mc, mod.data, mod.len, &gm) < 0)
            have_mod = false;
        free(mc.seen);
    }
    dd_buf_free(&mod);
    int rc = 0;
    if (have_mod && pruned(gm.go))
        goto out;
    dd_lines it;
    dd_lines_init(&it, data, len);
    const char *s;
    size_t n;
    size_t first = c->out->n;
    while (dd_lines_next(&it, &s, &n)) {
        gofield f[MAX_FIELDS];
        bool ind;
        size_t nf = fields(s, n, f, &ind);
        if (nf == 0)
            continue;
        if (nf != 3) {
            rc = lk_error(c, (unsigned)it.lineno, "expected 'module version hash'");
            break;
        }
        if (f[1].n >= 7 && memcmp(f[1].s + f[1].n - 7, "/go.mod", 7) == 0)
            continue; /* only the module's go.mod was needed, not its code */
        _cleanup_free_ char *name = dd_xstrndup(f[0].s, f[0].n);
        _cleanup_free_ char *ver = dd_xstrndup(f[1].s, f[1].n);
        bool listed = false;
        for (size_t i = 0; i < modpkgs.n && !listed; i++)
            listed = strcmp(modpkgs.v[i].name, name) == 0;
        if (listed)
            continue;
        dd_package *have = NULL;
        for (size_t i = first; i < c->out->n && !have; i++)
            if (strcmp(c->out->v[i].name, name) == 0)
                have = &c->out->v[i];
        if (have) {
            if (dd_vercmp_go(ver, have->version) > 0) {
                free(have->version);
                have->version = steal_pointer(&ver);
                have->line = (int)it.lineno;
            }
            continue;
        }
        if (!lk_add(c, DD_PKG_GO, name, ver, (unsigned)it.lineno,
                    have_mod ? DD_DEP_TRANSITIVE : DD_DEP_UNKNOWN)) {
            rc = -1;
            break;
        }
    }
out:
    free(gm.go);
    dd_package_list_free(&modpkgs);
    return rc;
}
