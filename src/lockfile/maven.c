/* Maven and Gradle: pom.xml (streamed through expat, which reports the line of every start
 * tag and refuses entity-expansion bombs) with ${properties} resolved from the same file,
 * and gradle.lockfile (every resolved module of every configuration). A pom.xml lists only
 * direct dependencies; what they pull in needs a resolver and a repository, so it is
 * said in a note, never guessed. */
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "lockfile/internal.h"
#include "pkg/internal.h"

#define MAX_TEXT  4096
#define MAX_DEPTH 64
#define MAX_PROPS 10000
#define MAX_DEPS  20000

typedef struct mdep {
    char *group, *artifact, *version, *scope;
    unsigned line;
    bool managed; /* from dependencyManagement */
} mdep;

typedef struct prop {
    char *k, *v;
} prop;

typedef struct pom {
    lk_ctx *c;
    XML_Parser xp;
    char *stack[MAX_DEPTH];
    int depth;
    dd_buf text;
    bool text_long;
    prop *props;
    size_t np, cp;
    mdep *deps;
    size_t nd, cd;
    mdep cur;
    bool in_dep;
    int err;
} pom;

/* The element path below <project> ("dependencies/dependency/version"), or NULL. */
static bool at(const pom *p, const char *const *path, int n)
{
    if (p->depth != n + 1 || strcmp(p->stack[0], "project") != 0)
        return false;
    for (int i = 0; i < n; i++)
        if (strcmp(p->stack[i + 1], path[i]) != 0)
            return false;
    return true;
}

static bool dep_parent(const pom *p, bool *managed)
{
    /* project/dependencies/dependency, project/dependencyManagement/dependencies/dependency,
     * project/profiles/profile/dependencies/dependency */
    static const char *const a[] = {"dependencies", "dependency"};
    static const char *const b[] = {"dependencyManagement", "dependencies", "dependency"};
    static const char *const c[] = {"profiles", "profile", "dependencies", "dependency"};
    *managed = at(p, b, 3);
    return at(p, a, 2) || *managed || at(p, c, 4);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    (void)attrs;
    pom *p = ud;
    if (p->err)
        return;
    if (p->depth >= MAX_DEPTH) {
        p->err = lk_error(p->c, (unsigned)XML_GetCurrentLineNumber(p->xp),
                          "elements nested more than %d deep", MAX_DEPTH);
        XML_StopParser(p->xp, XML_FALSE);
        return;
    }
    p->stack[p->depth++] = dd_xstrdup(name);
    dd_buf_reset(&p->text);
    p->text_long = false;
    bool managed;
    if (dep_parent(p, &managed)) {
        memset(&p->cur, 0, sizeof p->cur);
        p->cur.line = (unsigned)XML_GetCurrentLineNumber(p->xp);
        p->cur.managed = managed;
        p->in_dep = true;
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    pom *p = ud;
    if (p->text.len + (size_t)len > MAX_TEXT) {
        p->text_long = true;
        return;
    }
    dd_buf_append(&p->text, s, (size_t)len);
}

static char *trimmed(const dd_buf *b)
{
    const char *s = b->data ? b->data : "";
    size_t n = b->len;
    while (n && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return dd_xstrndup(s, n);
}

static void set_prop(pom *p, const char *k, char *v)
{
    for (size_t i = 0; i < p->np; i++)
        if (strcmp(p->props[i].k, k) == 0) {
            free(v);
            return; /* the first definition wins */
        }
    if (p->np >= MAX_PROPS) {
        free(v);
        return;
    }
    p->props = dd_xgrow(p->props, &p->cp, p->np + 1, sizeof *p->props);
    p->props[p->np++] = (prop){dd_xstrdup(k), v};
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    (void)name;
    pom *p = ud;
    if (p->err || p->depth == 0)
        return;
    static const char *const props[] = {"properties"};
    char *leaf = p->stack[p->depth - 1];
    if (p->in_dep && p->depth >= 2 && strcmp(p->stack[p->depth - 2], "dependency") == 0) {
        char **slot = !strcmp(leaf, "groupId")      ? &p->cur.group
                      : !strcmp(leaf, "artifactId") ? &p->cur.artifact
                      : !strcmp(leaf, "version")    ? &p->cur.version
                      : !strcmp(leaf, "scope")      ? &p->cur.scope
                                                    : NULL;
        if (slot && !*slot)
            *slot = trimmed(&p->text);
    }
    /* <properties><x.y>v</x.y>: the element is a property of the project. */
    p->depth--;
    if (at(p, props, 1) && !p->text_long)
        set_prop(p, leaf, trimmed(&p->text));
    p->depth++;
    static const char *const pv[] = {"version"}, *const pg[] = {"groupId"},
                             *const pa[] = {"artifactId"}, *const ppv[] = {"parent", "version"},
                             *const ppg[] = {"parent", "groupId"};
    if (at(p, pv, 1))
        set_prop(p, "project.version", trimmed(&p->text));
    else if (at(p, pg, 1))
        set_prop(p, "project.groupId", trimmed(&p->text));
    else if (at(p, pa, 1))
        set_prop(p, "project.artifactId", trimmed(&p->text));
    else if (at(p, ppv, 2))
        set_prop(p, "project.parent.version", trimmed(&p->text));
    else if (at(p, ppg, 2))
        set_prop(p, "project.parent.groupId", trimmed(&p->text));
    bool managed;
    if (p->in_dep && dep_parent(p, &managed)) {
        p->in_dep = false;
        if (p->nd >= MAX_DEPS) {
            p->err = lk_error(p->c, p->cur.line, "more than %d dependencies", MAX_DEPS);
            XML_StopParser(p->xp, XML_FALSE);
        } else {
            p->deps = dd_xgrow(p->deps, &p->cd, p->nd + 1, sizeof *p->deps);
            p->deps[p->nd++] = p->cur;
        }
        memset(&p->cur, 0, sizeof p->cur);
    }
    free(leaf);
    p->depth--;
    dd_buf_reset(&p->text);
}

static const char *prop_get(const pom *p, const char *k, size_t n)
{
    for (size_t i = 0; i < p->np; i++)
        if (strlen(p->props[i].k) == n && memcmp(p->props[i].k, k, n) == 0)
            return p->props[i].v;
    /* ${pom.version} and ${version} are the old spellings of ${project.version} */
    if ((n == 11 && memcmp(k, "pom.version", 11) == 0) || (n == 7 && memcmp(k, "version", 7) == 0))
        return prop_get(p, "project.version", 15);
    if (n == 14 && memcmp(k, "parent.version", 14) == 0)
        return prop_get(p, "project.parent.version", 22);
    return NULL;
}

/* ${...} replaced from the file's properties, repeatedly (bounded); NULL with *missing set
 * to the first undefined property. */
static char *resolve(const pom *p, const char *s, char **missing)
{
    if (!s)
        return NULL;
    char *cur = dd_xstrdup(s);
    for (int round = 0; round < 10 && strstr(cur, "${"); round++) {
        dd_buf b = DD_BUF_INIT;
        dd_buf_puts(&b, "");
        const char *q = cur;
        const char *o;
        while ((o = strstr(q, "${"))) {
            const char *cl = strchr(o, '}');
            if (!cl)
                break;
            dd_buf_append(&b, q, (size_t)(o - q));
            const char *v = prop_get(p, o + 2, (size_t)(cl - o - 2));
            if (!v) {
                if (!*missing)
                    *missing = dd_xstrndup(o + 2, (size_t)(cl - o - 2));
                dd_buf_free(&b);
                free(cur);
                return NULL;
            }
            dd_buf_puts(&b, v);
            q = cl + 1;
            if (b.len > MAX_TEXT)
                break;
        }
        dd_buf_puts(&b, q);
        free(cur);
        cur = dd_buf_steal(&b);
    }
    if (strstr(cur, "${")) { /* a cycle or an expansion too long */
        if (!*missing)
            *missing = dd_xstrdup(cur);
        free(cur);
        return NULL;
    }
    return cur;
}

int dd_lock_read_pom(lk_ctx *c, const void *data, size_t len)
{
    pom p;
    memset(&p, 0, sizeof p);
    p.c = c;
    p.xp = XML_ParserCreate(NULL);
    if (!p.xp)
        return dd_error_set(c->e, DD_ERR_RUN, 0, "%s: cannot create an XML parser", c->path);
    XML_SetUserData(p.xp, &p);
    XML_SetElementHandler(p.xp, on_start, on_end);
    XML_SetCharacterDataHandler(p.xp, on_text);
    /* No external entities or DTDs are ever fetched; expat's own amplification limits
     * stop internal entity bombs. */
    XML_SetParamEntityParsing(p.xp, XML_PARAM_ENTITY_PARSING_NEVER);
    int rc = 0;
    if (len > (size_t)0x7fffffff || XML_Parse(p.xp, data, (int)len, XML_TRUE) == XML_STATUS_ERROR) {
        if (!p.err)
            rc = lk_error(c, (unsigned)XML_GetCurrentLineNumber(p.xp), "invalid XML: %s",
                          XML_ErrorString(XML_GetErrorCode(p.xp)));
        else
            rc = -1;
    }
    for (size_t i = 0; i < p.nd && rc == 0; i++) {
        mdep *d = &p.deps[i];
        if (d->managed)
            continue; /* a version constraint for others, not a dependency itself */
        char *miss = NULL;
        _cleanup_free_ char *g = resolve(&p, d->group, &miss);
        _cleanup_free_ char *a = resolve(&p, d->artifact, &miss);
        const char *ver = d->version;
        if (!ver) /* from this file's dependencyManagement, when it has it */
            for (size_t k = 0; k < p.nd && !ver; k++)
                if (p.deps[k].managed && p.deps[k].group && p.deps[k].artifact && d->group &&
                    d->artifact && !strcmp(p.deps[k].group, d->group) &&
                    !strcmp(p.deps[k].artifact, d->artifact))
                    ver = p.deps[k].version;
        _cleanup_free_ char *v = resolve(&p, ver, &miss);
        if (!g || !a) {
            dd_notes_add(&c->out->notes, NULL,
                         "%s:%u: dependency without groupId/artifactId%s%s: skipped", c->path,
                         d->line, miss ? ": ${" : "", miss ? miss : "");
            free(miss);
            continue;
        }
        _cleanup_free_ char *name = dd_xasprintf("%s:%s", g, a);
        bool range = v && (v[0] == '[' || v[0] == '(' || strchr(v, ','));
        bool dev = d->scope && strcmp(d->scope, "test") == 0;
        dd_package *pk =
            lk_add(c, DD_PKG_MAVEN, name, v && !range ? v : NULL, d->line, DD_DEP_DIRECT);
        if (!pk) {
            free(miss);
            rc = -1;
            break;
        }
        pk->dev = dev;
        if (range)
            pk->constraint = dd_xstrdup(v);
        else if (!v && miss)
            pk->constraint = dd_xasprintf("${%s} (not defined in this file)", miss);
        else if (!v)
            dd_notes_add(&c->out->notes, NULL,
                         "%s:%u: %s takes its version from a parent POM or BOM "
                         "outside this file: not matched",
                         c->path, d->line, name);
        free(miss);
    }
    if (rc == 0 && p.nd)
        dd_notes_add(&c->out->notes, NULL,
                     "%s: transitive Maven dependencies need a resolver: commit a "
                     "lockfile or scan the built artifact for them",
                     c->path);
    XML_ParserFree(p.xp);
    for (int i = 0; i < p.depth; i++)
        free(p.stack[i]);
    for (size_t i = 0; i < p.nd; i++) {
        free(p.deps[i].group);
        free(p.deps[i].artifact);
        free(p.deps[i].version);
        free(p.deps[i].scope);
    }
    free(p.cur.group);
    free(p.cur.artifact);
    free(p.cur.version);
    free(p.cur.scope);
    free(p.deps);
    for (size_t i = 0; i < p.np; i++) {
        free(p.props[i].k);
        free(p.props[i].v);
    }
    free(p.props);
    dd_buf_free(&p.text);
    return rc;
}

/* ---- gradle.lockfile ------------------------------------------------------------------- */

int dd_lock_read_gradle(lk_ctx *c, const void *data, size_t len)
{
    dd_lines it;
    dd_lines_init(&it, data, len);
    const char *s;
    size_t n;
    while (dd_lines_next(&it, &s, &n)) {
        if (n == 0 || s[0] == '#')
            continue;
        const char *eq = memchr(s, '=', n);
        size_t gav = eq ? (size_t)(eq - s) : n;
        if (gav == 5 && memcmp(s, "empty", 5) == 0)
            continue;
        const char *c1 = memchr(s, ':', gav);
        const char *c2 = c1 ? memchr(c1 + 1, ':', gav - (size_t)(c1 + 1 - s)) : NULL;
        if (!c1 || !c2 || c2 + 1 >= s + gav)
            return lk_error(c, (unsigned)it.lineno,
                            "expected group:artifact:version=configurations");
        /* Only test configurations: a development dependency. */
        bool dev = eq != NULL;
        for (const char *q = eq ? eq + 1 : s + n; q < s + n;) {
            const char *comma = memchr(q, ',', (size_t)(s + n - q));
            size_t cl = comma ? (size_t)(comma - q) : (size_t)(s + n - q);
            if (!(cl >= 4 && strncasecmp(q, "test", 4) == 0))
                dev = false;
            q += cl + 1;
        }
        dd_package *p = lk_addn(c, DD_PKG_MAVEN, s, (size_t)(c2 - s), c2 + 1,
                                (size_t)(s + gav - c2 - 1), (unsigned)it.lineno, DD_DEP_UNKNOWN);
        if (!p)
            return -1;
        p->dev = dev;
    }
    return 0;
}
