/* The manifest lint driver: which files are Compose files or Kubernetes manifests, the
 * "# drydock ignore=" pragmas (comments are gone from the parsed tree, so they are read
 * from the text), and the walk over services, pods and containers that runs each row. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "manifest/internal.h"

static bool ends_ci(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcasecmp(s + a - b, suf) == 0;
}

static bool yaml_name(const char *base)
{
    return ends_ci(base, ".yaml") || ends_ci(base, ".yml");
}

static bool compose_name(const char *base)
{
    if (!yaml_name(base))
        return false;
    return strncmp(base, "docker-compose.", 15) == 0 || strncmp(base, "compose.", 8) == 0 ||
           strncmp(base, "docker-compose-", 15) == 0;
}

bool dd_manifest_candidate(const char *base)
{
    if (!yaml_name(base) || strcmp(base, "pnpm-lock.yaml") == 0 || base[0] == '.')
        return false;
    return true;
}

/* A line of `data` that starts with `key` at column 1. */
static bool top_key(const char *data, size_t len, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = data, *end = data + len; p < end;) {
        if ((size_t)(end - p) >= kl && memcmp(p, key, kl) == 0)
            return true;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        p = nl + 1;
    }
    return false;
}

int dd_manifest_kind(const char *path, const char *data, size_t len)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (compose_name(base))
        return DD_MF_COMPOSE;
    if (!yaml_name(base) && strcmp(path, "-") != 0)
        return DD_MF_NONE;
    if (memmem(data, len, "{{", 2))
        return DD_MF_NONE; /* a Helm or other template: YAML only once rendered */
    if (top_key(data, len, "apiVersion:") && top_key(data, len, "kind:"))
        return DD_MF_K8S;
    if (top_key(data, len, "services:"))
        return DD_MF_COMPOSE;
    return DD_MF_NONE;
}

/* ---- pragmas ----------------------------------------------------------------------------- */

typedef struct pragmas {
    mf_pragma *v;
    size_t n, cap;
} pragmas;

static void read_pragmas(const char *data, size_t len, pragmas *out)
{
    unsigned line = 0;
    /* A pragma alone on its line waits for the next line with content. */
    const char *pend = NULL;
    size_t pendlen = 0;
    for (const char *p = data, *end = data + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line++;
        const char *s = p;
        p += n + (nl ? 1 : 0);
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '\t'))
            k++;
        bool only_comment = k < n && s[k] == '#';
        bool blank = k == n || (n - k == 1 && s[k] == '\r');
        if (pend && !blank && !only_comment) {
            out->v = dd_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
            out->v[out->n++] = (mf_pragma){line, pend, pendlen};
            pend = NULL;
        }
        const char *hit = memmem(s, n, "drydock ignore=", 15);
        if (!hit)
            continue;
        const char *hash = memrchr(s, '#', (size_t)(hit - s));
        if (!hash)
            continue;
        const char *ids = hit + 15;
        size_t il = 0;
        while (ids + il < s + n && !isspace((unsigned char)ids[il]))
            il++;
        if (only_comment) {
            pend = ids;
            pendlen = il;
        } else {
            out->v = dd_xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
            out->v[out->n++] = (mf_pragma){line, ids, il};
        }
    }
}

/* A pragma's "ID,ID,..." (not NUL-terminated) names rule r. */
static bool id_in(const char *ids, size_t len, const dd_rule *r)
{
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && ids[j] != ',')
            j++;
        if (dd_lint_id_matches(ids + i, j - i, r))
            return true;
        i = j + 1;
    }
    return false;
}

void mf_emit(mf_ctx *c, const dd_tnode *at, bool key, const char *fmt, ...)
{
    const dd_rule *r = &c->rule->rule;
    unsigned line = key && at->kline ? at->kline : at->line;
    unsigned col = key && at->kline ? at->kcol : at->col;
    for (size_t i = 0; i < c->nprag; i++)
        if (c->prag[i].line == line && id_in(c->prag[i].ids, c->prag[i].len, r))
            return;
    va_list ap;
    va_start(ap, fmt);
    dd_lint_vreport(c->r, c->cfg, r, c->path, (int)line, (int)col, fmt, ap);
    va_end(ap);
}

/* ---- walking the documents ----------------------------------------------------------------- */

static const mf_rule *rows(size_t *n)
{
    *n = dd_manifest_table.n;
    return dd_manifest_table.rows;
}

static void lint_compose(mf_ctx *c, const dd_tnode *doc)
{
    const dd_tnode *svcs = dd_t_get(doc, "services");
    if (!svcs || svcs->kind != DD_T_OBJ)
        return;
    size_t n;
    const mf_rule *rr = rows(&n);
    for (size_t i = 0; i < svcs->n; i++) {
        const dd_tnode *s = &svcs->kids[i];
        if (s->kind != DD_T_OBJ)
            continue;
        _cleanup_free_ char *obj = dd_xasprintf("service %s", s->key);
        c->object = obj;
        for (size_t k = 0; k < n; k++)
            if (rr[k].compose) {
                c->rule = &rr[k];
                rr[k].compose(c, s->key, s);
            }
    }
}

static void lint_pod(mf_ctx *c, const mf_pod *p)
{
    size_t n;
    const mf_rule *rr = rows(&n);
    _cleanup_free_ char *podobj = dd_xasprintf("%s %s", p->kind, p->name);
    c->object = podobj;
    for (size_t k = 0; k < n; k++)
        if (rr[k].pod) {
            c->rule = &rr[k];
            rr[k].pod(c, p);
        }
    static const char *const lists[] = {"initContainers", "containers", "ephemeralContainers"};
    for (size_t l = 0; l < 3; l++) {
        const dd_tnode *cs = dd_t_get(p->spec, lists[l]);
        for (size_t i = 0; cs && cs->kind == DD_T_ARR && i < cs->n; i++) {
            const dd_tnode *ct = &cs->kids[i];
            if (ct->kind != DD_T_OBJ)
                continue;
            const char *cn = dd_t_gets(ct, "name");
            mf_container k = {p, ct, cn ? cn : ""};
            _cleanup_free_ char *obj =
                dd_xasprintf("%s %s, container %s", p->kind, p->name, k.name);
            c->object = obj;
            for (size_t r = 0; r < n; r++)
                if (rr[r].container) {
                    c->rule = &rr[r];
                    rr[r].container(c, &k);
                }
        }
    }
}

static void lint_k8s(mf_ctx *c, const dd_tnode *doc, int depth)
{
    const char *kind = dd_t_gets(doc, "kind");
    if (!kind || depth > 4)
        return;
    if (strcmp(kind, "List") == 0 || strcmp(kind, "PodList") == 0 ||
        strcmp(kind, "DeploymentList") == 0) {
        const dd_tnode *items = dd_t_get(doc, "items");
        for (size_t i = 0; items && items->kind == DD_T_ARR && i < items->n; i++)
            lint_k8s(c, &items->kids[i], depth + 1);
        return;
    }
    const dd_tnode *spec = dd_t_get(doc, "spec"), *tmpl = NULL;
    if (strcmp(kind, "Pod") == 0)
        tmpl = NULL;
    else if (strcmp(kind, "CronJob") == 0)
        tmpl = dd_t_get(dd_t_get(dd_t_get(spec, "jobTemplate"), "spec"), "template");
    else if (!strcmp(kind, "Deployment") || !strcmp(kind, "StatefulSet") ||
             !strcmp(kind, "DaemonSet") || !strcmp(kind, "ReplicaSet") || !strcmp(kind, "Job") ||
             !strcmp(kind, "ReplicationController"))
        tmpl = dd_t_get(spec, "template");
    else
        return; /* not a workload: a Service, ConfigMap ... */
    mf_pod p = {doc, kind, dd_t_gets(dd_t_get(doc, "metadata"), "name"), NULL, NULL};
    if (!p.name)
        p.name = "(unnamed)";
    if (strcmp(kind, "Pod") == 0) {
        p.spec = spec;
        p.meta = dd_t_get(doc, "metadata");
    } else {
        p.spec = dd_t_get(tmpl, "spec");
        p.meta = dd_t_get(tmpl, "metadata");
    }
    if (p.spec && p.spec->kind == DD_T_OBJ)
        lint_pod(c, &p);
}

bool dd_manifest_lint_buffer(const char *data, size_t len, const char *path, int kind,
                             const dd_lint_config *cfg, dd_report *r)
{
    static const dd_lint_config none = {0};
    pragmas pr = {0};
    read_pragmas(data, len, &pr);
    mf_ctx c = {.path = path, .cfg = cfg ? cfg : &none, .r = r, .prag = pr.v, .nprag = pr.n};
    dd_tree t;
    dd_error e = {0};
    bool ok = dd_tree_parse_yaml(&t, path, data, len, &e) == 0;
    if (!ok) {
        /* "path:LINE:COL: what" */
        dd_tnode at = {0};
        size_t pl = strlen(path);
        if (strncmp(e.msg, path, pl) == 0 && e.msg[pl] == ':') {
            char *end;
            at.line = (uint32_t)strtoul(e.msg + pl + 1, &end, 10);
            if (*end == ':')
                at.col = (uint32_t)strtoul(end + 1, NULL, 10);
        }
        c.rule = (const mf_rule *)dd_manifest_parse_rule;
        mf_emit(&c, &at, false, "%s", e.msg);
        free(pr.v);
        return false;
    }
    for (size_t i = 0; i < t.root->n; i++) {
        const dd_tnode *doc = &t.root->kids[i];
        if (doc->kind != DD_T_OBJ)
            continue;
        if (kind == DD_MF_COMPOSE)
            lint_compose(&c, doc);
        else
            lint_k8s(&c, doc, 0);
    }
    dd_tree_free(&t);
    free(pr.v);
    return true;
}
