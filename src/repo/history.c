/* Secrets in the git history: every commit reachable from any ref (and HEAD), oldest first,
 * each tree and each blob read once whatever the number of commits that share it (a set of
 * object ids), so the cost is the size of the distinct content, not commits x files. The
 * first commit that holds a blob is the one named. A secret whose blob is exactly the
 * working-tree file at that path is left to the tree scan (no duplicate finding).
 *
 * The object store (loose objects, packs, deltas) is read by libgit2. */
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "repo/gitignore.h"
#include "repo/repo_int.h"

#define MAX_TREE_DEPTH 256

/* A set of object ids (open addressing; ids are already uniformly random). */
typedef struct oidset {
    git_oid *v;
    unsigned char *used;
    size_t mask, n;
} oidset;

static bool oidset_add(oidset *s, const git_oid *id)
{
    if (2 * (s->n + 1) > s->mask) {
        size_t cap = s->mask ? 2 * (s->mask + 1) : 4096;
        git_oid *v = dd_xcalloc(cap, sizeof *v);
        unsigned char *used = dd_xcalloc(cap, 1);
        for (size_t i = 0; s->mask && i <= s->mask; i++) {
            if (!s->used[i])
                continue;
            size_t h;
            memcpy(&h, s->v[i].id, sizeof h);
            for (h &= cap - 1; used[h]; h = (h + 1) & (cap - 1))
                ;
            v[h] = s->v[i];
            used[h] = 1;
        }
        free(s->v);
        free(s->used);
        s->v = v;
        s->used = used;
        s->mask = cap - 1;
    }
    size_t h;
    memcpy(&h, id->id, sizeof h);
    for (h &= s->mask; s->used[h]; h = (h + 1) & s->mask)
        if (git_oid_equal(&s->v[h], id))
            return false;
    s->v[h] = *id;
    s->used[h] = 1;
    s->n++;
    return true;
}

typedef struct hist {
    git_repository *repo;
    const char *dir;
    const char *target;
    const dd_repo_opts *o;
    dd_report *r;
    dd_repo_stats *st;
    dd_secret_scratch *scr;
    oidset seen;
    char commit[16];
    char date[16];
    const git_oid *blob; /* the blob being scanned */
    const char *path;
    int in_worktree; /* -1 not yet known, 0 no, 1 yes */
    dd_error *e;
} hist;

/* Does the working tree hold exactly this blob at this path? Then the tree scan already
 * reported what is in it. */
static bool same_as_worktree(hist *h)
{
    if (h->in_worktree < 0) {
        h->in_worktree = 0;
        _cleanup_free_ char *full = dd_xasprintf("%s/%s", h->dir, h->path);
        git_oid wid;
        if (git_odb_hashfile(&wid, full, GIT_OBJECT_BLOB) == 0 && git_oid_equal(&wid, h->blob))
            h->in_worktree = 1;
    }
    return h->in_worktree == 1;
}

static int on_secret(const dd_secret_match *m, void *ud)
{
    hist *h = ud;
    if (same_as_worktree(h))
        return -1;
    dd_finding *f = dd_report_add(h->r, dd_repo_rule_history, DD_STATUS_FAIL, h->target,
                                  "%s (%s: %s) in %s at commit %s (%s), not in the working tree "
                                  "but in every clone",
                                  m->rule->title, m->rule->id, m->masked ? m->masked : "****",
                                  h->path, h->commit, h->date);
    f->path = dd_xstrdup(h->path);
    f->line = m->line;
    f->column = m->column;
    f->props = json_pack("{s:s, s:s, s:s}", "commit", h->commit, "secret_rule", m->rule->id, "date",
                         h->date);
    return 0;
}

static int walk_tree(hist *h, git_tree *tree, const char *prefix, int depth)
{
    if (depth > MAX_TREE_DEPTH)
        return 0;
    size_t n = git_tree_entrycount(tree);
    for (size_t i = 0; i < n; i++) {
        const git_tree_entry *te = git_tree_entry_byindex(tree, i);
        const git_oid *id = git_tree_entry_id(te);
        _cleanup_free_ char *path = prefix[0]
                                        ? dd_xasprintf("%s/%s", prefix, git_tree_entry_name(te))
                                        : dd_xstrdup(git_tree_entry_name(te));
        git_object_t type = git_tree_entry_type(te);
        if (type == GIT_OBJECT_TREE) {
            if (dd_repo_skipped(h->o, path, true) || !oidset_add(&h->seen, id))
                continue;
            git_tree *sub = NULL;
            if (git_tree_lookup(&sub, h->repo, id) < 0)
                continue; /* a shallow clone or a missing object: nothing to read */
            int rc = walk_tree(h, sub, path, depth + 1);
            git_tree_free(sub);
            if (rc < 0)
                return -1;
        } else if (type == GIT_OBJECT_BLOB) {
            if (git_tree_entry_filemode(te) == GIT_FILEMODE_LINK ||
                dd_repo_skipped(h->o, path, false) || !oidset_add(&h->seen, id))
                continue;
            git_blob *b = NULL;
            if (git_blob_lookup(&b, h->repo, id) < 0)
                continue;
            h->st->blobs++;
            const void *data = git_blob_rawcontent(b);
            size_t len = (size_t)git_blob_rawsize(b);
            if (len > DD_SECRET_MAX_FILE)
                len = DD_SECRET_MAX_FILE;
            h->blob = id;
            h->path = path;
            h->in_worktree = -1;
            dd_error se = {0};
            if (h->o->scan_binaries)
                dd_secret_scan_binary(h->o->scanner, h->scr, path, data, len, on_secret, h, &se);
            else
                dd_secret_scan(h->o->scanner, h->scr, path, data, len, on_secret, h, &se);
            git_blob_free(b);
        }
    }
    return 0;
}

static int git_fail(dd_error *e, const char *dir, const char *what)
{
    const git_error *ge = git_error_last();
    return dd_error_set(e, DD_ERR_RUN, 0, "%s: %s: %s", dir, what,
                        ge && ge->message ? ge->message : "libgit2 error");
}

int dd_repo_git_history(const char *dir, const char *target, const dd_repo_opts *o, dd_report *r,
                        dd_repo_stats *stats, dd_error *e)
{
    git_libgit2_init();
    hist h = {.dir = dir, .target = target, .o = o, .r = r, .st = stats, .e = e};
    int rc = -1;
    git_revwalk *walk = NULL;
    if (git_repository_open_ext(&h.repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
        git_fail(e, dir, "--git-history: not the top of a git repository");
        goto out;
    }
    h.scr = dd_secret_scratch_new(o->scanner);
    if (!h.scr) {
        dd_error_set(e, DD_ERR_RUN, 0, "cannot allocate secret-scanner scratch space");
        goto out;
    }
    if (git_revwalk_new(&walk, h.repo) < 0) {
        git_fail(e, dir, "cannot walk the history");
        goto out;
    }
    git_revwalk_sorting(walk, GIT_SORT_TIME | GIT_SORT_REVERSE);
    /* Every ref (branches, tags, remotes, stashes) and HEAD; an empty repository has none. */
    git_revwalk_push_glob(walk, "refs/*");
    git_revwalk_push_head(walk);
    git_oid id;
    while (git_revwalk_next(&id, walk) == 0) {
        git_commit *c = NULL;
        if (git_commit_lookup(&c, h.repo, &id) < 0)
            continue;
        stats->commits++;
        git_oid_tostr(h.commit, 9, &id);
        time_t t = (time_t)git_commit_time(c);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(h.date, sizeof h.date, "%Y-%m-%d", &tm);
        git_tree *tree = NULL;
        int trc = 0;
        if (git_commit_tree(&tree, c) == 0) {
            if (oidset_add(&h.seen, git_tree_id(tree)))
                trc = walk_tree(&h, tree, "", 0);
            git_tree_free(tree);
        }
        git_commit_free(c);
        if (trc < 0)
            goto out;
    }
    rc = 0;
out:
    if (walk)
        git_revwalk_free(walk);
    if (h.scr)
        dd_secret_scratch_free(h.scr);
    if (h.repo)
        git_repository_free(h.repo);
    free(h.seen.v);
    free(h.seen.used);
    git_libgit2_shutdown();
    return rc;
}
