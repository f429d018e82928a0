/* Python: requirements files (pip's format; only "==" and "===" pin), poetry.lock,
 * Pipfile.lock and uv.lock. Names are compared normalised (PEP 503), as pip does. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "lockfile/internal.h"
#include "pkg/internal.h"
#include "vuln/version.h"

static void add_norm(lk_names *s, const char *name, size_t n)
{
    _cleanup_free_ char *raw = dd_xstrndup(name, n);
    _cleanup_free_ char *norm = dd_vuln_pypi_normalize(raw);
    lk_names_add(s, norm, strlen(norm));
}

static dd_pkg_dep dep_norm(const lk_names *s, const char *name)
{
    _cleanup_free_ char *norm = dd_vuln_pypi_normalize(name);
    return lk_dep(s, norm);
}

static bool has_norm(const lk_names *s, const char *name)
{
    _cleanup_free_ char *norm = dd_vuln_pypi_normalize(name);
    return lk_names_has(s, norm);
}

/* PEP 508 names of a list of requirement strings, or keys of a table. */
static void names_of(lk_names *s, const dd_tnode *o)
{
    if (!o)
        return;
    s->known = true;
    for (size_t i = 0; i < o->n; i++) {
        const char *r = o->kind == DD_T_OBJ ? o->kids[i].key : dd_t_str(&o->kids[i]);
        if (o->kind == DD_T_ARR && o->kids[i].kind == DD_T_OBJ)
            r = dd_t_gets(&o->kids[i], "name"); /* uv: [{name = "x"}] */
        if (!r)
            continue;
        while (*r == ' ')
            r++;
        size_t n = strcspn(r, " <>=!~;[(@,");
        if (n && !(o->kind == DD_T_OBJ && strcmp(r, "python") == 0))
            add_norm(s, r, n);
    }
}

/* ---- requirements.txt ----------------------------------------------------------------- */

static bool name_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

/* Files `-r` may nest: pip follows any depth; a chain this long is a loop or hostile. */
#define REQ_MAX_DEPTH 8

/* `-r FILE` / `--requirement FILE`: pip installs what FILE lists too, so its packages are
 * read as this file's, each at FILE:LINE. FILE is resolved beside the including file, as
 * pip does. One the walk reads anyway (requirements*.txt, requirements/...) is left to it,
 * so nothing is listed twice; one elsewhere (another directory) is a note, never silence. */
static int include(lk_ctx *c, const char *name, size_t nl, unsigned line)
{
    const char *slash = strrchr(c->path, '/');
    size_t dl = slash ? (size_t)(slash - c->path) + 1 : 0;
    _cleanup_free_ char *path = dd_xasprintf("%.*s%.*s", (int)dl, c->path, (int)nl, name);
    if (lk_requirements_name(path))
        return 0;
    if (memchr(name, '/', nl) || !c->sibling) {
        dd_notes_add(&c->out->notes, NULL,
                     "%s:%u: -r %.*s is not read (only a file beside it is): its packages are "
                     "not listed",
                     c->path, line, (int)nl, name);
        return 0;
    }
    int depth = 0;
    for (const lk_ctx *p = c; p; p = p->parent, depth++)
        if (strcmp(p->path, path) == 0)
            return 0; /* included again further down its own chain: a loop, read once */
    if (depth > REQ_MAX_DEPTH)
        return lk_error(c, line, "-r nested more than %d files deep", REQ_MAX_DEPTH);
    _cleanup_free_ char *base = dd_xstrndup(name, nl);
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (c->sibling(c->ud, base, &b) < 0) {
        dd_notes_add(&c->out->notes, NULL,
                     "%s:%u: -r %s cannot be read: its packages are not listed", c->path, line,
                     base);
        return 0;
    }
    lk_ctx sub = *c;
    sub.path = path;
    sub.parent = c;
    sub.seen = NULL;
    sub.seen_mask = sub.nseen = 0;
    int rc = dd_lock_read_requirements(&sub, b.data, b.len);
    free(sub.seen);
    return rc;
}

/* The FILE of "-r FILE", "-rFILE", "--requirement FILE" or "--requirement=FILE"; NULL for
 * any other option. */
static const char *include_arg(const char *s, size_t n, size_t *len)
{
    size_t k;
    if (n > 13 && memcmp(s, "--requirement", 13) == 0 &&
        (s[13] == '=' || isspace((unsigned char)s[13])))
        k = 14;
    else if (n > 2 && s[0] == '-' && s[1] == 'r')
        k = 2;
    else
        return NULL;
    while (k < n && (isspace((unsigned char)s[k]) || (k == 2 && s[k] == '=')))
        k++;
    size_t e = k;
    while (e < n && !isspace((unsigned char)s[e]))
        e++;
    *len = e - k;
    return e > k ? s + k : NULL;
}

/* One requirement (comments, hashes and continuations already removed). */
static int requirement(lk_ctx *c, const char *s, size_t n, unsigned line, dd_package **last)
{
    *last = NULL;
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    size_t il;
    const char *inc = n ? include_arg(s, n, &il) : NULL;
    if (inc)
        return include(c, inc, il, line);
    if (!n || s[0] == '-')
        return 0; /* -c, -e, --index-url ...: options, not packages */
    size_t nl = 0;
    while (nl < n && name_char(s[nl]))
        nl++;
    if (!nl)
        return 0; /* a URL or path: not a registry package */
    size_t i = nl;
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && s[i] == '[') { /* extras */
        const char *close = memchr(s + i, ']', n - i);
        if (!close)
            return lk_error(c, line, "unclosed '[' in a requirement");
        i = (size_t)(close - s) + 1;
    }
    const char *spec = s + i;
    size_t sl = n - i;
    const char *semi = memchr(spec, ';', sl); /* environment markers */
    if (semi)
        sl = (size_t)(semi - spec);
    while (sl && isspace((unsigned char)*spec)) {
        spec++;
        sl--;
    }
    while (sl && isspace((unsigned char)spec[sl - 1]))
        sl--;
    if (sl && spec[0] == '@')
        return 0; /* "name @ https://...": a direct URL */
    const char *ver = NULL;
    size_t vl = 0;
    if (sl > 2 && spec[0] == '=' && spec[1] == '=' && !memchr(spec, ',', sl)) {
        ver = spec + (sl > 3 && spec[2] == '=' ? 3 : 2);
        vl = sl - (size_t)(ver - spec);
        while (vl && *ver == ' ') {
            ver++;
            vl--;
        }
        if (!vl || memchr(ver, '*', vl))
            ver = NULL; /* "==1.*" is a range */
    }
    dd_package *p = lk_addn(c, DD_PKG_PYPI, s, nl, ver, vl, line, DD_DEP_DIRECT);
    if (!p)
        return -1;
    if (!ver)
        p->constraint = sl ? dd_xstrndup(spec, sl) : dd_xstrdup("any version");
    *last = p;
    return 0;
}

int dd_lock_read_requirements(lk_ctx *c, const void *data, size_t len)
{
    dd_lines it;
    dd_lines_init(&it, data, len);
    const char *s;
    size_t n;
    dd_buf logical = DD_BUF_INIT;
    unsigned start = 0;
    dd_package *last = NULL;
    bool in_via = false;
    int rc = 0;
    while (rc == 0 && dd_lines_next(&it, &s, &n)) {
        size_t k = 0;
        while (k < n && isspace((unsigned char)s[k]))
            k++;
        if (logical.len == 0 && k < n && s[k] == '#') {
            /* pip-compile: "    # via -r requirements.in" marks a direct dependency,
             * "    # via flask" one pulled in by flask. */
            const char *cm = s + k + 1;
            size_t cl = n - k - 1;
            while (cl && *cm == ' ') {
                cm++;
                cl--;
            }
            if (last && cl >= 3 && memcmp(cm, "via", 3) == 0 && (cl == 3 || cm[3] == ' ')) {
                in_via = true;
                last->dep = DD_DEP_TRANSITIVE;
                cm += 3;
                cl -= 3;
                while (cl && *cm == ' ') {
                    cm++;
                    cl--;
                }
            }
            if (last && in_via && cl >= 3 &&
                (memcmp(cm, "-r ", 3) == 0 || memcmp(cm, "-r\t", 3) == 0))
                last->dep = DD_DEP_DIRECT;
            continue;
        }
        in_via = false;
        if (logical.len == 0)
            start = (unsigned)it.lineno;
        /* A comment starts at '#' after whitespace (a URL fragment has none before). */
        size_t end = n;
        for (size_t j = 0; j < n; j++)
            if (s[j] == '#' && (j == 0 || isspace((unsigned char)s[j - 1]))) {
                end = j;
                break;
            }
        bool cont = end > 0 && s[end - 1] == '\\';
        dd_buf_append(&logical, s, cont ? end - 1 : end);
        if (logical.len > 65536) {
            rc = lk_error(c, start, "requirement longer than 64 KiB");
            break;
        }
        if (cont)
            continue;
        /* Per-requirement options (--hash=...) end the requirement itself. */
        char *opt = logical.len ? strstr(logical.data, " --") : NULL;
        size_t ln = opt ? (size_t)(opt - logical.data) : logical.len;
        rc = requirement(c, logical.data ? logical.data : "", ln, start, &last);
        dd_buf_reset(&logical);
    }
    if (rc == 0 && logical.len)
        rc = requirement(c, logical.data, logical.len, start, &last);
    dd_buf_free(&logical);
    return rc;
}

/* ---- poetry.lock ------------------------------------------------------------------------ */

/* Direct and dev names from pyproject.toml (poetry's tables and PEP 621's). */
static void pyproject_names(lk_ctx *c, lk_names *direct, lk_names *dev)
{
    dd_tree t;
    if (!lk_sibling_tree(c, "pyproject.toml", dd_tree_parse_toml, &t))
        return;
    const dd_tnode *poetry = dd_t_get(dd_t_get(t.root, "tool"), "poetry");
    const dd_tnode *project = dd_t_get(t.root, "project");
    names_of(direct, dd_t_get(poetry, "dependencies"));
    names_of(direct, dd_t_get(poetry, "dev-dependencies"));
    names_of(dev, dd_t_get(poetry, "dev-dependencies"));
    const dd_tnode *groups = dd_t_get(poetry, "group");
    for (size_t i = 0; groups && groups->kind == DD_T_OBJ && i < groups->n; i++) {
        const dd_tnode *g = dd_t_get(&groups->kids[i], "dependencies");
        names_of(direct, g);
        if (strcmp(groups->kids[i].key, "main") != 0)
            names_of(dev, g);
    }
    names_of(direct, dd_t_get(project, "dependencies"));
    const dd_tnode *opt = dd_t_get(project, "optional-dependencies");
    for (size_t i = 0; opt && opt->kind == DD_T_OBJ && i < opt->n; i++)
        names_of(direct, &opt->kids[i]);
    const dd_tnode *dg = dd_t_get(t.root, "dependency-groups"); /* PEP 735 */
    for (size_t i = 0; dg && dg->kind == DD_T_OBJ && i < dg->n; i++) {
        names_of(direct, &dg->kids[i]);
        names_of(dev, &dg->kids[i]);
    }
    dd_tree_free(&t);
}

/* A [[package]] from a registry (not git, a path or a URL). */
static bool from_registry(const dd_tnode *pkg, const char *const *registry_kinds)
{
    const dd_tnode *src = dd_t_get(pkg, "source");
    if (!src)
        return true;
    const char *type = dd_t_gets(src, "type");
    for (size_t i = 0; registry_kinds[i]; i++)
        if ((type && strcmp(type, registry_kinds[i]) == 0) || dd_t_get(src, registry_kinds[i]))
            return true;
    return false;
}

static int toml_packages(lk_ctx *c, const void *data, size_t len, const char *const *registry_kinds,
                         bool uv)
{
    dd_tree t;
    if (dd_tree_parse_toml(&t, c->path, data, len, c->e) < 0)
        return -1;
    lk_names direct = {0}, dev = {0};
    const dd_tnode *pk = dd_t_get(t.root, "package");
    if (uv) {
        /* The project itself is a package with an editable or virtual source: what it
         * depends on is direct. */
        for (size_t i = 0; pk && pk->kind == DD_T_ARR && i < pk->n; i++) {
            const dd_tnode *src = dd_t_get(&pk->kids[i], "source");
            if (!dd_t_get(src, "editable") && !dd_t_get(src, "virtual"))
                continue;
            names_of(&direct, dd_t_get(&pk->kids[i], "dependencies"));
            const dd_tnode *dg = dd_t_get(&pk->kids[i], "dev-dependencies");
            for (size_t g = 0; dg && dg->kind == DD_T_OBJ && g < dg->n; g++) {
                names_of(&direct, &dg->kids[g]);
                names_of(&dev, &dg->kids[g]);
            }
            const dd_tnode *od = dd_t_get(&pk->kids[i], "optional-dependencies");
            for (size_t g = 0; od && od->kind == DD_T_OBJ && g < od->n; g++)
                names_of(&direct, &od->kids[g]);
        }
    } else {
        pyproject_names(c, &direct, &dev);
    }
    int rc = 0;
    for (size_t i = 0; pk && pk->kind == DD_T_ARR && i < pk->n && rc == 0; i++) {
        const dd_tnode *p = &pk->kids[i];
        const char *name = dd_t_gets(p, "name"), *ver = dd_t_gets(p, "version");
        if (!name || !ver || !from_registry(p, registry_kinds))
            continue;
        const char *cat = dd_t_gets(p, "category");
        bool isdev = (cat && strcmp(cat, "dev") == 0) || (has_norm(&dev, name) && !cat);
        if (!lk_add_once(c, DD_PKG_PYPI, name, ver, p->line, dep_norm(&direct, name), isdev))
            rc = -1;
    }
    lk_names_free(&direct);
    lk_names_free(&dev);
    dd_tree_free(&t);
    return rc;
}

int dd_lock_read_poetry(lk_ctx *c, const void *data, size_t len)
{
    static const char *const kinds[] = {"legacy", "pypi", NULL};
    return toml_packages(c, data, len, kinds, false);
}

int dd_lock_read_uv(lk_ctx *c, const void *data, size_t len)
{
    static const char *const kinds[] = {"registry", NULL};
    return toml_packages(c, data, len, kinds, true);
}

/* ---- Pipfile.lock ------------------------------------------------------------------------ */

int dd_lock_read_pipfile(lk_ctx *c, const void *data, size_t len)
{
    dd_tree t;
    if (dd_tree_parse_json(&t, c->path, data, len, c->e) < 0)
        return -1;
    lk_names direct = {0};
    dd_tree pf;
    if (lk_sibling_tree(c, "Pipfile", dd_tree_parse_toml, &pf)) {
        names_of(&direct, dd_t_get(pf.root, "packages"));
        names_of(&direct, dd_t_get(pf.root, "dev-packages"));
        dd_tree_free(&pf);
    }
    int rc = 0;
    if (t.root->kind != DD_T_OBJ)
        rc = lk_error(c, 1, "not a Pipfile.lock: the top level is not an object");
    static const char *const sections[] = {"default", "develop"};
    for (size_t s = 0; s < 2 && rc == 0; s++) {
        const dd_tnode *sec = dd_t_get(t.root, sections[s]);
        for (size_t i = 0; sec && sec->kind == DD_T_OBJ && i < sec->n && rc == 0; i++) {
            const dd_tnode *m = &sec->kids[i];
            const char *v = dd_t_gets(m, "version");
            if (!v || strncmp(v, "==", 2) != 0)
                continue; /* git, path and editable entries carry no version */
            v += v[2] == '=' ? 3 : 2;
            if (!lk_add_once(c, DD_PKG_PYPI, m->key, v, m->kline, dep_norm(&direct, m->key),
                             s == 1))
                rc = -1;
        }
    }
    lk_names_free(&direct);
    dd_tree_free(&t);
    return rc;
}
