/* Rule files: YAML items (list, macro, rule, required_engine_version,
 * required_plugin_versions) with Falco's append/override semantics, then compilation and
 * the per-event-type index. Conditions are compiled by cond.c. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "watch/rules_int.h"

/* ---- priorities ------------------------------------------------------------------- */

static const char *const prio_names[] = {"Emergency", "Alert",  "Critical",      "Error",
                                         "Warning",   "Notice", "Informational", "Debug"};

const char *dd_prio_name(dd_prio p)
{
    return (unsigned)p < DD_ARRAY_LEN(prio_names) ? prio_names[p] : "Unknown";
}

int dd_prio_parse(const char *s, dd_prio *out)
{
    for (size_t i = 0; i < DD_ARRAY_LEN(prio_names); i++)
        if (strcasecmp(s, prio_names[i]) == 0) {
            *out = (dd_prio)i;
            return 0;
        }
    if (strcasecmp(s, "info") == 0) {
        *out = DD_PRIO_INFORMATIONAL;
        return 0;
    }
    return -1;
}

dd_severity dd_prio_severity(dd_prio p)
{
    switch (p) {
    case DD_PRIO_EMERGENCY:
    case DD_PRIO_ALERT:
    case DD_PRIO_CRITICAL:
        return DD_SEV_CRITICAL;
    case DD_PRIO_ERROR:
        return DD_SEV_HIGH;
    case DD_PRIO_WARNING:
        return DD_SEV_MEDIUM;
    case DD_PRIO_NOTICE:
        return DD_SEV_LOW;
    default:
        return DD_SEV_INFO;
    }
}

/* ---- text with positions ---------------------------------------------------------- */

void dd_rtext_add(rtext *t, const char *s, size_t n, int src, size_t sidx, int style)
{
    if (t->text.len)
        dd_buf_putc(&t->text, ' '); /* Falco appends with a space */
    t->segs = dd_xgrow(t->segs, &t->cap, t->nsegs + 1, sizeof *t->segs);
    t->segs[t->nsegs++] = (rseg){src, sidx, style, t->text.len, n};
    dd_buf_append(&t->text, s, n);
    if (!t->text.data)
        dd_buf_puts(&t->text, "");
}

void dd_rtext_free(rtext *t)
{
    dd_buf_free(&t->text);
    free(t->segs);
    memset(t, 0, sizeof *t);
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

rpos dd_rtext_pos(const dd_ruleset *rs, const rtext *t, size_t off)
{
    rpos p = {0, 0, 0};
    const rseg *sg = NULL;
    for (size_t i = 0; i < t->nsegs; i++)
        if (off >= t->segs[i].off)
            sg = &t->segs[i];
    if (!sg)
        return p;
    const rsrc *f = &rs->srcs[sg->src];
    p.src = sg->src;
    /* The scalar's characters appear in the source in the same order, apart from
     * whitespace folding and quoting: align on the non-blank characters. */
    size_t k = off - sg->off;
    if (k > sg->len)
        k = sg->len;
    const char *val = t->text.data + sg->off;
    size_t nth = 0;
    for (size_t i = 0; i < k; i++)
        if (!is_ws(val[i]))
            nth++;
    /* past the last character (a value missing at the end): just after that character */
    bool after = true;
    for (size_t i = k; i < sg->len; i++)
        if (!is_ws(val[i]))
            after = false;
    if (after && nth > 0)
        nth--;
    else
        after = false;
    size_t s = sg->sidx;
    if (sg->style == YAML_LITERAL_SCALAR_STYLE || sg->style == YAML_FOLDED_SCALAR_STYLE) {
        while (s < f->len && f->data[s] != '\n')
            s++; /* skip the indicator line */
    } else if (sg->style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
               sg->style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
        s++;
    }
    size_t seen = 0;
    while (s < f->len) {
        if (!is_ws(f->data[s])) {
            if (seen == nth)
                break;
            seen++;
        }
        s++;
    }
    int line = 1, col = 1;
    for (size_t i = 0; i < s && i < f->len; i++) {
        if (f->data[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    p.line = line;
    p.col = col + (after ? 1 : 0);
    return p;
}

void dd_rpos_format(const dd_ruleset *rs, rpos p, char *out, size_t n)
{
    const char *name = p.src >= 0 && (size_t)p.src < rs->nsrcs ? rs->srcs[p.src].name : "?";
    snprintf(out, n, "%s:%d:%d", name, p.line, p.col);
}

/* ---- the set ------------------------------------------------------------------------ */

dd_ruleset *dd_ruleset_new(void)
{
    return dd_xcalloc(1, sizeof(dd_ruleset));
}

rlist *dd_rs_list(const dd_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->nlists; i++)
        if (strcmp(rs->lists[i]->name, name) == 0)
            return rs->lists[i];
    return NULL;
}

rmacro *dd_rs_macro(const dd_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->nmacros; i++)
        if (strcmp(rs->macros[i]->name, name) == 0)
            return rs->macros[i];
    return NULL;
}

static rrule *find_rule(const dd_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (strcmp(rs->rules[i]->pub.name, name) == 0)
            return rs->rules[i];
    return NULL;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void free_rval(rval *v)
{
    free(v->s);
    free_strv(v->list, v->nlist);
}

static void free_exc(rexc *x)
{
    free(x->name);
    free_strv(x->fields, x->nfields);
    free_strv(x->comps, x->ncomps);
    size_t nv = x->fields_list ? x->nvalues * x->nfields : x->nvalues;
    for (size_t i = 0; i < nv; i++)
        free_rval(&x->values[i]);
    free(x->values);
}

void dd_ruleset_free(dd_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nsrcs; i++) {
        free(rs->srcs[i].name);
        free(rs->srcs[i].data);
    }
    free(rs->srcs);
    for (size_t i = 0; i < rs->nlists; i++) {
        free(rs->lists[i]->name);
        free_strv(rs->lists[i]->items, rs->lists[i]->n);
        free(rs->lists[i]);
    }
    free(rs->lists);
    for (size_t i = 0; i < rs->nmacros; i++) {
        free(rs->macros[i]->name);
        dd_rtext_free(&rs->macros[i]->cond);
        free(rs->macros[i]->skip);
        free(rs->macros[i]);
    }
    free(rs->macros);
    for (size_t i = 0; i < rs->nrules; i++) {
        rrule *r = rs->rules[i];
        dd_wrule *w = &r->pub;
        free(w->name);
        free(w->desc);
        free(w->output);
        free_strv(w->tags, w->ntags);
        free(w->source);
        free(w->id);
        free(w->remediation);
        free(w->file);
        free(w->skip);
        free(w->note);
        dd_outfmt_free(w->fmt);
        dd_rtext_free(&r->cond);
        for (size_t k = 0; k < r->nexc; k++)
            free_exc(&r->exc[k]);
        free(r->exc);
        free(r);
    }
    free(rs->rules);
    free(rs->append_output);
    for (size_t i = 0; i < rs->nnodes; i++)
        dd_cnode_free(rs->nodes[i]);
    free(rs->nodes);
    if (rs->by_type) {
        for (int t = 0; t < rs->ntypes; t++)
            free(rs->by_type[t]);
        free(rs->by_type);
    }
    free(rs);
}

/* ---- YAML ------------------------------------------------------------------------- */

typedef struct ydoc {
    dd_ruleset *rs;
    int src;
    yaml_document_t *doc;
} ydoc;

static rpos ypos(const ydoc *y, const yaml_node_t *n)
{
    return (rpos){y->src, (int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
}

static int yerr(const ydoc *y, const yaml_node_t *n, dd_error *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int yerr(const ydoc *y, const yaml_node_t *n, dd_error *e, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char where[512];
    dd_rpos_format(y->rs, ypos(y, n), where, sizeof where);
    return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %s", where, msg);
}

static yaml_node_t *ynode(const ydoc *y, int idx)
{
    return yaml_document_get_node(y->doc, idx);
}

static yaml_node_t *yget(const ydoc *y, const yaml_node_t *map, const char *key)
{
    yaml_node_t *found = NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = ynode(y, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
            found = ynode(y, p->value); /* the last one wins */
    }
    return found;
}

static const char *yscalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int ystring(const ydoc *y, const yaml_node_t *n, const char *what, char **out, dd_error *e)
{
    const char *s = yscalar(n);
    if (!s)
        return yerr(y, n, e, "%s must be a string", what);
    free(*out);
    *out = dd_xstrdup(s);
    return 0;
}

static int ybool(const ydoc *y, const yaml_node_t *n, const char *what, bool *out, dd_error *e)
{
    const char *s = yscalar(n);
    if (s && (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcasecmp(s, "on"))) {
        *out = true;
        return 0;
    }
    if (s && (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcasecmp(s, "off"))) {
        *out = false;
        return 0;
    }
    return yerr(y, n, e, "%s must be true or false", what);
}

/* A sequence of scalars (or one scalar) as strings. */
static int ystrv(const ydoc *y, const yaml_node_t *n, const char *what, char ***out, size_t *nout,
                 bool allow_scalar, dd_error *e)
{
    *out = NULL;
    *nout = 0;
    if (n->type == YAML_SCALAR_NODE && allow_scalar) {
        *out = dd_xcalloc(1, sizeof(char *));
        (*out)[0] = dd_xstrdup(yscalar(n));
        *nout = 1;
        return 0;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return yerr(y, n, e, "%s must be a list", what);
    size_t cnt = n->data.sequence.items.top - n->data.sequence.items.start;
    char **v = dd_xcalloc(cnt + 1, sizeof(char *));
    size_t k = 0;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *c = ynode(y, *it);
        const char *s = yscalar(c);
        if (!s) {
            free_strv(v, k);
            return yerr(y, c ? c : n, e, "items of %s must be strings", what);
        }
        v[k++] = dd_xstrdup(s);
    }
    *out = v;
    *nout = k;
    return 0;
}

static int load_list(ydoc *y, yaml_node_t *item, const char *name, dd_error *e)
{
    dd_ruleset *rs = y->rs;
    yaml_node_t *items = yget(y, item, "items");
    if (!items)
        return yerr(y, item, e, "list '%s' has no items", name);
    char **v;
    size_t n;
    if (ystrv(y, items, "items", &v, &n, false, e) < 0)
        return -1;
    bool append = false;
    yaml_node_t *ap = yget(y, item, "append");
    if (ap && ybool(y, ap, "append", &append, e) < 0) {
        free_strv(v, n);
        return -1;
    }
    yaml_node_t *ov = yget(y, item, "override");
    if (ov) {
        const char *how = yscalar(yget(y, ov, "items"));
        if (!how || (strcmp(how, "append") && strcmp(how, "replace"))) {
            free_strv(v, n);
            return yerr(y, ov, e, "list '%s': override.items must be append or replace", name);
        }
        append = strcmp(how, "append") == 0;
    }
    rlist *l = dd_rs_list(rs, name);
    if (!l && append) {
        free_strv(v, n);
        return yerr(y, item, e, "list '%s' appends to a list that is not defined before it", name);
    }
    if (!l) {
        l = dd_xcalloc(1, sizeof *l);
        l->name = dd_xstrdup(name);
        size_t cap = rs->nlists;
        rs->lists = dd_xrealloc(rs->lists, (cap + 1) * sizeof *rs->lists);
        rs->lists[rs->nlists++] = l;
    } else if (!append) {
        free_strv(l->items, l->n);
        l->items = NULL;
        l->n = l->cap = 0;
    }
    l->pos = ypos(y, item);
    for (size_t i = 0; i < n; i++) {
        l->items = dd_xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
        l->items[l->n++] = v[i];
    }
    free(v);
    return 0;
}

static void rtext_from(ydoc *y, rtext *t, const yaml_node_t *n)
{
    dd_rtext_add(t, (const char *)n->data.scalar.value, n->data.scalar.length, y->src,
                 n->start_mark.index, n->data.scalar.style);
}

static int load_macro(ydoc *y, yaml_node_t *item, const char *name, dd_error *e)
{
    dd_ruleset *rs = y->rs;
    yaml_node_t *cond = yget(y, item, "condition");
    if (!cond || cond->type != YAML_SCALAR_NODE)
        return yerr(y, item, e, "macro '%s' needs a condition (a string)", name);
    bool append = false;
    yaml_node_t *ap = yget(y, item, "append");
    if (ap && ybool(y, ap, "append", &append, e) < 0)
        return -1;
    yaml_node_t *ov = yget(y, item, "override");
    if (ov) {
        const char *how = yscalar(yget(y, ov, "condition"));
        if (!how || (strcmp(how, "append") && strcmp(how, "replace")))
            return yerr(y, ov, e, "macro '%s': override.condition must be append or replace", name);
        append = strcmp(how, "append") == 0;
    }
    rmacro *m = dd_rs_macro(rs, name);
    if (!m && append)
        return yerr(y, item, e, "macro '%s' appends to a macro that is not defined before it",
                    name);
    if (!m) {
        m = dd_xcalloc(1, sizeof *m);
        m->name = dd_xstrdup(name);
        rs->macros = dd_xrealloc(rs->macros, (rs->nmacros + 1) * sizeof *rs->macros);
        rs->macros[rs->nmacros++] = m;
    } else if (!append) {
        dd_rtext_free(&m->cond);
    }
    m->pos = ypos(y, item);
    rtext_from(y, &m->cond, cond);
    return 0;
}

static int load_rval(ydoc *y, yaml_node_t *n, rval *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    out->pos = ypos(y, n);
    if (n->type == YAML_SCALAR_NODE) {
        out->s = dd_xstrdup(yscalar(n));
        return 0;
    }
    out->is_list = true;
    return ystrv(y, n, "an exception value", &out->list, &out->nlist, false, e);
}

static int load_exceptions(ydoc *y, rrule *r, yaml_node_t *seq, bool append, dd_error *e)
{
    if (seq->type != YAML_SEQUENCE_NODE)
        return yerr(y, seq, e, "rule '%s': exceptions must be a list", r->pub.name);
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top;
         it++) {
        yaml_node_t *xn = ynode(y, *it);
        if (!xn || xn->type != YAML_MAPPING_NODE)
            return yerr(y, xn ? xn : seq, e, "rule '%s': each exception is a mapping", r->pub.name);
        const char *name = yscalar(yget(y, xn, "name"));
        if (!name)
            return yerr(y, xn, e, "rule '%s': an exception needs a name", r->pub.name);
        rexc *x = NULL;
        for (size_t k = 0; k < r->nexc; k++)
            if (strcmp(r->exc[k].name, name) == 0)
                x = &r->exc[k];
        yaml_node_t *fields = yget(y, xn, "fields");
        yaml_node_t *comps = yget(y, xn, "comps");
        yaml_node_t *values = yget(y, xn, "values");
        if (!x) {
            if (!fields)
                return yerr(y, xn, e, "rule '%s': exception '%s' needs fields", r->pub.name, name);
            r->exc = dd_xrealloc(r->exc, (r->nexc + 1) * sizeof *r->exc);
            x = &r->exc[r->nexc++];
            memset(x, 0, sizeof *x);
            x->name = dd_xstrdup(name);
            x->pos = ypos(y, xn);
            x->fields_list = fields->type == YAML_SEQUENCE_NODE;
            if (ystrv(y, fields, "fields", &x->fields, &x->nfields, true, e) < 0)
                return -1;
            if (comps && ystrv(y, comps, "comps", &x->comps, &x->ncomps, true, e) < 0)
                return -1;
            if (x->ncomps && x->ncomps != (x->fields_list ? x->nfields : 1))
                return yerr(y, comps, e, "rule '%s': exception '%s' has %zu fields but %zu comps",
                            r->pub.name, name, x->nfields, x->ncomps);
        } else if (!append && fields) {
            return yerr(y, xn, e, "rule '%s': exception '%s' is defined twice", r->pub.name, name);
        }
        if (!values)
            continue;
        if (values->type != YAML_SEQUENCE_NODE)
            return yerr(y, values, e, "rule '%s': exception '%s': values must be a list",
                        r->pub.name, name);
        for (yaml_node_item_t *vi = values->data.sequence.items.start;
             vi < values->data.sequence.items.top; vi++) {
            yaml_node_t *vn = ynode(y, *vi);
            if (!vn)
                continue;
            if (x->fields_list) {
                if (vn->type != YAML_SEQUENCE_NODE ||
                    (size_t)(vn->data.sequence.items.top - vn->data.sequence.items.start) !=
                        x->nfields)
                    return yerr(y, vn, e,
                                "rule '%s': exception '%s': each value must be a list of %zu "
                                "items (one per field)",
                                r->pub.name, name, x->nfields);
                x->values =
                    dd_xrealloc(x->values, (x->nvalues + 1) * x->nfields * sizeof *x->values);
                size_t j = 0;
                for (yaml_node_item_t *ti = vn->data.sequence.items.start;
                     ti < vn->data.sequence.items.top; ti++, j++)
                    if (load_rval(y, ynode(y, *ti), &x->values[x->nvalues * x->nfields + j], e) <
                        0) {
                        /* keep the tuple consistent for free_exc */
                        for (size_t z = j + 1; z < x->nfields; z++)
                            memset(&x->values[x->nvalues * x->nfields + z], 0, sizeof(rval));
                        x->nvalues++;
                        return -1;
                    }
                x->nvalues++;
            } else {
                x->values = dd_xrealloc(x->values, (x->nvalues + 1) * sizeof *x->values);
                if (load_rval(y, vn, &x->values[x->nvalues], e) < 0) {
                    x->nvalues++;
                    return -1;
                }
                x->nvalues++;
            }
        }
    }
    return 0;
}

/* override: {condition: append, output: replace, ...} → per-key mode */
static const char *override_mode(const ydoc *y, const yaml_node_t *ov, const char *key)
{
    return ov ? yscalar(yget(y, ov, key)) : NULL;
}

static int load_rule(ydoc *y, yaml_node_t *item, const char *name, dd_error *e)
{
    dd_ruleset *rs = y->rs;
    bool append = false;
    yaml_node_t *ap = yget(y, item, "append");
    if (ap && ybool(y, ap, "append", &append, e) < 0)
        return -1;
    yaml_node_t *ov = yget(y, item, "override");
    if (ov && ov->type != YAML_MAPPING_NODE)
        return yerr(y, ov, e, "rule '%s': override must be a mapping", name);
    if (ov) {
        static const char *const keys[] = {
            "condition", "output",           "desc",          "priority",
            "tags",      "exceptions",       "enabled",       "source",
            "capture",   "capture_duration", "warn_evttypes", "skip-if-unknown-filter"};
        for (yaml_node_pair_t *p = ov->data.mapping.pairs.start; p < ov->data.mapping.pairs.top;
             p++) {
            const char *k = yscalar(ynode(y, p->key)), *v = yscalar(ynode(y, p->value));
            bool known = false;
            for (size_t i = 0; i < DD_ARRAY_LEN(keys); i++)
                known |= k && strcmp(k, keys[i]) == 0;
            if (!known || !v || (strcmp(v, "append") && strcmp(v, "replace")))
                return yerr(y, ynode(y, p->key), e,
                            "rule '%s': override.%s must be append or replace", name, k ? k : "?");
        }
    }
    rrule *r = find_rule(rs, name);
    yaml_node_t *cond = yget(y, item, "condition");
    yaml_node_t *enabled = yget(y, item, "enabled");
    bool only_enabled = enabled && !cond && !yget(y, item, "output") &&
                        !yget(y, item, "priority") && !yget(y, item, "desc") && !ov && !append;
    bool modifies = append || ov || only_enabled;
    if (modifies && !r)
        return yerr(y, item, e, "rule '%s' %s a rule that is not defined before it", name,
                    only_enabled ? "enables or disables" : "appends to or overrides");
    if (!modifies) {
        /* a new rule, or a redefinition that replaces the old one */
        static const char *const required[] = {"condition", "output", "priority", "desc"};
        for (size_t i = 0; i < DD_ARRAY_LEN(required); i++)
            if (!yget(y, item, required[i]))
                return yerr(y, item, e, "rule '%s' has no %s", name, required[i]);
        if (!r) {
            r = dd_xcalloc(1, sizeof *r);
            r->pub.name = dd_xstrdup(name);
            rs->rules = dd_xrealloc(rs->rules, (rs->nrules + 1) * sizeof *rs->rules);
            r->pub.index = rs->nrules;
            rs->rules[rs->nrules++] = r;
        } else {
            dd_rtext_free(&r->cond);
            for (size_t k = 0; k < r->nexc; k++)
                free_exc(&r->exc[k]);
            free(r->exc);
            r->exc = NULL;
            r->nexc = 0;
            free_strv(r->pub.tags, r->pub.ntags);
            r->pub.tags = NULL;
            r->pub.ntags = 0;
        }
        r->defined = true;
        r->pub.enabled = true;
        r->pos = ypos(y, item);
        free(r->pub.file);
        r->pub.file = dd_xstrdup(rs->srcs[y->src].name);
        r->pub.line = r->pos.line;
        free(r->pub.source);
        r->pub.source = dd_xstrdup("syscall");
    }
    /* condition */
    if (cond) {
        if (cond->type != YAML_SCALAR_NODE)
            return yerr(y, cond, e, "rule '%s': condition must be a string", name);
        const char *m = override_mode(y, ov, "condition");
        bool app = modifies && (append || (m && strcmp(m, "append") == 0));
        if (modifies && ov && !m)
            return yerr(y, cond, e, "rule '%s': condition given without override.condition", name);
        if (!app)
            dd_rtext_free(&r->cond);
        rtext_from(y, &r->cond, cond);
    }
    yaml_node_t *n;
    if ((n = yget(y, item, "output"))) {
        const char *m = override_mode(y, ov, "output");
        if (modifies && (m ? strcmp(m, "append") == 0 : append)) {
            const char *s = yscalar(n);
            if (!s)
                return yerr(y, n, e, "rule '%s': output must be a string", name);
            char *o = dd_xasprintf("%s %s", r->pub.output ? r->pub.output : "", s);
            free(r->pub.output);
            r->pub.output = o;
        } else if (ystring(y, n, "output", &r->pub.output, e) < 0) {
            return -1;
        }
    }
    if ((n = yget(y, item, "desc")) && ystring(y, n, "desc", &r->pub.desc, e) < 0)
        return -1;
    if ((n = yget(y, item, "priority"))) {
        const char *s = yscalar(n);
        if (!s || dd_prio_parse(s, &r->pub.prio) < 0)
            return yerr(y, n, e,
                        "rule '%s': unknown priority '%s' (emergency, alert, critical, error, "
                        "warning, notice, informational, debug)",
                        name, s ? s : "");
    }
    if ((n = yget(y, item, "tags"))) {
        char **v;
        size_t cnt;
        if (ystrv(y, n, "tags", &v, &cnt, false, e) < 0)
            return -1;
        const char *m = override_mode(y, ov, "tags");
        if (!(modifies && (m ? strcmp(m, "append") == 0 : append))) {
            free_strv(r->pub.tags, r->pub.ntags);
            r->pub.tags = NULL;
            r->pub.ntags = 0;
        }
        r->pub.tags = dd_xrealloc(r->pub.tags, (r->pub.ntags + cnt + 1) * sizeof(char *));
        for (size_t i = 0; i < cnt; i++)
            r->pub.tags[r->pub.ntags++] = v[i];
        free(v);
    }
    if (enabled && ybool(y, enabled, "enabled", &r->pub.enabled, e) < 0)
        return -1;
    if ((n = yget(y, item, "source")) && ystring(y, n, "source", &r->pub.source, e) < 0)
        return -1;
    if ((n = yget(y, item, "id")) && ystring(y, n, "id", &r->pub.id, e) < 0)
        return -1;
    if ((n = yget(y, item, "remediation")) &&
        ystring(y, n, "remediation", &r->pub.remediation, e) < 0)
        return -1;
    if ((n = yget(y, item, "exceptions"))) {
        const char *m = override_mode(y, ov, "exceptions");
        bool app = modifies && (m ? strcmp(m, "append") == 0 : append);
        if (!app && modifies) {
            for (size_t k = 0; k < r->nexc; k++)
                free_exc(&r->exc[k]);
            free(r->exc);
            r->exc = NULL;
            r->nexc = 0;
        }
        if (load_exceptions(y, r, n, app, e) < 0)
            return -1;
    }
    return 0;
}

/* required_engine_version: accepted in every spelling Falco used ("0.26.0", 26). We
 * implement the language of Falco 0.42; no file is refused for asking for more, but
 * what we cannot do is reported rule by rule. */
static int load_item(ydoc *y, yaml_node_t *item, dd_error *e)
{
    if (item->type != YAML_MAPPING_NODE)
        return yerr(y, item, e,
                    "each item of a rules file is a mapping (- rule:, - macro:, "
                    "- list:)");
    const char *name;
    yaml_node_t *n;
    if ((n = yget(y, item, "rule"))) {
        if (!(name = yscalar(n)) || !*name)
            return yerr(y, n, e, "a rule needs a name");
        return load_rule(y, item, name, e);
    }
    if ((n = yget(y, item, "macro"))) {
        if (!(name = yscalar(n)) || !*name)
            return yerr(y, n, e, "a macro needs a name");
        return load_macro(y, item, name, e);
    }
    if ((n = yget(y, item, "list"))) {
        if (!(name = yscalar(n)) || !*name)
            return yerr(y, n, e, "a list needs a name");
        return load_list(y, item, name, e);
    }
    if (yget(y, item, "required_engine_version") || yget(y, item, "required_plugin_versions"))
        return 0;
    yaml_node_pair_t *p = item->data.mapping.pairs.start;
    const char *k = p < item->data.mapping.pairs.top ? yscalar(ynode(y, p->key)) : NULL;
    return yerr(y, item, e,
                "unknown item '%s' (expected rule, macro, list, "
                "required_engine_version or required_plugin_versions)",
                k ? k : "");
}

int dd_ruleset_load_buffer(dd_ruleset *rs, const char *name, const char *data, size_t len,
                           dd_error *e)
{
    if (rs->compiled)
        return dd_error_set(e, DD_ERR_RUN, 0, "rules are loaded before compiling");
    rs->srcs = dd_xrealloc(rs->srcs, (rs->nsrcs + 1) * sizeof *rs->srcs);
    rsrc *src = &rs->srcs[rs->nsrcs];
    src->name = dd_xstrdup(name);
    src->data = dd_xmalloc(len + 1); /* whole: a NUL inside is the parser's to refuse */
    memcpy(src->data, data, len);
    src->data[len] = 0;
    src->len = len;
    ydoc y = {rs, (int)rs->nsrcs, NULL};
    rs->nsrcs++;
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)src->data, len);
    int rc = 0;
    for (;;) {
        yaml_document_t doc;
        if (!yaml_parser_load(&parser, &doc)) {
            rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s:%zu:%zu: YAML: %s%s%s", name,
                              parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                              parser.problem ? parser.problem : "syntax error",
                              parser.context ? " " : "", parser.context ? parser.context : "");
            break;
        }
        y.doc = &doc;
        yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (!root) {
            yaml_document_delete(&doc);
            break; /* end of stream */
        }
        if (root->type != YAML_SEQUENCE_NODE) {
            rc = yerr(&y, root, e,
                      "a rules file is a list of items (- rule:, - macro:, - "
                      "list:)");
        } else {
            for (yaml_node_item_t *it = root->data.sequence.items.start;
                 it < root->data.sequence.items.top && rc == 0; it++)
                rc = load_item(&y, ynode(&y, *it), e);
        }
        yaml_document_delete(&doc);
        if (rc < 0)
            break;
    }
    yaml_parser_delete(&parser);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int dd_ruleset_load_path(dd_ruleset *rs, const char *path, dd_error *e)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return dd_error_sys(e, errno, "cannot read rules %s", path);
    if (S_ISDIR(st.st_mode)) {
        _cleanup_closedir_ DIR *d = opendir(path);
        if (!d)
            return dd_error_sys(e, errno, "cannot list rules directory %s", path);
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
            size_t l = strlen(de->d_name);
            if (de->d_name[0] == '.')
                continue;
            if ((l > 5 && !strcmp(de->d_name + l - 5, ".yaml")) ||
                (l > 4 && !strcmp(de->d_name + l - 4, ".yml"))) {
                names = dd_xgrow(names, &cap, n + 1, sizeof *names);
                names[n++] = dd_xasprintf("%s/%s", path, de->d_name);
            }
        }
        qsort(names, n, sizeof *names, cmp_str);
        int rc = 0;
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = dd_ruleset_load_path(rs, names[i], e);
        free_strv(names, n);
        if (rc == 0 && n == 0)
            return dd_error_set(e, DD_ERR_INPUT, 0, "no *.yaml rules files in %s", path);
        return rc;
    }
    /* Bounded, and a regular file only (core/rootfile.h): a FIFO never blocks the load. */
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, DD_RULES_MAX_FILE) < 0) {
        int err = errno;
        if (err == EFBIG)
            return dd_error_set(e, DD_ERR_INPUT, EFBIG, "%s: larger than %u MiB: not a rules file",
                                path, DD_RULES_MAX_FILE >> 20);
        return dd_error_set(e, DD_ERR_RUN, err, "cannot read rules file %s: %s", path,
                            dd_file_strerror(err));
    }
    return dd_ruleset_load_buffer(rs, path, b.data ? b.data : "", b.len, e);
}

/* ---- compile ---------------------------------------------------------------------- */

static void type_set(uint64_t *t, int i)
{
    t[i / 64] |= 1ull << (i % 64);
}
static bool type_has(const uint64_t *t, int i)
{
    return (t[i / 64] >> (i % 64)) & 1;
}

void dd_ruleset_set_append_output(dd_ruleset *rs, const char *suffix)
{
    free(rs->append_output);
    rs->append_output = dd_xstrdup(suffix);
}

int dd_ruleset_compile(dd_ruleset *rs, dd_error *e)
{
    if (rs->compiled)
        return 0;
    rs->compiled = true;
    int ntypes = dd_evtype_count();
    if (ntypes > DD_TYPE_WORDS * 64)
        return dd_error_set(e, DD_ERR_RUN, 0, "too many event types");
    for (size_t i = 0; i < rs->nrules; i++) {
        rrule *r = rs->rules[i];
        dd_wrule *w = &r->pub;
        if (!r->defined)
            continue;
        if (strcmp(w->source, "syscall") != 0) {
            w->skip = dd_xasprintf("source '%s' is not supported (drydock watch reads "
                                   "syscall events)",
                                   w->source);
            continue;
        }
        char *skip = NULL;
        struct dd_cnode *cond = dd_cond_compile(rs, &r->cond, &skip, e);
        if (!cond) {
            free(skip);
            return dd_error_prefix(e, "rule '%s'", w->name);
        }
        if (r->nexc) {
            char *xskip = NULL;
            struct dd_cnode *x = dd_exc_compile(rs, r, &xskip, e);
            if (!x) {
                free(skip);
                free(xskip);
                return dd_error_prefix(e, "rule '%s'", w->name);
            }
            cond = dd_cnode_and_not(rs, cond, x);
            if (xskip && !skip)
                skip = xskip;
            else
                free(xskip);
        }
        w->cond = cond;
        if (skip) {
            w->skip = skip;
            continue;
        }
        char *oskip = NULL;
        char *fmt = dd_xasprintf("%s%s", w->output ? w->output : "",
                                 rs->append_output ? rs->append_output : "");
        w->fmt = dd_outfmt_compile(fmt, &oskip);
        free(fmt);
        if (oskip) {
            w->skip = dd_xasprintf("output: %s", oskip);
            free(oskip);
            continue;
        }
        dd_buf notes = DD_BUF_INIT;
        if (dd_cnode_types(rs, cond, w->types, &w->all_types, &notes, e) < 0) {
            dd_buf_free(&notes);
            return dd_error_prefix(e, "rule '%s'", w->name);
        }
        bool any = w->all_types;
        for (int t = 0; t < ntypes && !any; t++)
            any = type_has(w->types, t);
        if (!any)
            w->skip = dd_xasprintf("drydock does not trace its event types (%s)",
                                   notes.len ? notes.data : "none");
        else if (notes.len)
            w->note = dd_xasprintf("never matches these event types, which drydock does not "
                                   "trace: %s",
                                   notes.data);
        dd_buf_free(&notes);
    }
    /* index */
    rs->ntypes = ntypes;
    rs->by_type = dd_xcalloc(ntypes, sizeof *rs->by_type);
    size_t *cnt = dd_xcalloc(ntypes, sizeof *cnt);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < rs->nrules; i++) {
            const dd_wrule *w = &rs->rules[i]->pub;
            if (!rs->rules[i]->defined || !w->enabled || w->skip)
                continue;
            if (pass == 0 && dd_cnode_uses_env(w->cond))
                rs->needs_env = true;
            for (int t = 0; t < ntypes; t++) {
                if (!w->all_types && !type_has(w->types, t))
                    continue;
                if (pass == 0)
                    cnt[t]++;
                else
                    rs->by_type[t][cnt[t]++] = w;
            }
        }
        if (pass == 0)
            for (int t = 0; t < ntypes; t++) {
                rs->by_type[t] = dd_xcalloc(cnt[t] + 1, sizeof(dd_wrule *));
                cnt[t] = 0;
            }
    }
    free(cnt);
    (void)type_set;
    return 0;
}

size_t dd_ruleset_count(const dd_ruleset *rs)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->nrules; i++)
        n += rs->rules[i]->defined;
    return n;
}

const dd_wrule *dd_ruleset_at(const dd_ruleset *rs, size_t i)
{
    size_t k = 0;
    for (size_t j = 0; j < rs->nrules; j++) {
        if (!rs->rules[j]->defined)
            continue;
        if (k++ == i)
            return &rs->rules[j]->pub;
    }
    return NULL;
}

size_t dd_ruleset_active(const dd_ruleset *rs)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->nrules; i++) {
        const dd_wrule *w = &rs->rules[i]->pub;
        n += rs->rules[i]->defined && w->enabled && !w->skip;
    }
    return n;
}

bool dd_ruleset_uses_type(const dd_ruleset *rs, int type)
{
    if (!rs->by_type || type < 0 || type >= rs->ntypes)
        return false;
    /* an all-types rule does not ask for syscalls nobody else wants */
    for (const dd_wrule *const *w = rs->by_type[type]; *w; w++)
        if (!(*w)->all_types)
            return true;
    return false;
}

bool dd_ruleset_needs_env(const dd_ruleset *rs)
{
    return rs->needs_env;
}

bool dd_ruleset_uses_field(const dd_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->nrules; i++) {
        const dd_wrule *w = &rs->rules[i]->pub;
        if (rs->rules[i]->defined && w->enabled && !w->skip && w->cond &&
            dd_cnode_uses_field(w->cond, name))
            return true;
    }
    return false;
}

size_t dd_ruleset_select(dd_ruleset *rs, char *const *names, size_t n, const char **unknown)
{
    size_t missing = 0;
    *unknown = NULL;
    bool *hit = dd_xcalloc(n ? n : 1, sizeof *hit);
    for (size_t i = 0; i < rs->nrules; i++) {
        dd_wrule *w = &rs->rules[i]->pub;
        bool keep = false;
        for (size_t k = 0; k < n; k++) {
            bool m = strcmp(w->name, names[k]) == 0 || (w->id && strcmp(w->id, names[k]) == 0);
            for (size_t t = 0; t < w->ntags && !m; t++)
                m = strcmp(w->tags[t], names[k]) == 0;
            if (m)
                keep = hit[k] = true;
        }
        if (!keep)
            w->enabled = false;
    }
    for (size_t k = 0; k < n; k++)
        if (!hit[k]) {
            if (!*unknown)
                *unknown = names[k];
            missing++;
        }
    free(hit);
    return missing;
}

bool dd_rule_matches(const dd_wrule *r, const dd_wevent *ev)
{
    if (!r->cond || r->skip)
        return false;
    if (!r->all_types && (ev->type < 0 || !type_has(r->types, ev->type)))
        return false;
    return dd_cnode_eval(r->cond, ev);
}

size_t dd_ruleset_eval(const dd_ruleset *rs, const dd_wevent *ev, dd_match_cb cb, void *ud)
{
    if (!rs->by_type || ev->type < 0 || ev->type >= rs->ntypes)
        return 0;
    size_t n = 0;
    for (const dd_wrule *const *w = rs->by_type[ev->type]; *w; w++)
        if (dd_cnode_eval((*w)->cond, ev)) {
            n++;
            if (cb)
                cb(*w, ev, ud);
        }
    return n;
}

void dd_rule_render(const dd_wrule *r, const dd_wevent *ev, dd_buf *text, json_t *fields)
{
    if (r->fmt)
        dd_outfmt_render(r->fmt, ev, text, fields);
}
