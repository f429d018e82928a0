/* The final filesystem view: layers stacked in order with whiteouts applied.
 *
 * A tree of path components; one hash table keyed by (parent, name) finds a child in
 * O(1) whatever the directory size, so hostile layers with huge directories or many
 * whiteouts stay linear. Whiteouts of a layer apply only to the layers below it, so each
 * layer is applied in two passes: its whiteouts first, then its entries. Every file
 * version that stops being visible records the layer that deleted or replaced it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "core/term.h"
#include "image/image.h"
#include "image/walker.h"
#include "pkg/readers.h"

struct dd_view_node {
    dd_view_node *parent, *child, *next, *prev; /* tree; siblings doubly linked */
    dd_view_node *hnext;                        /* hash chain */
    char *name;
    dd_layer_entry *ent; /* visible version; NULL for a directory only implied by paths */
    int layer;           /* layer of `ent` */
    int created;         /* first layer of the path's current continuous existence */
    unsigned depth;      /* components from the root */
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
    n->depth = parent->depth + 1;
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

/* The path of a node from the root, without a leading '/'. Caller frees. */
static char *node_path(const dd_view_node *n)
{
    size_t len = 0;
    for (const dd_view_node *p = n; p->parent; p = p->parent)
        len += strlen(p->name) + 1;
    char *out = dd_xmalloc(len + 1);
    out[len ? len - 1 : 0] = '\0';
    size_t end = len ? len - 1 : 0;
    for (const dd_view_node *p = n; p->parent; p = p->parent) {
        size_t k = strlen(p->name);
        end -= k;
        memcpy(out + end, p->name, k);
        if (end > 0)
            out[--end] = '/';
    }
    return out;
}

/* ---- applying a layer the way docker does ----
 *
 * docker (the vfs and naive-diff graph drivers, which the private test daemon uses) applies
 * a layer by extracting its tar, entry after entry in tar order, inside a chroot at the
 * filesystem made by the layers below: every parent directory of an entry is resolved by
 * the kernel, so a symlink in it is followed (absolute targets from the image root, '..'
 * stopping at the root) and the entry lands where the symlink leads. Missing parents of
 * the entry's own path are created (MkdirAll); a parent that is a file, a dangling symlink
 * or a symlink loop makes docker refuse the whole layer. The last component is never
 * followed: an entry replaces whatever has its name, except that a directory merges into
 * a directory. `.wh.NAME` removes NAME where the resolved parent is; `.wh..wh..opq` empties
 * its directory (when that is a directory, not a symlink to one) of everything but what
 * this layer has already written under that very path. tests/e2e/scan_docker_view.sh
 * compares every one of these cases with what `docker export` of the same image holds. */

/* Kernel limits docker runs into: 40 symlinks per lookup, PATH_MAX for a symlink body. */
#define MAX_HOPS 40
#define MAX_LINK 4095
/* Component steps spent resolving paths in one image: symlinks chained to long targets
 * make each lookup cost up to MAX_HOPS * MAX_LINK bytes; real images stay far below. */
#define MAX_STEPS (64u << 20)

typedef struct applier {
    dd_image *img;
    size_t li;
    const char *lname;
    uint64_t steps;
    char why[512];
} applier;

typedef struct seg {
    char *s;
    size_t pos;
    bool link; /* from a symlink's target: docker never creates a directory there */
} seg;

/* Resolve directory `dir` (a normalised path, "" for the root) following every symlink.
 * Creates missing directories of `dir` itself when `create`. Returns NULL with a->why set
 * when docker could not get there. *moved tells whether a symlink was followed. */
static dd_view_node *walk_to_dir(applier *a, const char *dir, bool create, bool *moved)
{
    struct dd_view_table *t = a->img->table;
    dd_view_node *cur = a->img->root;
    seg st[MAX_HOPS + 2];
    int top = 0, hops = 0;
    st[0] = (seg){dd_xstrdup(dir), 0, false};
    dd_view_node *res = NULL;
    while (top >= 0) {
        seg *sg = &st[top];
        while (sg->s[sg->pos] == '/')
            sg->pos++;
        if (!sg->s[sg->pos]) {
            free(sg->s);
            top--;
            continue;
        }
        const char *comp = sg->s + sg->pos;
        size_t len = strcspn(comp, "/");
        sg->pos += len;
        if (++a->steps > MAX_STEPS) {
            snprintf(a->why, sizeof a->why, "resolving symlinks took more than %u steps",
                     MAX_STEPS);
            goto out;
        }
        if (len == 1 && comp[0] == '.')
            continue;
        if (len == 2 && comp[0] == '.' && comp[1] == '.') {
            if (cur->parent)
                cur = cur->parent;
            continue;
        }
        dd_view_node *c = find_child(t, cur, comp, len);
        if (!c) {
            if (!create || sg->link) {
                snprintf(a->why, sizeof a->why, "'%.*s' does not exist%s", (int)len, comp,
                         sg->link ? " (reached through a symlink)" : "");
                goto out;
            }
            if (cur->depth >= DD_IMAGE_MAX_DEPTH) {
                snprintf(a->why, sizeof a->why, "directories nested more than %u deep",
                         DD_IMAGE_MAX_DEPTH);
                goto out;
            }
            c = add_child(t, cur, comp, len, (int)a->li); /* MkdirAll */
        } else if (c->ent && c->ent->kind == DD_ENT_SYMLINK) {
            if (++hops > MAX_HOPS) {
                snprintf(a->why, sizeof a->why, "too many levels of symbolic links at '%.*s'",
                         (int)len, comp);
                goto out;
            }
            *moved = true;
            st[++top] = (seg){dd_xstrdup(c->ent->link), 0, true};
            if (c->ent->link[0] == '/')
                cur = a->img->root;
            continue;
        } else if (!is_dir_node(c)) {
            snprintf(a->why, sizeof a->why, "'%.*s' is not a directory", (int)len, comp);
            goto out;
        }
        cur = c;
    }
    res = cur;
out:
    for (; top >= 0; top--)
        free(st[top].s);
    return res;
}

/* Split "a/b/c" into dir "a/b" (written into buf) and base "c". */
static const char *split_path(const char *path, char **dir)
{
    const char *slash = strrchr(path, '/');
    *dir = slash ? dd_xstrndup(path, (size_t)(slash - path)) : dd_xstrdup("");
    return slash ? slash + 1 : path;
}

static const char *lexical(const dd_layer_entry *ent)
{
    return ent->written_as ? ent->written_as : ent->path;
}

/* Everything below `n` goes, except what this layer wrote under the same name docker's
 * walk of the opaque directory sees (`lex`: the directory as the opaque entry names it). */
static void clear_opaque(applier *a, dd_view_node *n, const char *lex)
{
    dd_view_node *c = n->child;
    while (c) {
        dd_view_node *next = c->next;
        char *clex = lex[0] ? dd_xasprintf("%s/%s", lex, c->name) : dd_xstrdup(c->name);
        if (c->ent && (size_t)c->layer == a->li && strcmp(lexical(c->ent), clex) == 0)
            clear_opaque(a, c, clex);
        else
            remove_node(a->img->table, c, (int)a->li, DD_GONE_DELETED);
        free(clex);
        c = next;
    }
}

/* Record where the entry really is when a symlink moved it. */
static void set_resolved(dd_layer_entry *ent, char *resolved)
{
    if (strcmp(resolved, ent->path) == 0) {
        free(resolved);
        return;
    }
    ent->written_as = ent->path;
    ent->path = resolved;
}

static int refuse(applier *a, const dd_layer_entry *ent, dd_error *e)
{
    return dd_error_set(e, DD_ERR_INPUT, 0,
                        "image %s: layer %s: %s: docker cannot apply this layer: %s", a->img->ref,
                        a->lname, lexical(ent), a->why);
}

static int apply_entry(applier *a, dd_layer_entry *ent, dd_error *e)
{
    struct dd_view_table *t = a->img->table;
    int li = (int)a->li;
    _cleanup_free_ char *dir = NULL;
    const char *base = split_path(ent->path, &dir);
    bool moved = false;
    if (ent->kind == DD_ENT_OPAQUE && !ent->path[0]) {
        clear_opaque(a, a->img->root, "");
        return 0;
    }
    dd_view_node *pd = walk_to_dir(a, dir, true, &moved);
    if (!pd)
        return refuse(a, ent, e);
    size_t blen = strlen(base);
    dd_view_node *c = find_child(t, pd, base, blen);
    if (ent->kind == DD_ENT_WHITEOUT) {
        if (c)
            remove_node(t, c, li, DD_GONE_DELETED);
        c = NULL;
    } else if (ent->kind == DD_ENT_OPAQUE) {
        if (!c)
            c = add_child(t, pd, base, blen, li); /* MkdirAll, then nothing to hide */
        else if (is_dir_node(c))
            clear_opaque(a, c, ent->path);
    } else {
        if (ent->kind == DD_ENT_SYMLINK && strlen(ent->link) > MAX_LINK) {
            snprintf(a->why, sizeof a->why, "a symlink target longer than %u bytes", MAX_LINK);
            return refuse(a, ent, e);
        }
        if (ent->kind == DD_ENT_HARDLINK) {
            /* link(2): the target's parents are resolved, its last component is not. */
            _cleanup_free_ char *tdir = NULL;
            const char *tbase = split_path(ent->link, &tdir);
            bool tmoved = false;
            dd_view_node *td = walk_to_dir(a, tdir, false, &tmoved);
            dd_view_node *tn = td ? find_child(t, td, tbase, strlen(tbase)) : NULL;
            if (!tn || is_dir_node(tn)) {
                snprintf(a->why, sizeof a->why, "hard link target '%s' %s", ent->link,
                         !tn ? "does not exist" : "is a directory");
                return refuse(a, ent, e);
            }
            if (tmoved) {
                free(ent->link);
                ent->link = node_path(tn);
            }
        }
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
            if (pd->depth >= DD_IMAGE_MAX_DEPTH) {
                snprintf(a->why, sizeof a->why, "directories nested more than %u deep",
                         DD_IMAGE_MAX_DEPTH);
                return refuse(a, ent, e);
            }
            c = add_child(t, pd, base, blen, li);
        }
        c->ent = ent;
        c->layer = li;
    }
    if (moved) {
        if (c)
            set_resolved(ent, node_path(c));
        else {
            _cleanup_free_ char *pp = node_path(pd);
            set_resolved(ent, pp[0] ? dd_xasprintf("%s/%s", pp, base) : dd_xstrdup(base));
        }
    }
    return 0;
}

int dd_image_assemble(dd_image *img, dd_error *e)
{
    img->table = dd_xcalloc(1, sizeof *img->table);
    img->root = dd_xcalloc(1, sizeof *img->root);
    img->root->name = dd_xstrdup("");
    img->size = 0;
    applier a = {.img = img};
    for (size_t li = 0; li < img->nlayers; li++) {
        dd_layer *l = &img->layers[li];
        a.li = li;
        a.lname = l->digest ? l->digest : l->name ? l->name : "?";
        img->size += l->size;
        for (size_t i = 0; i < l->n; i++)
            if (apply_entry(&a, &l->ent[i], e) < 0)
                return -1;
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

void dd_image_view_drop(dd_image *img)
{
    if (img->root)
        free_tree(img->root);
    if (img->table) {
        free(img->table->b);
        free(img->table);
    }
    img->root = NULL;
    img->table = NULL;
    for (size_t li = 0; li < img->nlayers; li++)
        for (size_t i = 0; i < img->layers[li].n; i++) {
            img->layers[li].ent[i].gone_layer = -1;
            img->layers[li].ent[i].gone_how = DD_GONE_NO;
        }
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
    dd_notes_free(&img->notes);
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
                /* as a chroot sees it: '..' at the root stays at the root */
                char *clean = dd_xmalloc(strlen(next) + 1);
                dd_path_normalise(next, clean, true, 0);
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

/* ---- the file list, as `tar -tv` of `docker export` shows it ---- */

static int list_node(const dd_view_node *n, FILE *out)
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
        const dd_layer_entry *e = v[i]->ent;
        static const char kinds[] = {'-', 'd', 'l', 'h', 'o', 'w', 'w'};
        _cleanup_free_ char *path = node_path(v[i]);
        /* A directory docker made for a missing parent (MkdirAll) has mode 0600. */
        /* Symlinks have no mode of their own (0777 whatever the tar says). */
        unsigned mode = !e ? 0600u : e->kind == DD_ENT_SYMLINK ? 0777u : e->mode;
        /* Names come from the image: escaped for the terminal (core/term.h). */
        fprintf(out, "%c %04o %llu /", e ? kinds[e->kind % sizeof kinds] : 'd', mode,
                e ? (unsigned long long)e->size : 0ull);
        dd_term_write(out, path, false);
        if (e && (e->kind == DD_ENT_SYMLINK || e->kind == DD_ENT_HARDLINK)) {
            fputs(e->kind == DD_ENT_SYMLINK ? " -> " : " link to /", out);
            dd_term_write(out, e->link, false);
        }
        fputc('\n', out);
        rc = list_node(v[i], out);
    }
    free(v);
    return ferror(out) ? -1 : rc;
}

int dd_image_list(const dd_image *img, FILE *out)
{
    return img->root ? list_node(img->root, out) : 0;
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
    q->supplier = dd_xstrdup(p->supplier);
    q->sha1 = dd_xstrdup(p->sha1);
    q->path = dd_xstrdup(p->path);
    q->layer = dd_xstrdup(layer);
}

/* The licence kept for the copyright file visible at `path`, following symlinks inside
 * the image (Debian links the doc directory of a library to its source's: libgcc-s1 ->
 * gcc-12-base) and one hard link. */
static char *image_copyright(void *ud, const char *path)
{
    const dd_image *img = ud;
    int li = -1;
    const dd_layer_entry *ent = dd_image_resolve(img, path, &li);
    if (ent && ent->kind == DD_ENT_HARDLINK)
        ent = dd_image_lookup(img, ent->link, &li);
    if (!ent || ent->kind != DD_ENT_FILE || li < 0)
        return NULL;
    size_t idx = (size_t)(ent - img->layers[li].ent);
    /* A layer listed twice keeps what was read of its files with its last listing. */
    const dd_layer *l = &img->layers[li];
    if (l->contents_at)
        l = &img->layers[l->contents_at - 1];
    size_t lo = 0, hi = l->nlic;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->lic[mid].entry < idx)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->nlic && l->lic[lo].entry == idx ? dd_xstrdup(l->lic[lo].license) : NULL;
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
        for (size_t k = 0; k < fin->notes.n; k++)
            dd_notes_add(&out->notes, fin->notes.v[k].limit, "%s", fin->notes.v[k].text);
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
    dd_pkg_dpkg_licenses(out, image_copyright, (void *)img);
    dd_package_list_set_purls(out);
}
