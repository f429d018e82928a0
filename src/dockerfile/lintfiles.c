/* Finding and reading the files `drydock lint` was given, and the .drydock.yaml that
 * applies to each. One process lints any number of files: the tree is walked first
 * (configurations are loaded once per directory, on this thread, so a bad one stops the run
 * before any work), then the files are linted by a few threads, each with its own read
 * buffer and report; their findings are merged at the end and the caller sorts them, so the
 * output does not depend on which thread linted what. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "dockerfile/lint_int.h"
#include "manifest/manifest.h"
#include "repo/gitignore.h"

/* Threads only pay off when there is enough to share: creating one costs about as much as
 * linting a few files. */
#define MAX_THREADS 8
#define FILES_PER_THREAD 32

typedef struct cfg_entry {
    char *dir;  /* directory the lookup started from */
    dd_lint_config *cfg;
} cfg_entry;

typedef struct job {
    char *path; /* owned; "-" for standard input */
    const dd_lint_config *cfg;
    int root;        /* the walked DIR's descriptor, or -1 for a file named by the user */
    const char *rel; /* path inside that DIR (points into `path`) */
} job;

typedef struct walker {
    const dd_lint_opts *o;
    dd_report *r;
    dd_lint_config fixed; /* --config or --no-config: one config for all */
    bool have_fixed;
    cfg_entry *cache;
    size_t ncache, ccap;
    job *jobs;
    size_t njobs, jcap;
    int *roots; /* one descriptor per DIR argument, open until every file is linted */
    size_t nroots, rcap;
    dd_error *e;
} walker;

/* hadolint's own places for its configuration, when no file is found going up
 * (Config/Configfile.hs findConfig): the current directory, then $XDG_CONFIG_HOME,
 * ~/.hadolint/, and the home directory. */
static char *hadolint_fallback(void)
{
    const char *home = getenv("HOME");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    _cleanup_free_ char *xdgdir = xdg && *xdg ? dd_xstrdup(xdg)
                                  : home      ? dd_xasprintf("%s/.config", home)
                                              : NULL;
    char *cands[12];
    size_t n = 0;
    cands[n++] = dd_xstrdup(".hadolint.yaml");
    cands[n++] = dd_xstrdup(".hadolint.yml");
    if (xdgdir) {
        cands[n++] = dd_xasprintf("%s/hadolint.yaml", xdgdir);
        cands[n++] = dd_xasprintf("%s/hadolint.yml", xdgdir);
    }
    if (home) {
        static const char *const in_home[] = {".hadolint/hadolint.yaml", ".hadolint/hadolint.yml",
                                              ".hadolint/config.yaml",   ".hadolint/config.yml",
                                              ".hadolint.yaml",          ".hadolint.yml"};
        for (size_t i = 0; i < DD_ARRAY_LEN(in_home); i++)
            cands[n++] = dd_xasprintf("%s/%s", home, in_home[i]);
    }
    char *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!found && access(cands[i], F_OK) == 0)
            found = cands[i];
        else
            free(cands[i]);
    }
    return found;
}

/* The configuration file for `dir`: the nearest .drydock.yaml or .hadolint.yaml (.yml)
 * going up (our own name first in a directory), else hadolint's places. NULL for none. */
static char *find_config(const char *dir)
{
    static const char *const names[] = {".drydock.yaml", ".drydock.yml", ".hadolint.yaml",
                                        ".hadolint.yml"};
    char real[PATH_MAX];
    if (realpath(dir, real)) {
        for (;;) {
            for (size_t i = 0; i < DD_ARRAY_LEN(names); i++) {
                char *cand = dd_xasprintf("%s/%s", strcmp(real, "/") ? real : "", names[i]);
                if (access(cand, F_OK) == 0)
                    return cand;
                free(cand);
            }
            char *up = strrchr(real, '/');
            if (!up || strcmp(real, "/") == 0)
                break;
            if (up == real)
                up[1] = '\0';
            else
                *up = '\0';
        }
    }
    return hadolint_fallback();
}

/* The configuration for a file in `dir`, loaded once per directory. */
static const dd_lint_config *config_for(walker *w, const char *file)
{
    if (w->have_fixed)
        return &w->fixed;
    _cleanup_free_ char *copy = dd_xstrdup(file);
    char *slash = strrchr(copy, '/');
    const char *dir = ".";
    if (slash) {
        *slash = '\0';
        dir = slash == copy ? "/" : copy;
    }
    /* Files of one directory come one after another: look at the latest entry first. */
    for (size_t i = w->ncache; i-- > 0;)
        if (strcmp(w->cache[i].dir, dir) == 0)
            return w->cache[i].cfg;
    dd_lint_config *cfg = dd_xcalloc(1, sizeof *cfg);
    dd_lint_config_init(cfg);
    _cleanup_free_ char *path = find_config(dir);
    if (path && dd_lint_config_load(cfg, path, w->e) < 0) {
        dd_lint_config_free(cfg);
        free(cfg);
        return NULL;
    }
    dd_lint_config_merge(cfg, &w->o->env);
    dd_lint_config_merge(cfg, &w->o->cli);
    w->cache = dd_xgrow(w->cache, &w->ccap, w->ncache + 1, sizeof *w->cache);
    w->cache[w->ncache++] = (cfg_entry){dd_xstrdup(dir), cfg};
    return cfg;
}

/* A directory without a Dockerfile says so: linting nothing is not a clean result. */
static void nothing_found(dd_report *r, const char *dir)
{
    dd_finding *f = dd_report_add(r, dd_lint_parse_rule, DD_STATUS_FAIL, dir,
                                  "no Dockerfile in %s (looked for Dockerfile*, *.Dockerfile and "
                                  "*.dockerfile, below .git and node_modules excluded)",
                                  dir);
    f->path = dd_xstrdup(dir);
}

static void unreadable(dd_report *r, const char *path, int err)
{
    dd_finding *f = dd_report_add(r, dd_lint_parse_rule, DD_STATUS_FAIL, path, "cannot read %s: %s",
                                  path, dd_file_strerror(err));
    f->path = dd_xstrdup(path);
}

/* Queue a file; `path` is taken over. A file found by walking a DIR is opened later
 * inside that DIR (`root`, `rel`); one the user named is opened as named. */
static int add_job(walker *w, char *path, int root, size_t rel_off)
{
    const dd_lint_config *cfg = strcmp(path, "-") == 0
                                    ? (w->have_fixed ? &w->fixed : config_for(w, "./-"))
                                    : config_for(w, path);
    if (!cfg) {
        free(path);
        return -1;
    }
    w->jobs = dd_xgrow(w->jobs, &w->jcap, w->njobs + 1, sizeof *w->jobs);
    w->jobs[w->njobs++] = (job){path, cfg, root, path + rel_off};
    return 0;
}

static bool dockerfile_name(const char *n)
{
    size_t l = strlen(n);
    if (l > 13 && strcasecmp(n + l - 13, ".dockerignore") == 0)
        return false;
    if (strncasecmp(n, "dockerfile", 10) == 0)
        return true;
    return l > 11 && strcasecmp(n + l - 11, ".dockerfile") == 0;
}

/* Dockerfiles, and the YAML files that may be Compose files or Kubernetes manifests. */
static bool lintable_name(const char *n)
{
    return dockerfile_name(n) || dd_manifest_candidate(n);
}

typedef struct dentry {
    char *name;
    unsigned char type; /* DT_* from readdir, DT_UNKNOWN when the file system does not say */
} dentry;

static int cmp_dentry(const void *a, const void *b)
{
    return strcmp(((const dentry *)a)->name, ((const dentry *)b)->name);
}

/* --skip-dirs / --skip-files on `rel`, a path relative to the directory given. */
static bool skipped(const dd_lint_opts *o, bool dir, const char *rel)
{
    char *const *globs = dir ? o->skip_dirs : o->skip_files;
    size_t n = dir ? o->nskip_dirs : o->nskip_files;
    for (size_t i = 0; i < n; i++)
        if (dd_skip_match(globs[i], rel))
            return true;
    return false;
}

/* Walk the directory `dfd` (shown as `dir`) of the tree `root`, whose path in messages
 * is `dir` up to `rel_off`. Directories are opened one component at a time with
 * O_NOFOLLOW: a symlinked directory is never entered (no loops, no leaving the tree). A
 * symlinked Dockerfile is queued and later opened inside the tree (DD_RF_BENEATH): a
 * link that leads out of it is refused, never read. */
static int walk_dir(walker *w, int root, int dfd, const char *dir, size_t rel_off, int depth)
{
    if (depth > 64)
        return 0;
    int dup = fcntl(dfd, F_DUPFD_CLOEXEC, 3);
    _cleanup_closedir_ DIR *d = dup >= 0 ? fdopendir(dup) : NULL;
    if (!d) {
        unreadable(w->r, dir, errno);
        if (dup >= 0)
            close(dup);
        return 0;
    }
    dentry *ents = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
            !strcmp(de->d_name, ".git") || !strcmp(de->d_name, "node_modules"))
            continue;
        /* Only directories and Dockerfiles matter: skip the rest without a stat. */
        if (de->d_type != DT_UNKNOWN && de->d_type != DT_DIR && !lintable_name(de->d_name))
            continue;
        ents = dd_xgrow(ents, &cap, n + 1, sizeof *ents);
        ents[n++] = (dentry){dd_xstrdup(de->d_name), de->d_type};
    }
    if (n > 1)
        qsort(ents, n, sizeof *ents, cmp_dentry);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            char *p = strcmp(dir, "/") ? dd_xasprintf("%s/%s", dir, ents[i].name)
                                       : dd_xasprintf("/%s", ents[i].name);
            unsigned char t = ents[i].type;
            if (t == DT_UNKNOWN) {
                struct stat st;
                t = fstatat(dfd, ents[i].name, &st, AT_SYMLINK_NOFOLLOW) < 0 ? DT_UNKNOWN
                    : S_ISDIR(st.st_mode)                                    ? DT_DIR
                    : S_ISREG(st.st_mode)                                    ? DT_REG
                    : S_ISLNK(st.st_mode)                                    ? DT_LNK
                                                                             : DT_FIFO;
            }
            if (skipped(w->o, t == DT_DIR, p + rel_off)) {
                free(p);
            } else if (t == DT_DIR) {
                _cleanup_close_ int sub =
                    openat(dfd, ents[i].name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub < 0)
                    unreadable(w->r, p, errno);
                else
                    rc = walk_dir(w, root, sub, p, rel_off, depth + 1);
                free(p);
            } else if (t != DT_UNKNOWN && lintable_name(ents[i].name)) {
                /* FIFOs and devices too: the open says what they are, without blocking. */
                rc = add_job(w, p, root, rel_off);
            } else {
                free(p);
            }
        }
        free(ents[i].name);
    }
    free(ents);
    return rc;
}

/* ---- linting the queued files ------------------------------------------------------- */

typedef struct worker {
    const job *jobs;
    size_t njobs;
    size_t *next; /* shared: index of the next job to take */
    dd_report r;  /* this thread's findings */
    dd_buf buf;   /* reused for every file */
    size_t parsed;
} worker;

static void lint_one(worker *k, const job *j)
{
    const char *path = j->path;
    bool in = strcmp(path, "-") == 0 && j->root < 0;
    int fd = in             ? STDIN_FILENO
             : j->root >= 0 ? dd_rootfile_open(j->root, j->rel, O_RDONLY, DD_RF_BENEATH)
                            : dd_file_open(path);
    if (fd < 0) {
        unreadable(&k->r, path, errno);
        return;
    }
    dd_buf_reset(&k->buf);
    int rc = dd_buf_read_fd(&k->buf, fd, DD_DF_MAX_FILE);
    int err = errno;
    if (!in)
        close(fd);
    if (rc < 0) {
        if (err == EFBIG) {
            dd_finding *f = dd_report_add(&k->r, dd_lint_parse_rule, DD_STATUS_FAIL, path,
                                          "file is larger than %u bytes", DD_DF_MAX_FILE);
            f->path = dd_xstrdup(path);
            f->line = 1;
        } else {
            unreadable(&k->r, path, err);
        }
        return;
    }
    /* Compose files and Kubernetes manifests have their own rule table (manifest/). */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int mk = in || dockerfile_name(base) ? DD_MF_NONE : dd_manifest_kind(path, k->buf.data, k->buf.len);
    if (mk) {
        if (dd_manifest_lint_buffer(k->buf.data, k->buf.len, path, mk, j->cfg, &k->r))
            k->parsed++;
        return;
    }
    if (!in && !dockerfile_name(base) && dd_manifest_candidate(base)) {
        if (j->root >= 0) { /* found by the walk, not named by the user */
            k->parsed++; /* some other YAML file: nothing to lint */
            return;
        }
        dd_finding *f = dd_report_add(&k->r, dd_manifest_parse_rule, DD_STATUS_FAIL, path,
                                      "not a Compose file or Kubernetes manifest (no services:, "
                                      "or no apiVersion: and kind:)");
        f->path = dd_xstrdup(path);
        f->line = 1;
        return;
    }
    if (dd_lint_buffer(k->buf.data, k->buf.len, path, j->cfg, &k->r))
        k->parsed++;
}

static void *work(void *arg)
{
    worker *k = arg;
    for (;;) {
        size_t i = __atomic_fetch_add(k->next, 1, __ATOMIC_RELAXED);
        if (i >= k->njobs)
            break;
        lint_one(k, &k->jobs[i]);
    }
    return NULL;
}

/* Move every finding of `from` to the end of `to`; `from` is left empty. */
static void merge(dd_report *to, dd_report *from)
{
    if (from->n) {
        to->items = dd_xgrow(to->items, &to->cap, to->n + from->n, sizeof *to->items);
        memcpy(to->items + to->n, from->items, from->n * sizeof *from->items);
        to->n += from->n;
        from->n = 0;
    }
    dd_report_free(from);
}

static size_t lint_jobs(const job *jobs, size_t njobs, dd_report *r)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = cpus > 0 ? (size_t)cpus : 1;
    if (nt > MAX_THREADS)
        nt = MAX_THREADS;
    if (nt > njobs / FILES_PER_THREAD)
        nt = njobs / FILES_PER_THREAD ? njobs / FILES_PER_THREAD : 1;
    size_t next = 0, parsed = 0;
    worker ks[MAX_THREADS];
    pthread_t tids[MAX_THREADS];
    bool started[MAX_THREADS] = {false};
    for (size_t t = 0; t < nt; t++) {
        ks[t] = (worker){.jobs = jobs, .njobs = njobs, .next = &next};
        dd_report_init(&ks[t].r, r->command, r->title);
    }
    /* This thread is worker 0; if a thread cannot be started its share is simply taken by
     * the others. */
    for (size_t t = 1; t < nt; t++)
        started[t] = pthread_create(&tids[t], NULL, work, &ks[t]) == 0;
    work(&ks[0]);
    for (size_t t = 0; t < nt; t++) {
        if (t > 0 && started[t])
            pthread_join(tids[t], NULL);
        parsed += ks[t].parsed;
        merge(r, &ks[t].r);
        dd_buf_free(&ks[t].buf);
    }
    return parsed;
}

/* Directories sharing one configuration file each loaded it: say each warning once. */
static void add_unique(dd_lint_config *c, const char *warning)
{
    for (size_t i = 0; i < c->nwarnings; i++)
        if (strcmp(c->warnings[i], warning) == 0)
            return;
    dd_lint_strv_add(&c->warnings, &c->nwarnings, warning);
}

int dd_lint_paths(char *const *paths, size_t n, const dd_lint_opts *o, dd_report *r,
                  dd_lint_summary *sum, dd_error *e)
{
    walker w = {.o = o, .r = r, .e = e};
    int rc = 0;
    dd_lint_config_init(&w.fixed);
    dd_lint_config_init(&sum->run);
    sum->files = sum->parsed = 0;
    if (o->config || o->no_config) {
        w.have_fixed = true;
        if (o->config && dd_lint_config_load(&w.fixed, o->config, e) < 0)
            rc = -1;
        dd_lint_config_merge(&w.fixed, &o->env);
        dd_lint_config_merge(&w.fixed, &o->cli);
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *p = paths[i];
        int dfd = strcmp(p, "-") != 0 ? open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
        if (dfd >= 0) {
            _cleanup_free_ char *dir = dd_xstrdup(p);
            size_t l = strlen(dir);
            while (l > 1 && dir[l - 1] == '/')
                dir[--l] = '\0';
            w.roots = dd_xgrow(w.roots, &w.rcap, w.nroots + 1, sizeof *w.roots);
            w.roots[w.nroots++] = dfd;
            size_t before = w.njobs;
            rc = walk_dir(&w, dfd, dfd, dir, strcmp(dir, "/") ? l + 1 : 1, 0);
            if (rc == 0 && w.njobs == before)
                nothing_found(r, p);
        } else if (dfd < 0 && errno == ENOENT) {
            /* A name that is not there is the user's mistake (a typo, the wrong
             * directory), not a finding of a Dockerfile: nothing is linted. */
            rc = dd_error_set(e, DD_ERR_USAGE, ENOENT, "%s: no such file or directory", p);
            dd_error_hint(e, "name a Dockerfile or a directory: drydock lint PATH...");
        } else {
            rc = add_job(&w, dd_xstrdup(p), -1, 0);
        }
    }
    if (rc == 0) {
        sum->files = w.njobs;
        sum->parsed = lint_jobs(w.jobs, w.njobs, r);
        /* The run's own settings (failure threshold, format...) come from --config, else
         * from the configuration of the first file; every file's warnings are kept. */
        if (w.have_fixed)
            dd_lint_config_merge(&sum->run, &w.fixed);
        else if (w.njobs)
            dd_lint_config_merge(&sum->run, w.jobs[0].cfg);
        for (size_t i = 0; i < w.ncache; i++)
            for (size_t k = 0; k < w.cache[i].cfg->nwarnings; k++)
                add_unique(&sum->run, w.cache[i].cfg->warnings[k]);
    }
    for (size_t i = 0; i < w.njobs; i++)
        free(w.jobs[i].path);
    free(w.jobs);
    for (size_t i = 0; i < w.nroots; i++)
        close(w.roots[i]);
    free(w.roots);
    dd_lint_config_free(&w.fixed);
    for (size_t i = 0; i < w.ncache; i++) {
        free(w.cache[i].dir);
        dd_lint_config_free(w.cache[i].cfg);
        free(w.cache[i].cfg);
    }
    free(w.cache);
    return rc;
}
