/* Finding and reading the files `drydock lint` was given, and the .drydock.yaml that
 * applies to each. One process lints any number of files: the read buffer is reused and
 * configurations are loaded once per directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/lint_int.h"

typedef struct cfg_entry {
    char *dir;  /* directory the lookup started from */
    dd_lint_config *cfg;
} cfg_entry;

typedef struct walker {
    const dd_lint_opts *o;
    dd_report *r;
    size_t files, parsed;
    dd_buf buf;
    dd_lint_config fixed; /* --config or --no-config: one config for all */
    bool have_fixed;
    cfg_entry *cache;
    size_t ncache, ccap;
    dd_error *e;
} walker;

static void add_cli(dd_lint_config *c, const dd_lint_config *cli)
{
    for (size_t i = 0; i < cli->nignore; i++)
        dd_lint_strv_add(&c->ignore, &c->nignore, cli->ignore[i]);
    for (size_t i = 0; i < cli->ntrusted; i++)
        dd_lint_strv_add(&c->trusted, &c->ntrusted, cli->trusted[i]);
    for (size_t i = 0; i < cli->nlabels; i++)
        dd_lint_strv_add(&c->labels, &c->nlabels, cli->labels[i]);
}

/* The configuration for a file in `dir`: the nearest .drydock.yaml going up. */
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
    for (size_t i = 0; i < w->ncache; i++)
        if (strcmp(w->cache[i].dir, dir) == 0)
            return w->cache[i].cfg;
    dd_lint_config *cfg = dd_xcalloc(1, sizeof *cfg);
    char real[PATH_MAX];
    if (realpath(dir, real)) {
        for (;;) {
            _cleanup_free_ char *cand = dd_xasprintf("%s/.drydock.yaml", strcmp(real, "/") ? real : "");
            if (access(cand, F_OK) == 0) {
                if (dd_lint_config_load(cfg, cand, w->e) < 0) {
                    dd_lint_config_free(cfg);
                    free(cfg);
                    return NULL;
                }
                break;
            }
            char *up = strrchr(real, '/');
            if (!up || up == real) {
                if (strcmp(real, "/") == 0)
                    break;
                strcpy(real, "/");
                continue;
            }
            *up = '\0';
        }
    }
    add_cli(cfg, &w->o->cli);
    w->cache = dd_xgrow(w->cache, &w->ccap, w->ncache + 1, sizeof *w->cache);
    w->cache[w->ncache++] = (cfg_entry){dd_xstrdup(dir), cfg};
    return cfg;
}

static void unreadable(walker *w, const char *path, const char *why)
{
    dd_finding *f = dd_report_add(w->r, dd_lint_parse_rule, DD_STATUS_FAIL, path,
                                  "cannot read %s: %s", path, why);
    f->path = dd_xstrdup(path);
}

/* Read a whole file into the reused buffer, refusing more than DD_DF_MAX_FILE bytes. */
static int read_fd(walker *w, int fd)
{
    dd_buf_reset(&w->buf);
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > DD_DF_MAX_FILE) {
        errno = EFBIG;
        return -1;
    }
    for (;;) {
        if (w->buf.cap - w->buf.len < 65536 + 1) {
            w->buf.data = dd_xgrow(w->buf.data, &w->buf.cap, w->buf.len + 65536 + 1, 1);
        }
        ssize_t n = read(fd, w->buf.data + w->buf.len, w->buf.cap - w->buf.len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        w->buf.len += (size_t)n;
        if (w->buf.len > DD_DF_MAX_FILE) {
            errno = EFBIG;
            return -1;
        }
    }
    if (!w->buf.data)
        w->buf.data = dd_xgrow(NULL, &w->buf.cap, 1, 1);
    w->buf.data[w->buf.len] = '\0';
    return 0;
}

static int lint_file(walker *w, const char *path, const char *shown)
{
    const dd_lint_config *cfg = strcmp(path, "-") == 0 ? (w->have_fixed ? &w->fixed : config_for(w, "./-"))
                                                       : config_for(w, path);
    if (!cfg)
        return -1;
    w->files++;
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        unreadable(w, shown, strerror(errno));
        return 0;
    }
    int rc = read_fd(w, fd);
    int err = errno;
    if (fd != STDIN_FILENO)
        close(fd);
    if (rc < 0) {
        if (err == EFBIG) {
            dd_finding *f = dd_report_add(w->r, dd_lint_parse_rule, DD_STATUS_FAIL, shown,
                                          "file is larger than %u bytes", DD_DF_MAX_FILE);
            f->path = dd_xstrdup(shown);
            f->line = 1;
        } else {
            unreadable(w, shown, strerror(err));
        }
        return 0;
    }
    if (dd_lint_buffer(w->buf.data, w->buf.len, shown, cfg, w->r))
        w->parsed++;
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

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(walker *w, const char *dir, int depth)
{
    if (depth > 64)
        return 0;
    _cleanup_closedir_ DIR *d = opendir(dir);
    if (!d) {
        unreadable(w, dir, strerror(errno));
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
            !strcmp(de->d_name, ".git") || !strcmp(de->d_name, "node_modules"))
            continue;
        names = dd_xgrow(names, &cap, n + 1, sizeof *names);
        names[n++] = dd_xstrdup(de->d_name);
    }
    qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        _cleanup_free_ char *p = strcmp(dir, "/") ? dd_xasprintf("%s/%s", dir, names[i])
                                                  : dd_xasprintf("/%s", names[i]);
        struct stat st;
        if (rc == 0 && lstat(p, &st) == 0) {
            /* symlinked directories are not followed: no loops, no escaping the tree */
            if (S_ISDIR(st.st_mode))
                rc = walk_dir(w, p, depth + 1);
            else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && dockerfile_name(names[i]))
                rc = lint_file(w, p, p);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int dd_lint_paths(char *const *paths, size_t n, const dd_lint_opts *o, dd_report *r,
                  size_t *files, size_t *parsed, dd_error *e)
{
    walker w = {.o = o, .r = r, .e = e};
    int rc = 0;
    if (o->config || o->no_config) {
        w.have_fixed = true;
        if (o->config && dd_lint_config_load(&w.fixed, o->config, e) < 0)
            rc = -1;
        add_cli(&w.fixed, &o->cli);
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *p = paths[i];
        struct stat st;
        if (strcmp(p, "-") == 0)
            rc = lint_file(&w, "-", "-");
        else if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            _cleanup_free_ char *dir = dd_xstrdup(p);
            size_t l = strlen(dir);
            while (l > 1 && dir[l - 1] == '/')
                dir[--l] = '\0';
            rc = walk_dir(&w, dir, 0);
        } else
            rc = lint_file(&w, p, p);
    }
    *files = w.files;
    *parsed = w.parsed;
    dd_lint_config_free(&w.fixed);
    for (size_t i = 0; i < w.ncache; i++) {
        free(w.cache[i].dir);
        dd_lint_config_free(w.cache[i].cfg);
        free(w.cache[i].cfg);
    }
    free(w.cache);
    dd_buf_free(&w.buf);
    return rc;
}
