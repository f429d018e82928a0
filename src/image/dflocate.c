#include "image/dflocate.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "dockerfile/dockerfile.h"
#include "image/history.h"

struct dd_df_map {
    char *path;
    dd_dockerfile *df;
};

dd_df_map *dd_df_map_parse(const char *path, const char *data, size_t len, dd_error *e)
{
    dd_dockerfile *df = dd_df_parse(data ? data : "", len);
    if (df->failed) {
        dd_error_set(e, DD_ERR_INPUT, 0, "%s:%d: %s", path, df->err_pos.line, df->err_msg);
        dd_df_free(df);
        return NULL;
    }
    if (!df->nstages) {
        dd_error_set(e, DD_ERR_INPUT, 0, "%s: no FROM: not a Dockerfile", path);
        dd_df_free(df);
        return NULL;
    }
    dd_df_map *m = dd_xcalloc(1, sizeof *m);
    m->path = dd_xstrdup(path);
    m->df = df;
    return m;
}

dd_df_map *dd_df_map_open(const char *path, dd_error *e)
{
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, DD_DF_MAX_FILE) < 0) {
        dd_error_set(e, DD_ERR_USAGE, errno, "--dockerfile %s: %s", path, dd_file_strerror(errno));
        return NULL;
    }
    return dd_df_map_parse(path, b.data, b.len, e);
}

void dd_df_map_free(dd_df_map *m)
{
    if (!m)
        return;
    dd_df_free(m->df);
    free(m->path);
    free(m);
}

/* The instructions an image built from stage `s` ran, oldest first: those of every stage
 * it is built FROM, then its own; FROMs left out. `root` is the stage whose FROM names the
 * base image. Caller frees the array. */
static const dd_df_instr **chain_of(const dd_dockerfile *df, size_t s, size_t *n, size_t *root)
{
    size_t order[64], depth = 0;
    for (int k = (int)s; k >= 0 && depth < DD_ARRAY_LEN(order); k = df->stages[k].from_stage) {
        order[depth++] = (size_t)k;
        if (df->stages[k].from_stage >= k)
            break; /* the parser links to earlier stages only; never loop on a bad link */
    }
    *root = order[depth - 1];
    size_t total = 0;
    for (size_t d = 0; d < depth; d++)
        total += df->stages[order[d]].last - df->stages[order[d]].first + 1;
    const dd_df_instr **v = dd_xcalloc(total ? total : 1, sizeof *v);
    *n = 0;
    for (size_t d = depth; d-- > 0;) {
        const dd_df_stage *st = &df->stages[order[d]];
        for (size_t i = st->first; i <= st->last && i < df->n; i++)
            if (df->ins[i].kind != DD_DF_FROM && df->ins[i].stage == (int)order[d])
                v[(*n)++] = &df->ins[i];
    }
    return v;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* The same command, whitespace aside: builders join continuation lines as written. Word by
 * word: `a` is `alen` bytes, `b` NUL-terminated. */
static bool same_command(const char *a, size_t alen, const char *b)
{
    const char *ae = a + alen;
    for (;;) {
        while (a < ae && is_space(*a))
            a++;
        while (*b && is_space(*b))
            b++;
        if (a == ae || !*b)
            return a == ae && !*b;
        while (a < ae && *b && !is_space(*a) && *a == *b) {
            a++;
            b++;
        }
        if (!(a == ae || is_space(*a)) || !(!*b || is_space(*b)))
            return false;
    }
}

typedef struct placed {
    int *hline; /* per history entry: its line (base image entries: the root FROM) */
    size_t nh;
    size_t *layer_hist; /* per layer: its history entry */
    const dd_df_instr **chain;
    size_t nchain;
    int final_from, root_from;
    char why[320];
} placed;

/* Match history entries to the chain from the top down; false with `why` on a mismatch. */
static bool align(placed *p, json_t *hist, const char *path)
{
    size_t k = p->nchain;
    size_t hi = p->nh;
    while (k > 0) {
        const dd_df_instr *in = p->chain[k - 1];
        if (hi == 0) {
            snprintf(p->why, sizeof p->why,
                     "the image has fewer build steps than %s has instructions (%s at line %d "
                     "matches none)",
                     path, in->keyword, in->pos.line);
            return false;
        }
        const char *body;
        size_t blen;
        const char *cb =
            json_string_value(json_object_get(json_array_get(hist, hi - 1), "created_by"));
        dd_df_kind hk = dd_history_kind(cb, &body, &blen);
        if (hk == in->kind) {
            if (in->kind == DD_DF_RUN && !in->json && !in->nheredocs &&
                !same_command(body, blen, in->args_raw)) {
                snprintf(p->why, sizeof p->why,
                         "%s:%d: RUN is not the command of build step %zu (%.80s)", path,
                         in->pos.line, hi, body);
                return false;
            }
            p->hline[hi - 1] = in->pos.line;
            hi--;
            k--;
            continue;
        }
        if (hk == DD_DF_LABEL && k == p->nchain) {
            /* `docker build --label`: the classic builder records it as a last LABEL step */
            hi--;
            continue;
        }
        if (in->kind == DD_DF_ARG) { /* a builder that records no step for an ARG */
            k--;
            continue;
        }
        snprintf(p->why, sizeof p->why, "%s:%d: %s is not build step %zu of the image (%.80s)",
                 path, in->pos.line, in->keyword, hi, cb ? cb : "");
        return false;
    }
    for (size_t i = 0; i < hi; i++)
        p->hline[i] = p->root_from;
    return true;
}

/* The last instruction of kind `kind` in the chain (with a key/value `key` when given). */
static int last_setting(const placed *p, dd_df_kind kind, const char *key)
{
    for (size_t k = p->nchain; k-- > 0;) {
        const dd_df_instr *in = p->chain[k];
        if (in->kind != kind)
            continue;
        if (!key)
            return in->pos.line;
        for (size_t j = 0; j < in->nkvs; j++)
            if (strcmp(in->kvs[j].key, key) == 0)
                return in->pos.line;
    }
    return 0;
}

static int line_of(const placed *p, const dd_image *img, const dd_finding *f)
{
    json_t *props = f->props;
    json_int_t step = json_integer_value(json_object_get(props, "history_step"));
    if (step >= 1 && (size_t)step <= p->nh)
        return p->hline[step - 1];
    json_t *li = json_object_get(props, "layer_index");
    long layer = json_is_integer(li) ? (long)json_integer_value(li) : -1;
    const char *digest = json_string_value(json_object_get(props, "layer"));
    for (size_t i = 0; layer < 0 && digest && i < img->nlayers; i++)
        if (img->layers[i].digest && strcmp(img->layers[i].digest, digest) == 0)
            layer = (long)i;
    if (layer >= 0 && (size_t)layer < img->nlayers)
        return p->hline[p->layer_hist[layer]];
    const char *ins = json_string_value(json_object_get(props, "instruction"));
    if (ins) {
        int line =
            last_setting(p, dd_df_kind_from(ins), json_string_value(json_object_get(props, "key")));
        /* Not set by this Dockerfile: inherited from the base image, or never set. */
        return line ? line : json_object_get(props, "key") ? p->root_from : p->final_from;
    }
    return p->final_from;
}

void dd_df_map_apply(const dd_df_map *m, const dd_image *img, dd_report *r, size_t first)
{
    json_object_set_new(r->meta, "dockerfile", json_string(m->path));
    const dd_dockerfile *df = m->df;
    json_t *hist = json_object_get(img->config, "history");
    placed p = {.nh = json_array_size(hist)};
    if (!p.nh) {
        dd_notes_add(&r->notes, NULL,
                     "--dockerfile %s: image %s records no build history: its findings are not "
                     "placed on the file's lines",
                     m->path, img->ref);
        return;
    }
    /* Layers are the history entries that are not empty_layer, in order. */
    p.layer_hist = dd_xcalloc(img->nlayers ? img->nlayers : 1, sizeof *p.layer_hist);
    size_t nl = 0;
    for (size_t i = 0; i < p.nh; i++) {
        if (json_is_true(json_object_get(json_array_get(hist, i), "empty_layer")))
            continue;
        if (nl < img->nlayers)
            p.layer_hist[nl] = i;
        nl++;
    }
    p.hline = dd_xcalloc(p.nh, sizeof *p.hline);
    bool ok = false;
    if (nl != img->nlayers) {
        snprintf(p.why, sizeof p.why, "its history lists %zu layers, its root filesystem %zu", nl,
                 img->nlayers);
    } else {
        /* The last stage is what `docker build` builds; a build with --target another. */
        char first_why[sizeof p.why] = "";
        for (size_t s = df->nstages; s-- > 0 && !ok;) {
            size_t root;
            free(p.chain);
            p.chain = chain_of(df, s, &p.nchain, &root);
            p.final_from = df->stages[s].first < df->n ? df->ins[df->stages[s].first].pos.line : 1;
            p.root_from =
                df->stages[root].first < df->n ? df->ins[df->stages[root].first].pos.line : 1;
            memset(p.hline, 0, p.nh * sizeof *p.hline);
            ok = align(&p, hist, m->path);
            if (!ok && !first_why[0])
                memcpy(first_why, p.why, sizeof first_why);
        }
        if (!ok)
            memcpy(p.why, first_why, sizeof p.why);
    }
    if (!ok) {
        dd_notes_add(&r->notes, NULL,
                     "--dockerfile %s does not match image %s: %s; its findings are not placed "
                     "on the file's lines",
                     m->path, img->ref, p.why);
    } else {
        for (size_t i = first; i < r->n; i++) {
            dd_finding *f = &r->items[i];
            int line = line_of(&p, img, f);
            if (line <= 0)
                continue;
            if (!f->props)
                f->props = json_object();
            json_object_set_new(f->props, "dockerfile_line", json_integer(line));
        }
    }
    free(p.chain);
    free(p.hline);
    free(p.layer_hist);
}
