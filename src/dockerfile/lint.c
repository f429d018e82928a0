/* The lint driver: run every row of the lint table over a parsed Dockerfile and apply the
 * pragmas (line, stage, global) and the configuration to what the rules report. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/lint_int.h"

bool dd_lint_id_matches(const char *id, size_t n, const dd_rule *r)
{
    return (strlen(r->id) == n && strncasecmp(id, r->id, n) == 0) ||
           (r->alias && strlen(r->alias) == n && strncasecmp(id, r->alias, n) == 0);
}

static bool id_matches(const char *id, const dd_rule *r)
{
    return dd_lint_id_matches(id, strlen(id), r);
}

static bool listed(char *const *ids, size_t n, const dd_rule *r)
{
    for (size_t i = 0; i < n; i++)
        if (id_matches(ids[i], r))
            return true;
    return false;
}

/* Pragmas are the Dockerfile author's word; disable-ignore-pragma takes it away. */
static bool pragma_ignored(const lint_ctx *c, const dd_df_instr *in, const dd_rule *r)
{
    if (c->cfg->no_pragmas)
        return false;
    if (listed(c->df->ignore, c->df->nignore, r))
        return true;
    if (!in)
        return false;
    if (listed(in->ignore, in->nignore, r))
        return true;
    return in->stage >= 0 && (size_t)in->stage < c->df->nstages &&
           listed(c->df->stages[in->stage].ignore, c->df->stages[in->stage].nignore, r);
}

/* The last override naming the rule wins (the command line comes after the file). */
static const dd_lint_override *override_for(const dd_lint_config *cfg, const dd_rule *r)
{
    const dd_lint_override *o = NULL;
    for (size_t i = 0; i < cfg->nsev; i++)
        if (id_matches(cfg->sev[i].id, r))
            o = &cfg->sev[i];
    return o;
}

void dd_lint_vreport(dd_report *rep, const dd_lint_config *cfg, const dd_rule *r, const char *path,
                     int line, int col, const char *fmt, va_list ap)
{
    if (listed(cfg->ignore, cfg->nignore, r))
        return;
    dd_severity sev = r->severity;
    const dd_lint_override *o = override_for(cfg, r);
    if (o) {
        if (o->off)
            return;
        sev = o->sev;
    }
    /* Most messages are short: format them on the stack and let the report copy them
     * once, instead of two heap formattings per finding. */
    char small[256];
    _cleanup_free_ char *big = NULL;
    const char *msg = small;
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(small, sizeof small, fmt, ap);
    if (len < 0) {
        msg = r->title;
    } else if ((size_t)len >= sizeof small) {
        if (vasprintf(&big, fmt, again) < 0)
            big = NULL;
        msg = big ? big : r->title;
    }
    va_end(again);
    dd_finding *f = dd_report_add(rep, r, DD_STATUS_FAIL, path, "%s", msg);
    f->path = dd_xstrdup(path);
    f->line = line;
    f->column = col;
    f->severity = sev;
}

void dd_lint_emit(lint_ctx *c, const dd_df_instr *in, dd_df_pos pos, const char *fmt, ...)
{
    const dd_rule *r = &c->rule->rule;
    if (pragma_ignored(c, in, r))
        return;
    va_list ap;
    va_start(ap, fmt);
    dd_lint_vreport(c->r, c->cfg, r, c->path, pos.line, pos.col, fmt, ap);
    va_end(ap);
}

/* An optional rule (hadolint's "ignore" severity, like DL1001) runs only when the
 * configuration gives it a severity. */
static bool enabled(const dd_lint_config *cfg, const dd_rule *r)
{
    if (!(r->flags & DD_RULE_OPTIONAL))
        return true;
    const dd_lint_override *o = override_for(cfg, r);
    return o && !o->off;
}

void dd_lint_run(const dd_dockerfile *df, const char *path, const dd_lint_config *cfg,
                 dd_report *r)
{
    static dd_lint_config none = {.no_color = -1};
    lint_ctx c = {.df = df, .path = path, .cfg = cfg ? cfg : &none, .r = r};
    c.final = df->nstages ? (int)df->nstages - 1 : -1;
    bool ships_small[64] = {0};
    const dd_df_instr *view_small[256];
    c.ships = df->nstages <= 64 ? ships_small : dd_xcalloc(df->nstages, sizeof(bool));
    c.view = df->n <= 256 ? view_small : dd_xmalloc(df->n * sizeof *c.view);
    /* The final stage ships, and so does every stage it is built FROM. */
    for (int s = c.final; s >= 0; s = df->stages[s].from_stage)
        if (c.ships[s])
            break;
        else
            c.ships[s] = true;
    for (size_t i = 0; i < df->n; i++) {
        c.view[i] = df->ins[i].sub ? df->ins[i].sub : &df->ins[i];
        FOR_CMD(c.view[i], k)
            c.tools |= tool_bit(dd_sh_name(k));
    }
    for (size_t i = 0; i < dd_lint_table.n; i++) {
        const dd_lint_rule *row = (const dd_lint_rule *)dd_rule_table_at(&dd_lint_table, i);
        if (!row->check || !enabled(c.cfg, &row->rule))
            continue;
        c.rule = row;
        row->check(&c);
    }
    if (c.ships != ships_small)
        free(c.ships);
    if (c.view != view_small)
        free(c.view);
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
    static dd_lint_config none = {.no_color = -1};
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
