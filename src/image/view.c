/* The final filesystem view: layers stacked in order with whiteouts applied.
 *
 * A tree of path components; one hash table keyed by (parent, name) finds a child in
 * O(1) whatever the directory size, so hostile layers with huge directories or many
 * whiteouts stay linear. Whiteouts of a layer apply only to the layers below it, so each
 * layer is applied in two passes: its whiteouts first, then its entries. Every file
 * version that stops being visible records the layer that deleted or replaced it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"
#include "image/image.h"
#include "image/walker.h"
#include "pkg/readers.h"

struct dd_view_node {
    dd_view_node *parent, *child, *next, *prev; /* tree; siblings doubly linked */
    dd_view_node *hnext;                         /* hash chain */
    char *name;
    dd_layer_entry *ent; /* visible version; NULL for a directory only implied by paths */
    int layer;           /* layer of `ent` */
    int created;         /* first layer of the path's current continuous existence */
};

struct dd_view_table {
    dd_view_node **b;
    size_t nb, n;
};

static uint64_t hash_key(const dd_view_node *parent, const char *name, size_t len)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)parent;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)name[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static void table_grow(struct dd_view_table *t)
{
    size_t nb = t->nb ? t->nb * 2 : 1024;
    dd_view_node **b = dd_xcalloc(nb, sizeof *b);
    for (size_t i = 0; i < t->nb; i++) {
        dd_view_node *n = t->b[i];
        while (n) {
            dd_view_node *nx = n->hnext;
            size_t k = hash_key(n->parent, n->name, strlen(n->name)) & (nb - 1);
            n->hnext = b[k];
            b[k] = n;
            n = nx;
        }
    }
    free(t->b);
    t->b = b;
    t->nb = nb;
}

static dd_view_node *find_child(const struct dd_view_table *t, const dd_view_node *parent,
                                const char *name, size_t len)
{
    if (!t->nb)
        return NULL;
    size_t k = hash_key(parent, name, len) & (t->nb - 1);
    for (dd_view_node *n = t->b[k]; n; n = n->hnext)
        if (n->parent == parent && strncmp(n->name, name, len) == 0 && n->name[len] == '\0')
            return n;
    return NULL;
}

static dd_view_node *add_child(struct dd_view_table *t, dd_view_node *parent, const char *name,
                               size_t len, int layer)
{
    if (t->n + 1 > t->nb / 2)
        table_grow(t);
    dd_view_node *n = dd_xcalloc(1, sizeof *n);
    n->parent = parent;
    n->name = dd_xstrndup(name, len);
    n->layer = layer;
    n->created = layer;
    size_t k = hash_key(parent, name, len) & (t->nb - 1);
    n->hnext = t->b[k];
    t->b[k] = n;
    n->next = parent->child;
    if (parent->child)
        parent->child->prev = n;
    parent->child = n;
    t->n++;
    return n;
}

static void mark_gone(dd_view_node *n, int layer, dd_gone_how how)
{
    if (n->ent && n->ent->gone_layer < 0) {
        n->ent->gone_layer = layer;
        n->ent->gone_how = (uint8_t)how;
    }
}

/* Unlink and free a subtree (marking every version in it gone). */
static void remove_node(struct dd_view_table *t, dd_view_node *n, int layer, dd_gone_how how)
{
    while (n->child)
        remove_node(t, n->child, layer, how);
    mark_gone(n, layer, how);
    size_t k = hash_key(n->parent, n->name, strlen(n->name)) & (t->nb - 1);
    for (dd_view_node **pp = &t->b[k]; *pp; pp = &(*pp)->hnext)
        if (*pp == n) {
            *pp = n->hnext;
            break;
        }
    if (n->prev)
        n->prev->next = n->next;
    else
        n->parent->child = n->next;
    if (n->next)
        n->next->prev = n->prev;
    t->n--;
    free(n->name);
    free(n);
}

static dd_view_node *lookup_node(const dd_image *img, const char *path)
{
    if (!img->root)
        return NULL;
    while (*path == '/')
        path++;
    dd_view_node *n = img->root;
    while (*path) {
        const char *s = strchr(path, '/');
        size_t len = s ? (size_t)(s - path) : strlen(path);
        if (len > 0 && !(len == 1 && path[0] == '.')) {
            n = find_child(img->table, n, path, len);
            if (!n)
                return NULL;
        }
        path += len;
        while (*path == '/')
            path++;
    }
    return n;
}

static bool is_dir_node(const dd_view_node *n)
{
    return !n->ent || n->ent->kind == DD_ENT_DIR;
}

static void apply_whiteout(dd_image *img, dd_layer_entry *ent, int li)
{
    dd_view_node *n = lookup_node(img, ent->path);
    if (!n || n == img->root)
        return;
    if (ent->kind == DD_ENT_WHITEOUT) {
        remove_node(img->table, n, li, DD_GONE_DELETED);
    } else {
        while (n->child)
            remove_node(img->table, n->child, li, DD_GONE_DELETED);
    }
}

static void apply_entry(dd_image *img, dd_layer_entry *ent, int li)
{
    struct dd_view_table *t = img->table;
    dd_view_node *n = img->root;
    const char *p = ent->path;
    for (;;) {
        const char *s = strchr(p, '/');
        size_t len = s ? (size_t)(s - p) : strlen(p);
        dd_view_node *c = find_child(t, n, p, len);
        if (!s) {
            if (c) {
                bool newdir = ent->kind == DD_ENT_DIR;
                if (!newdir || !is_dir_node(c))
                    while (c->child)
                        remove_node(t, c->child, li, DD_GONE_REPLACED);
                mark_gone(c, li, DD_GONE_REPLACED);
                /* A directory that stays a directory, or a file rewritten, continues the
                 * path's existence; a change of type starts a new one. */
                if (c->ent && c->ent->kind != ent->kind && !(newdir && !c->ent))
                    c->created = li;
            } else {
                c = add_child(t, n, p, len, li);
            }
            c->ent = ent;
            c->layer = li;
            return;
        }
        if (!c) {
            c = add_child(t, n, p, len, li);
        } else if (!is_dir_node(c)) {
            /* A file (or symlink) in the way of a directory: tar extraction replaces it. */
            mark_gone(c, li, DD_GONE_REPLACED);
            c->ent = NULL;
            c->layer = li;
            c->created = li;
        }
        n = c;
        p = s + 1;
    }
}

int dd_image_assemble(dd_image *img, dd_error *e)
{
    (void)e;
    img->table = dd_xcalloc(1, sizeof *img->table);
    img->root = dd_xcalloc(1, sizeof *img->root);
    img->root->name = dd_xstrdup("");
    img->size = 0;
    for (size_t li = 0; li < img->nlayers; li++) {
        dd_layer *l = &img->layers[li];
        img->size += l->size;
        for (size_t i = 0; i < l->n; i++)
            if (l->ent[i].kind == DD_ENT_WHITEOUT || l->ent[i].kind == DD_ENT_OPAQUE)
                apply_whiteout(img, &l->ent[i], (int)li);
        for (size_t i = 0; i < l->n; i++)
            if (l->ent[i].kind != DD_ENT_WHITEOUT && l->ent[i].kind != DD_ENT_OPAQUE)
                apply_entry(img, &l->ent[i], (int)li);
    }
    img->nfiles = img->table->n;
    return 0;
}

static void free_tree(dd_view_node *n)
{
    dd_view_node *c = n->child;
    while (c) {
        dd_view_node *nx = c->next;
        free_tree(c);
        c = nx;
    }
    free(n->name);
    free(n);
}

void dd_image_free(dd_image *img)
{
    if (!img)
        return;
    /* Iterative enough: depth is bounded by path length (PATH_MAX-ish in tar). */
    if (img->root)
        free_tree(img->root);
    if (img->table) {
        free(img->table->b);
        free(img->table);
    }
    for (size_t i = 0; i < img->nlayers; i++)
        dd_layer_free(&img->layers[i]);
    free(img->layers);
    for (size_t i = 0; i < img->nwarn; i++)
        free(img->warnings[i]);
    free(img->warnings);
    if (img->config)
        json_decref(img->config);
    if (img->tags)
        json_decref(img->tags);
    free(img->ref);
    free(img->id);
    free(img->manifest_digest);
    free(img);
}

const dd_layer_entry *dd_image_lookup(const dd_image *img, const char *path, int *layer)
{
    dd_view_node *n = lookup_node(img, path);
    if (!n || !n->ent)
        return NULL;
    if (layer)
        *layer = n->layer;
    return n->ent;
}

int dd_image_created_layer(const dd_image *img, const char *path)
{
    dd_view_node *n = lookup_node(img, path);
    return n ? n->created : -1;
}

/* Normalise a path the way a chroot sees it: '..' at the root stays at the root. */
static char *clamp_path(const char *in)
{
    size_t n = strlen(in);
    char *out = dd_xmalloc(n + 1);
    size_t o = 0;
    const char *p = in;
    while (*p) {
        const char *s = strchr(p, '/');
        size_t len = s ? (size_t)(s - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
        } else if (len > 0 && !(len == 1 && p[0] == '.')) {
            if (o > 0)
                out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p += len;
        if (*p == '/')
            p++;
    }
    out[o] = '\0';
    return out;
}

/* Resolve a path component by component, following symlinks (relative or absolute,
 * always inside the image root) at most 40 times, like the kernel. */
const dd_layer_entry *dd_image_resolve(const dd_image *img, const char *path, int *layer)
{
    char *cur = dd_xstrdup(path);
    int hops = 0;
    const dd_layer_entry *res = NULL;
    for (;;) {
        /* Find the first prefix of `cur` that is a symlink. */
        size_t len = strlen(cur);
        size_t i = 0;
        while (i < len && cur[i] == '/')
            i++;
        bool found_link = false;
        while (i <= len) {
            size_t j = i;
            while (j < len && cur[j] != '/')
                j++;
            char save = cur[j];
            cur[j] = '\0';
            dd_view_node *n = lookup_node(img, cur);
            cur[j] = save;
            if (!n)
                goto out;
            if (n->ent && n->ent->kind == DD_ENT_SYMLINK && n->ent->link) {
                if (++hops > 40)
                    goto out;
                /* Replace cur[0..j) by the link target, relative to its directory. */
                size_t dirend = i;
                while (dirend > 0 && cur[dirend - 1] == '/')
                    dirend--;
                char *next;
                const char *tgt = n->ent->link;
                if (tgt[0] == '/')
                    next = dd_xasprintf("%s%s", tgt, cur + j);
                else
                    next = dd_xasprintf("%.*s/%s%s", (int)dirend, cur, tgt, cur + j);
                char *clean = clamp_path(next);
                free(next);
                free(cur);
                cur = clean;
                found_link = true;
                break;
            }
            if (j >= len) {
                res = n->ent;
                if (layer)
                    *layer = n->layer;
                goto out;
            }
            i = j + 1;
        }
        if (!found_link)
            goto out;
    }
out:
    free(cur);
    return res;
}

static int cmp_node_name(const void *a, const void *b)
{
    const dd_view_node *x = *(dd_view_node *const *)a, *y = *(dd_view_node *const *)b;
    return strcmp(x->name, y->name);
}

static int walk_node(const dd_view_node *n, dd_image_visit_fn fn, void *ud, bool recurse)
{
    size_t cnt = 0;
    for (dd_view_node *c = n->child; c; c = c->next)
        cnt++;
    if (!cnt)
        return 0;
    dd_view_node **v = dd_xmalloc(cnt * sizeof *v);
    size_t k = 0;
    for (dd_view_node *c = n->child; c; c = c->next)
        v[k++] = c;
    qsort(v, cnt, sizeof *v, cmp_node_name);
    int rc = 0;
    for (size_t i = 0; i < cnt && rc >= 0; i++) {
        if (v[i]->ent)
            rc = fn(v[i]->ent, v[i]->layer, ud);
        if (rc >= 0 && recurse)
            rc = walk_node(v[i], fn, ud, true);
    }
    free(v);
    return rc;
}

int dd_image_walk(const dd_image *img, dd_image_visit_fn fn, void *ud)
{
    return img->root ? walk_node(img->root, fn, ud, true) : 0;
}

int dd_image_walk_dir(const dd_image *img, const char *dir, dd_image_visit_fn fn, void *ud)
{
    dd_view_node *n = lookup_node(img, dir);
    return n ? walk_node(n, fn, ud, true) : 0;
}

int dd_image_list_dir(const dd_image *img, const char *dir, dd_image_visit_fn fn, void *ud)
{
    dd_view_node *n = lookup_node(img, dir);
    return n ? walk_node(n, fn, ud, false) : 0;
}

/* ---- packages with their layer ---- */

typedef struct pkg_ref {
    const char *path;
    int layer;
    const dd_layer_entry *ent;
    const dd_package_list *list;
} pkg_ref;

static int cmp_pkg_ref(const void *a, const void *b)
{
    const pkg_ref *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (c)
        return c;
    return (x->layer > y->layer) - (x->layer < y->layer);
}

static bool str_eq0(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool list_has(const dd_package_list *l, const dd_package *p)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].type == p->type && str_eq0(l->v[i].name, p->name) &&
            str_eq0(l->v[i].version, p->version) && str_eq0(l->v[i].arch, p->arch))
            return true;
    return false;
}

static void copy_pkg(dd_package_list *out, const dd_package *p, const char *layer)
{
    dd_package *q = dd_package_list_add(out, p->type, p->name, p->version);
    q->arch = dd_xstrdup(p->arch);
    q->source_name = dd_xstrdup(p->source_name);
    q->source_version = dd_xstrdup(p->source_version);
    q->license = dd_xstrdup(p->license);
    q->path = dd_xstrdup(p->path);
    q->layer = dd_xstrdup(layer);
}

void dd_image_packages(const dd_image *img, dd_package_list *out)
{
    size_t nref = 0, cap = 0;
    pkg_ref *refs = NULL;
    for (size_t li = 0; li < img->nlayers; li++) {
        const dd_layer *l = &img->layers[li];
        for (size_t g = 0; g < l->npkgs; g++) {
            refs = dd_xgrow(refs, &cap, nref + 1, sizeof *refs);
            const dd_layer_entry *ent = &l->ent[l->pkgs[g].entry];
            refs[nref++] = (pkg_ref){ent->path, (int)li, ent, &l->pkgs[g].list};
        }
    }
    if (nref)
        qsort(refs, nref, sizeof *refs, cmp_pkg_ref);
    for (size_t i = 0; i < nref; i++) {
        if (refs[i].ent->gone_layer >= 0)
            continue; /* not the visible version */
        const dd_package_list *fin = refs[i].list;
        for (size_t k = 0; k < fin->n_notes; k++)
            dd_package_list_note(out, "%s", fin->notes[k]);
        for (size_t k = 0; k < fin->n; k++) {
            const dd_package *p = &fin->v[k];
            /* Walk back through earlier versions of the same file while each was replaced
             * directly by the next one and still lists the package. */
            int from = refs[i].layer;
            size_t j = i;
            while (j > 0 && strcmp(refs[j - 1].path, refs[i].path) == 0) {
                const pkg_ref *prev = &refs[j - 1];
                if (prev->ent->gone_how != DD_GONE_REPLACED ||
                    prev->ent->gone_layer != refs[j].layer || !list_has(prev->list, p))
                    break;
                from = prev->layer;
                j--;
            }
            copy_pkg(out, p, img->layers[from].digest);
        }
    }
    free(refs);
    /* os-release: /etc/os-release (usually a symlink to /usr/lib/os-release) first. */
    static const char *const osr[] = {"etc/os-release", "usr/lib/os-release"};
    for (size_t i = 0; i < DD_ARRAY_LEN(osr); i++) {
        const dd_layer_entry *ent = dd_image_resolve(img, osr[i], NULL);
        if (ent && ent->kind == DD_ENT_FILE && ent->data) {
            dd_error e = {0};
            if (dd_os_release_parse(ent->data, ent->data_len, &out->os, &e) == 0)
                break;
        }
    }
    dd_package_list_set_purls(out);
}
