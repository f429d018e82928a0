/* The lint driver: run every row of the lint table over a parsed Dockerfile, apply inline
 * pragmas and the configuration, and read .drydock.yaml (libyaml's document API, so every
 * error can name the line it is on). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "dockerfile/lint_int.h"
#include "sign/policy.h"


/* ---- configuration --------------------------------------------------------------- */

void dd_lint_strv_add(char ***v, size_t *n, const char *s)
{
    size_t cap = *n;
    *v = dd_xgrow(*v, &cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = dd_xstrdup(s);
}

void dd_lint_config_free(dd_lint_config *c)
{
    free(c->path);
    for (size_t i = 0; i < c->nignore; i++)
        free(c->ignore[i]);
    free(c->ignore);
    for (size_t i = 0; i < c->nsev; i++)
        free(c->sev[i].id);
    free(c->sev);
    for (size_t i = 0; i < c->ntrusted; i++)
        free(c->trusted[i]);
    free(c->trusted);
    for (size_t i = 0; i < c->nlabels; i++)
        free(c->labels[i]);
    free(c->labels);
    for (size_t i = 0; i < c->nbase; i++)
        free(c->base_images[i]);
    free(c->base_images);
    memset(c, 0, sizeof *c);
}

static void add_override(dd_lint_config *c, const char *id, dd_severity sev, bool off)
{
    size_t cap = c->nsev;
    c->sev = dd_xgrow(c->sev, &cap, c->nsev + 1, sizeof *c->sev);
    c->sev[c->nsev++] = (dd_lint_override){dd_xstrdup(id), sev, off};
}

typedef struct ycx {
    yaml_document_t *doc;
    const char *path;
    dd_error *e;
} ycx;

static int yerr(ycx *y, const yaml_node_t *n, const char *fmt, const char *a)
{
    return dd_error_set(y->e, DD_ERR_INPUT, 0, "%s:%zu: %s%s", y->path,
                        n ? n->start_mark.line + 1 : 1, fmt, a ? a : "");
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A list of strings: a sequence of scalars, or one scalar. */
static int str_list(ycx *y, yaml_node_t *n, const char *key, char ***v, size_t *nv)
{
    if (n->type == YAML_SCALAR_NODE) {
        dd_lint_strv_add(v, nv, scalar(n));
        return 0;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return yerr(y, n, "expected a list of strings for ", key);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *x = yaml_document_get_node(y->doc, *it);
        if (!scalar(x))
            return yerr(y, x, "expected a string in ", key);
        dd_lint_strv_add(v, nv, scalar(x));
    }
    return 0;
}

static int parse_sev(ycx *y, yaml_node_t *n, const char *s, dd_severity *sev, bool *off)
{
    *off = false;
    if (!strcasecmp(s, "off") || !strcasecmp(s, "ignore") || !strcasecmp(s, "none")) {
        *off = true;
        return 0;
    }
    if (dd_severity_parse(s, sev) < 0 || *sev == DD_SEV_UNKNOWN)
        return yerr(y, n, "unknown severity ", s);
    return 0;
}

static int severities(ycx *y, yaml_node_t *n, dd_lint_config *c)
{
    if (n->type != YAML_MAPPING_NODE)
        return yerr(y, n, "expected a mapping RULE: severity for ", "severity");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
        if (!scalar(k))
            return yerr(y, k, "expected a rule id or severity", NULL);
        dd_severity sev = DD_SEV_UNKNOWN;
        bool off;
        if (v->type == YAML_SEQUENCE_NODE) {
            /* hadolint's override: {error: [DL3008], warning: [...]} */
            if (parse_sev(y, k, scalar(k), &sev, &off) < 0)
                return -1;
            char **ids = NULL;
            size_t nids = 0;
            int rc = str_list(y, v, scalar(k), &ids, &nids);
            for (size_t i = 0; i < nids; i++) {
                if (rc == 0)
                    add_override(c, ids[i], sev, off);
                free(ids[i]);
            }
            free(ids);
            if (rc < 0)
                return -1;
        } else if (scalar(v)) {
            if (parse_sev(y, v, scalar(v), &sev, &off) < 0)
                return -1;
            add_override(c, scalar(k), sev, off);
        } else {
            return yerr(y, v, "expected a severity for ", scalar(k));
        }
    }
    return 0;
}

/* The trust policy's section (sign/policy.h): its registries are lint's trusted
 * registries, its base images the FROM images allowed. */
static int trust_section(yaml_document_t *doc, yaml_node_t *v, const char *path,
                         dd_lint_config *c, dd_error *e)
{
    dd_trust_policy p = {0};
    int rc = dd_trust_policy_from_yaml(&p, doc, v, path, e);
    for (size_t i = 0; rc == 0 && i < p.nregistries; i++)
        dd_lint_strv_add(&c->trusted, &c->ntrusted, p.registries[i]);
    for (size_t i = 0; rc == 0 && i < p.nbase; i++)
        dd_lint_strv_add(&c->base_images, &c->nbase, p.base_images[i]);
    dd_trust_policy_free(&p);
    return rc;
}

int dd_lint_config_load(dd_lint_config *c, const char *path, dd_error *e)
{
    /* A regular file only, bounded: a FIFO named .drydock.yaml never blocks the run. */
    _cleanup_buf_ dd_buf text = DD_BUF_INIT;
    if (dd_buf_read_file(&text, path, 1u << 20) < 0) {
        int err = errno;
        return dd_error_set(e, DD_ERR_RUN, err, "cannot read configuration %s: %s", path,
                            dd_file_strerror(err));
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text.data, text.len);
    if (!yaml_parser_load(&parser, &doc)) {
        dd_error_set(e, DD_ERR_INPUT, 0, "%s:%zu:%zu: invalid YAML: %s", path,
                     parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                     parser.problem ? parser.problem : "syntax error");
        yaml_parser_delete(&parser);
        return -1;
    }
    yaml_parser_delete(&parser);
    ycx y = {&doc, path, e};
    int rc = 0;
    free(c->path);
    c->path = dd_xstrdup(path);
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || (root->type == YAML_SCALAR_NODE && !*scalar(root))) {
        yaml_document_delete(&doc);
        return 0; /* an empty file is a valid, empty configuration */
    }
    if (root->type != YAML_MAPPING_NODE) {
        rc = yerr(&y, root, "expected a mapping at the top level", NULL);
        goto out;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(&doc, p->key);
        yaml_node_t *v = yaml_document_get_node(&doc, p->value);
        const char *key = scalar(k);
        if (!key) {
            rc = yerr(&y, k, "expected a string key", NULL);
            goto out;
        }
        if (!strcmp(key, "ignore") || !strcmp(key, "ignored"))
            rc = str_list(&y, v, key, &c->ignore, &c->nignore);
        else if (!strcmp(key, "severity") || !strcmp(key, "override"))
            rc = severities(&y, v, c);
        else if (!strcmp(key, "trusted-registries") || !strcmp(key, "trustedRegistries"))
            rc = str_list(&y, v, key, &c->trusted, &c->ntrusted);
        else if (!strcmp(key, "trust"))
            rc = trust_section(&doc, v, path, c, e);
        else if (!strcmp(key, "required-labels"))
            rc = str_list(&y, v, key, &c->labels, &c->nlabels);
        else if (!strcmp(key, "label-schema")) {
            if (v->type != YAML_MAPPING_NODE) {
                rc = yerr(&y, v, "expected a mapping for ", key);
            } else {
                for (yaml_node_pair_t *q = v->data.mapping.pairs.start;
                     q < v->data.mapping.pairs.top; q++) {
                    const char *l = scalar(yaml_document_get_node(&doc, q->key));
                    if (l)
                        dd_lint_strv_add(&c->labels, &c->nlabels, l);
                }
            }
        } else if (!strcmp(key, "failure-threshold") || !strcmp(key, "format") ||
                   !strcmp(key, "no-color") || !strcmp(key, "no-fail") ||
                   !strcmp(key, "strict-labels") || !strcmp(key, "disable-ignore-pragma")) {
            /* hadolint settings that have a command-line equivalent here */
        } else {
            rc = yerr(&y, k, "unknown key ", key);
            dd_error_hint(e, "known keys: ignore, severity, trusted-registries, required-labels, "
                             "trust");
        }
        if (rc < 0)
            goto out;
    }
out:
    yaml_document_delete(&doc);
    return rc;
}

/* ---- running the rules --------------------------------------------------------------- */

static bool id_matches(const char *id, const dd_rule *r)
{
    return strcasecmp(id, r->id) == 0 || (r->alias && strcasecmp(id, r->alias) == 0);
}

void dd_lint_emit(lint_ctx *c, const dd_df_instr *in, dd_df_pos pos, const char *fmt, ...)
{
    const dd_rule *r = &c->rule->rule;
    if (in)
        for (size_t i = 0; i < in->nignore; i++)
            if (id_matches(in->ignore[i], r))
                return;
    for (size_t i = 0; i < c->cfg->nignore; i++)
        if (id_matches(c->cfg->ignore[i], r))
            return;
    dd_severity sev = r->severity;
    for (size_t i = 0; i < c->cfg->nsev; i++)
        if (id_matches(c->cfg->sev[i].id, r)) {
            if (c->cfg->sev[i].off)
                return;
            sev = c->cfg->sev[i].sev;
        }
    /* Most messages are short: format them on the stack and let the report copy them
     * once, instead of two heap formattings per finding. */
    char small[256];
    _cleanup_free_ char *big = NULL;
    const char *msg = small;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (len < 0) {
        msg = r->title;
    } else if ((size_t)len >= sizeof small) {
        va_start(ap, fmt);
        if (vasprintf(&big, fmt, ap) < 0)
            big = NULL;
        va_end(ap);
        msg = big ? big : r->title;
    }
    dd_finding *f = dd_report_add(c->r, r, DD_STATUS_FAIL, c->path, "%s", msg);
    f->path = dd_xstrdup(c->path);
    f->line = pos.line;
    f->column = pos.col;
    f->severity = sev;
}

static const dd_lint_rule *lint_rows(size_t *n)
{
    *n = dd_lint_table.n;
    return dd_lint_table.rows;
}

void dd_lint_run(const dd_dockerfile *df, const char *path, const dd_lint_config *cfg,
                 dd_report *r)
{
    static const dd_lint_config none = {0};
    lint_ctx c = {.df = df, .path = path, .cfg = cfg ? cfg : &none, .r = r};
    c.final = df->nstages ? (int)df->nstages - 1 : -1;
    bool ships_small[64] = {0};
    c.ships = df->nstages <= 64 ? ships_small : dd_xcalloc(df->nstages, sizeof(bool));
    /* The final stage ships, and so does every stage it is built FROM. */
    for (int s = c.final; s >= 0; s = df->stages[s].from_stage)
        if (c.ships[s])
            break;
        else
            c.ships[s] = true;
    size_t n;
    const dd_lint_rule *rows = lint_rows(&n);
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].check)
            continue;
        c.rule = &rows[i];
        rows[i].check(&c);
    }
    if (c.ships != ships_small)
        free(c.ships);
}

/* A parse error quotes the text it stopped at, which may hold a token: every word of it
 * that is a secret by value is masked as the rules mask ENV/ARG values, and a message
 * that still holds one (a secret spread over several words) is not shown. */
static char *mask_parse_error(const char *msg)
{
    if (!dd_df_secret_kind(msg))
        return dd_xstrdup(msg);
    dd_buf out = DD_BUF_INIT;
    static const char sep[] = " \t'\"`=,()[]";
    for (const char *p = msg; *p;) {
        size_t n = strcspn(p, sep);
        if (n == 0) {
            dd_buf_putc(&out, *p++);
            continue;
        }
        _cleanup_free_ char *word = dd_xstrndup(p, n);
        if (dd_df_secret_kind(word)) {
            _cleanup_free_ char *m = dd_df_mask(word);
            dd_buf_puts(&out, m);
        } else {
            dd_buf_puts(&out, word);
        }
        p += n;
    }
    if (dd_df_secret_kind(out.data)) {
        dd_buf_free(&out);
        return dd_xstrdup("the line cannot be parsed (not shown: it holds a secret)");
    }
    return dd_buf_steal(&out);
}

bool dd_lint_buffer(const char *data, size_t len, const char *path, const dd_lint_config *cfg,
                    dd_report *r)
{
    static const dd_lint_config none = {0};
    dd_dockerfile *df = dd_df_parse(data, len);
    bool ok = !df->failed;
    if (ok) {
        dd_lint_run(df, path, cfg, r);
    } else {
        lint_ctx c = {.df = df, .path = path, .cfg = cfg ? cfg : &none, .r = r,
                      .rule = (const dd_lint_rule *)dd_lint_parse_rule};
        _cleanup_free_ char *msg = mask_parse_error(df->err_msg);
        dd_lint_emit(&c, NULL, df->err_pos, "%s", msg);
    }
    dd_df_free(df);
    return ok;
}
