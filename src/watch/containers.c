/* Container cache and the Docker events follower. */
#include "watch/containers.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"

#define DD_CTR_MAX        16384 /* containers known at once (running + recently removed) */
#define DD_FOREIGN_MAX    1024  /* ids of other daemons' containers remembered */
#define DD_EVENT_LINE_MAX (1u << 20)
#define DD_CTR_STR_MAX    4096 /* any string taken from the daemon */
#define DD_CTR_MOUNTS_MAX 256
#define DD_CTR_USERDB_MAX (256u << 10)

bool dd_cgroup_container_id(const char *name, char id[65])
{
    const char *p = name;
    if (!strncmp(p, "docker-", 7))
        p += 7;
    size_t n = 0;
    while (n < 64 && isxdigit((unsigned char)p[n]) && !isupper((unsigned char)p[n]))
        n++;
    if (n != 64)
        return false;
    if (p[64] != 0 && strcmp(p + 64, ".scope") != 0)
        return false;
    memcpy(id, p, 64);
    id[64] = 0;
    return true;
}

static char *jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s)
        return NULL;
    return dd_xstrndup(s, strnlen(s, DD_CTR_STR_MAX));
}

void dd_container_free(dd_container *c)
{
    if (!c)
        return;
    free(c->name);
    free(c->image);
    free(c->image_id);
    free(c->image_repo);
    free(c->image_tag);
    free(c->image_digest);
    free(c->user);
    free(c->ip);
    free(c->healthcheck);
    free(c->labels_json);
    free(c->passwd);
    free(c->group);
    free(c->k8s_ns);
    free(c->k8s_pod);
    for (size_t i = 0; i < c->nmounts; i++) {
        free(c->mounts[i].source);
        free(c->mounts[i].dest);
        free(c->mounts[i].mode);
        free(c->mounts[i].propagation);
    }
    free(c->mounts);
    free(c);
}

/* "docker.io/library/nginx:1.25@sha256:…" → repository, tag, digest */
static void split_image(dd_container *c)
{
    if (!c->image)
        return;
    char *s = dd_xstrdup(c->image);
    char *at = strchr(s, '@');
    if (at) {
        *at = 0;
        c->image_digest = dd_xstrdup(at + 1);
    }
    char *slash = strrchr(s, '/');
    char *colon = strrchr(slash ? slash : s, ':');
    if (colon) {
        *colon = 0;
        c->image_tag = dd_xstrdup(colon + 1);
    } else if (!at) {
        c->image_tag = dd_xstrdup("latest");
    }
    c->image_repo = s;
}

/* RFC 3339 with nanoseconds (Docker's State.StartedAt) → ns since the epoch; 0 if not. */
static int64_t parse_time(const char *s)
{
    if (!s)
        return 0;
    struct tm tm = {0};
    const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!rest || tm.tm_year < 100) /* "0001-01-01T00:00:00Z": never started */
        return 0;
    int64_t ns = 0;
    if (*rest == '.') {
        int digits = 0;
        rest++;
        while (isdigit((unsigned char)*rest)) {
            if (digits < 9) {
                ns = ns * 10 + (*rest - '0');
                digits++;
            }
            rest++;
        }
        while (digits++ < 9)
            ns *= 10;
    }
    int64_t t = (int64_t)timegm(&tm);
    if (*rest == '+' || *rest == '-') {
        int hh = 0, mm = 0;
        if (sscanf(rest + 1, "%d:%d", &hh, &mm) == 2)
            t -= (*rest == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
    }
    return t * 1000000000LL + ns;
}

dd_container *dd_container_from_inspect(const json_t *j)
{
    const char *id = json_string_value(json_object_get(j, "Id"));
    char cid[65];
    if (!id || !dd_cgroup_container_id(id, cid))
        return NULL;
    dd_container *c = dd_xcalloc(1, sizeof *c);
    memcpy(c->id, cid, sizeof c->id);
    c->known = true;
    char *name = jstr(j, "Name");
    if (name) {
        c->name = dd_xstrdup(name[0] == '/' ? name + 1 : name);
        free(name);
    }
    const json_t *cfg = json_object_get(j, "Config");
    const json_t *host = json_object_get(j, "HostConfig");
    const json_t *state = json_object_get(j, "State");
    c->image = jstr(cfg, "Image");
    c->image_id = jstr(j, "Image");
    c->user = jstr(cfg, "User");
    split_image(c);
    const json_t *labels = json_object_get(cfg, "Labels");
    if (json_is_object(labels)) {
        c->labels_json = json_dumps(labels, JSON_COMPACT | JSON_SORT_KEYS);
        if (c->labels_json && strlen(c->labels_json) > 64 * 1024) {
            free(c->labels_json);
            c->labels_json = NULL;
        }
        c->k8s_ns = jstr(labels, "io.kubernetes.pod.namespace");
        c->k8s_pod = jstr(labels, "io.kubernetes.pod.name");
    }
    const json_t *test = json_object_get(json_object_get(cfg, "Healthcheck"), "Test");
    if (json_is_array(test) && json_array_size(test) >= 2) {
        const char *kind = json_string_value(json_array_get(test, 0));
        dd_buf b = DD_BUF_INIT;
        if (kind && !strcmp(kind, "CMD-SHELL")) {
            const char *cmd = json_string_value(json_array_get(test, 1));
            if (cmd)
                dd_buf_printf(&b, "/bin/sh -c %.*s", DD_CTR_STR_MAX, cmd);
        } else if (kind && !strcmp(kind, "CMD")) {
            for (size_t i = 1; i < json_array_size(test) && i < 64; i++) {
                const char *a = json_string_value(json_array_get(test, i));
                if (a)
                    dd_buf_printf(&b, "%s%.*s", b.len ? " " : "", DD_CTR_STR_MAX, a);
            }
        }
        if (b.len)
            c->healthcheck = dd_buf_steal(&b);
        dd_buf_free(&b);
    }
    c->privileged = json_is_true(json_object_get(host, "Privileged"));
    const char *pid = json_string_value(json_object_get(host, "PidMode"));
    const char *net = json_string_value(json_object_get(host, "NetworkMode"));
    const char *ipc = json_string_value(json_object_get(host, "IpcMode"));
    c->host_pid = pid && !strcmp(pid, "host");
    c->host_network = net && !strcmp(net, "host");
    c->host_ipc = ipc && !strcmp(ipc, "host");
    c->start_real = parse_time(json_string_value(json_object_get(state, "StartedAt")));
    c->ip = jstr(json_object_get(j, "NetworkSettings"), "IPAddress");
    if (c->ip && !*c->ip) {
        free(c->ip);
        c->ip = NULL;
    }
    /* the user database as the container sees it, while its first process lives (a
     * process that exits before its records are read can no longer be asked) */
    json_int_t init = json_integer_value(json_object_get(state, "Pid"));
    if (init > 0) {
        dd_buf b = DD_BUF_INIT;
        char path[128];
        snprintf(path, sizeof path, "/proc/%lld/root/etc/passwd", (long long)init);
        if (dd_buf_read_file(&b, path, DD_CTR_USERDB_MAX) == 0 && b.data)
            c->passwd = dd_buf_steal(&b);
        dd_buf_reset(&b);
        snprintf(path, sizeof path, "/proc/%lld/root/etc/group", (long long)init);
        if (dd_buf_read_file(&b, path, DD_CTR_USERDB_MAX) == 0 && b.data)
            c->group = dd_buf_steal(&b);
        dd_buf_free(&b);
    }
    const json_t *mounts = json_object_get(j, "Mounts");
    if (json_is_array(mounts)) {
        size_t n = json_array_size(mounts);
        if (n > DD_CTR_MOUNTS_MAX)
            n = DD_CTR_MOUNTS_MAX;
        c->mounts = dd_xcalloc(n ? n : 1, sizeof *c->mounts);
        for (size_t i = 0; i < n; i++) {
            const json_t *m = json_array_get(mounts, i);
            dd_mount *d = &c->mounts[c->nmounts++];
            d->source = jstr(m, "Source");
            d->dest = jstr(m, "Destination");
            d->mode = jstr(m, "Mode");
            d->propagation = jstr(m, "Propagation");
            d->rw = json_is_true(json_object_get(m, "RW"));
        }
    }
    return c;
}

/* ---- cache -------------------------------------------------------------------------- */

typedef struct centry {
    dd_container *c;
    bool removed;
} centry;

struct dd_ctrcache {
    centry *e;
    size_t n, cap; /* linear array: containers are few; lookups compare 64-byte ids */
    size_t max_removed;
    char (*removed)[65]; /* FIFO of removed ids */
    size_t rhead, rn;
    char (*foreign)[65];
    size_t fhead, fn;
};

dd_ctrcache *dd_ctrcache_new(size_t max_removed)
{
    dd_ctrcache *c = dd_xcalloc(1, sizeof *c);
    c->max_removed = max_removed ? max_removed : 256;
    c->removed = dd_xcalloc(c->max_removed, sizeof *c->removed);
    c->foreign = dd_xcalloc(DD_FOREIGN_MAX, sizeof *c->foreign);
    return c;
}

void dd_ctrcache_free(dd_ctrcache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        dd_container_free(c->e[i].c);
    free(c->e);
    free(c->removed);
    free(c->foreign);
    free(c);
}

static ssize_t find_idx(const dd_ctrcache *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->e[i].c->id, id))
            return (ssize_t)i;
    return -1;
}

const dd_container *dd_ctrcache_get(const dd_ctrcache *c, const char *id)
{
    ssize_t i = find_idx(c, id);
    return i >= 0 ? c->e[i].c : NULL;
}

static void drop_idx(dd_ctrcache *c, size_t i)
{
    dd_container_free(c->e[i].c);
    c->e[i] = c->e[--c->n];
}

static void take(char **dst, char **src)
{
    if (!*dst && *src) {
        *dst = *src;
        *src = NULL;
    }
}

const dd_container *dd_ctrcache_put(dd_ctrcache *c, dd_container *ctr)
{
    ssize_t i = find_idx(c, ctr->id);
    if (i >= 0) {
        dd_container *old = c->e[i].c;
        if (!ctr->known && old->known) {
            /* an event that says less than what we have */
            take(&old->name, &ctr->name);
            if (ctr->start_real && !old->start_real)
                old->start_real = ctr->start_real;
            dd_container_free(ctr);
            return old;
        }
        take(&ctr->name, &old->name);
        take(&ctr->image, &old->image);
        take(&ctr->image_repo, &old->image_repo);
        take(&ctr->image_tag, &old->image_tag);
        take(&ctr->passwd, &old->passwd);
        take(&ctr->group, &old->group);
        if (!ctr->start_real)
            ctr->start_real = old->start_real;
        dd_container_free(old);
        c->e[i].c = ctr;
        return ctr;
    }
    if (c->n >= DD_CTR_MAX) {
        /* full: the oldest removed container goes, else the first one */
        size_t victim = 0;
        for (size_t k = 0; k < c->n; k++)
            if (c->e[k].removed) {
                victim = k;
                break;
            }
        drop_idx(c, victim);
    }
    c->e = dd_xgrow(c->e, &c->cap, c->n + 1, sizeof *c->e);
    c->e[c->n++] = (centry){ctr, false};
    return ctr;
}

void dd_ctrcache_removed(dd_ctrcache *c, const char *id)
{
    ssize_t i = find_idx(c, id);
    if (i < 0 || c->e[i].removed)
        return;
    c->e[i].removed = true;
    if (c->rn == c->max_removed) {
        ssize_t k = find_idx(c, c->removed[c->rhead]);
        if (k >= 0 && c->e[k].removed)
            drop_idx(c, (size_t)k);
        c->rhead = (c->rhead + 1) % c->max_removed;
        c->rn--;
    }
    snprintf(c->removed[(c->rhead + c->rn) % c->max_removed], 65, "%s", id);
    c->rn++;
}

void dd_ctrcache_mark_foreign(dd_ctrcache *c, const char *id)
{
    if (c->fn == DD_FOREIGN_MAX) {
        c->fhead = (c->fhead + 1) % DD_FOREIGN_MAX;
        c->fn--;
    }
    snprintf(c->foreign[(c->fhead + c->fn) % DD_FOREIGN_MAX], 65, "%s", id);
    c->fn++;
}

bool dd_ctrcache_is_foreign(const dd_ctrcache *c, const char *id)
{
    for (size_t i = 0; i < c->fn; i++)
        if (!strcmp(c->foreign[(c->fhead + i) % DD_FOREIGN_MAX], id))
            return true;
    return false;
}

size_t dd_ctrcache_size(const dd_ctrcache *c)
{
    return c->n;
}

const dd_container *dd_ctrcache_find(const dd_ctrcache *c, const char *ref)
{
    size_t rl = strlen(ref);
    for (size_t i = 0; i < c->n; i++) {
        const dd_container *x = c->e[i].c;
        if ((x->name && !strcmp(x->name, ref)) || (rl >= 12 && !strncmp(x->id, ref, rl)))
            return x;
    }
    return NULL;
}

/* ---- the events follower ------------------------------------------------------------- */

struct dd_dockerwatch {
    dd_engine *eng;  /* the thread's connection */
    dd_engine *sync; /* the watch loop's, for inspects */
    pthread_t thread;
    bool started;
    atomic_bool stop;
    int wake_fd;
    pthread_mutex_t lock;
    dd_ctrupdate *head, *tail;
    atomic_size_t errors;
    int64_t since_ns;
    dd_buf line;
    bool line_too_long;
};

void dd_ctrupdate_free(dd_ctrupdate *u)
{
    while (u) {
        dd_ctrupdate *n = u->next;
        dd_container_free(u->ctr);
        free(u);
        u = n;
    }
}

static void push(dd_dockerwatch *w, dd_ctrupdate_kind kind, const char *id, dd_container *c)
{
    dd_ctrupdate *u = dd_xcalloc(1, sizeof *u);
    u->kind = kind;
    u->ctr = c;
    snprintf(u->id, sizeof u->id, "%s", id);
    pthread_mutex_lock(&w->lock);
    if (w->tail)
        w->tail->next = u;
    else
        w->head = u;
    w->tail = u;
    pthread_mutex_unlock(&w->lock);
    if (w->wake_fd >= 0) {
        uint64_t one = 1;
        ssize_t r = write(w->wake_fd, &one, sizeof one);
        (void)r;
    }
}

dd_ctrupdate *dd_dockerwatch_drain(dd_dockerwatch *w)
{
    pthread_mutex_lock(&w->lock);
    dd_ctrupdate *u = w->head;
    w->head = w->tail = NULL;
    pthread_mutex_unlock(&w->lock);
    return u;
}

static dd_container *inspect(dd_engine *eng, const char *id, bool *gone)
{
    char path[128];
    snprintf(path, sizeof path, "/containers/%.64s/json", id);
    json_t *j = NULL;
    long status = 0;
    dd_error e = {0};
    *gone = false;
    if (dd_engine_get_json(eng, path, &j, &status, &e) < 0) {
        *gone = status == 404;
        return NULL;
    }
    dd_container *c = dd_container_from_inspect(j);
    json_decref(j);
    return c;
}

dd_container *dd_dockerwatch_inspect(dd_dockerwatch *w, const char *id, bool *gone)
{
    return inspect(w->sync, id, gone);
}

static void on_event(dd_dockerwatch *w, const json_t *ev)
{
    const char *type = json_string_value(json_object_get(ev, "Type"));
    const char *action = json_string_value(json_object_get(ev, "Action"));
    const json_t *actor = json_object_get(ev, "Actor");
    const char *id = json_string_value(json_object_get(actor, "ID"));
    char cid[65];
    if (!type || strcmp(type, "container") || !action || !id || !dd_cgroup_container_id(id, cid))
        return;
    json_int_t tn = json_integer_value(json_object_get(ev, "timeNano"));
    if (!strcmp(action, "create") || !strcmp(action, "start")) {
        bool gone;
        dd_container *c = inspect(w->eng, cid, &gone);
        if (!c) {
            /* gone already: what the event itself says */
            const json_t *attrs = json_object_get(actor, "Attributes");
            c = dd_xcalloc(1, sizeof *c);
            memcpy(c->id, cid, sizeof c->id);
            c->name = jstr(attrs, "name");
            c->image = jstr(attrs, "image");
            split_image(c);
        }
        if (!strcmp(action, "start") && !c->start_real)
            c->start_real = tn;
        push(w, !strcmp(action, "start") ? DD_CTR_STARTED : DD_CTR_PUT, cid, c);
    } else if (!strcmp(action, "destroy")) {
        push(w, DD_CTR_REMOVED, cid, NULL);
    }
}

static int on_bytes(const void *data, size_t len, void *ud, dd_error *e)
{
    dd_dockerwatch *w = ud;
    const char *p = data, *end = p + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', end - p);
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (w->line.len + n > DD_EVENT_LINE_MAX)
            w->line_too_long = true; /* a hostile daemon: drop this line */
        else
            dd_buf_append(&w->line, p, n);
        if (!nl)
            break;
        if (!w->line_too_long && w->line.len) {
            json_error_t je;
            json_t *ev = json_loadb(w->line.data, w->line.len, 0, &je);
            if (ev) {
                on_event(w, ev);
                json_decref(ev);
            } else {
                atomic_fetch_add(&w->errors, 1);
            }
        }
        dd_buf_reset(&w->line);
        w->line_too_long = false;
        p = nl + 1;
    }
    return atomic_load(&w->stop) ? dd_error_set(e, DD_ERR_RUN, 0, "stopped") : 0;
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Follow /events in windows of a second (since..until): the request ends by itself, so
 * stopping never waits on a quiet daemon, and nothing falls between two windows. */
static void *follow(void *ud)
{
    dd_dockerwatch *w = ud;
    while (!atomic_load(&w->stop)) {
        int64_t until = now_ns() + 1000000000LL;
        char path[256];
        snprintf(path, sizeof path,
                 "/events?since=%lld.%09lld&until=%lld.%09lld"
                 "&filters=%%7B%%22type%%22%%3A%%5B%%22container%%22%%5D%%7D",
                 (long long)(w->since_ns / 1000000000LL), (long long)(w->since_ns % 1000000000LL),
                 (long long)(until / 1000000000LL), (long long)(until % 1000000000LL));
        dd_error e = {0};
        if (dd_engine_stream(w->eng, path, on_bytes, w, &e) < 0 && !atomic_load(&w->stop)) {
            atomic_fetch_add(&w->errors, 1);
            for (int i = 0; i < 10 && !atomic_load(&w->stop); i++)
                usleep(100000);
            continue;
        }
        dd_buf_reset(&w->line);
        /* the next window starts where this one ended (both ends are inclusive: an event
         * at the boundary may come twice, and updates are idempotent) */
        w->since_ns = until;
    }
    return NULL;
}

int dd_dockerwatch_start(dd_dockerwatch **out, const dd_engine_config *cfg, int wake_fd,
                         dd_error *e)
{
    *out = NULL;
    dd_dockerwatch *w = dd_xcalloc(1, sizeof *w);
    w->wake_fd = wake_fd;
    pthread_mutex_init(&w->lock, NULL);
    if (dd_engine_open(&w->eng, cfg, e) < 0 || dd_engine_open(&w->sync, cfg, e) < 0 ||
        dd_engine_connect(w->eng, e) < 0 || dd_engine_connect(w->sync, e) < 0) {
        dd_dockerwatch_stop(w);
        return -1;
    }
    /* Subscribe first (the window starts now), then list: a container created in between
     * is in both, and updates are idempotent. */
    w->since_ns = now_ns();
    json_t *list = NULL;
    if (dd_engine_get_json(w->sync, "/containers/json", &list, NULL, e) < 0) {
        dd_dockerwatch_stop(w);
        return dd_error_prefix(e, "cannot list the running containers");
    }
    size_t n = json_is_array(list) ? json_array_size(list) : 0;
    char **paths = dd_xcalloc(n ? n : 1, sizeof *paths);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = json_string_value(json_object_get(json_array_get(list, i), "Id"));
        char cid[65];
        if (id && dd_cgroup_container_id(id, cid))
            paths[k++] = dd_xasprintf("/containers/%s/json", cid);
    }
    json_decref(list);
    json_t **outs = dd_xcalloc(k ? k : 1, sizeof *outs);
    long *st = dd_xcalloc(k ? k : 1, sizeof *st);
    dd_error *errs = dd_xcalloc(k ? k : 1, sizeof *errs);
    dd_engine_get_json_many(w->sync, (const char *const *)paths, k, outs, st, errs);
    for (size_t i = 0; i < k; i++) {
        if (outs[i]) {
            dd_container *c = dd_container_from_inspect(outs[i]);
            if (c)
                push(w, DD_CTR_PUT, c->id, c);
            json_decref(outs[i]);
        }
        free(paths[i]);
    }
    free(paths);
    free(outs);
    free(st);
    free(errs);
    if (pthread_create(&w->thread, NULL, follow, w) != 0) {
        int err = errno;
        dd_dockerwatch_stop(w);
        return dd_error_sys(e, err, "cannot start the Docker events thread");
    }
    w->started = true;
    *out = w;
    return 0;
}

size_t dd_dockerwatch_errors(const dd_dockerwatch *w)
{
    return atomic_load(&w->errors);
}

void dd_dockerwatch_stop(dd_dockerwatch *w)
{
    if (!w)
        return;
    atomic_store(&w->stop, true);
    if (w->started)
        pthread_join(w->thread, NULL); /* a window lasts a second at most */
    dd_ctrupdate_free(w->head);
    if (w->eng)
        dd_engine_free(w->eng);
    if (w->sync)
        dd_engine_free(w->sync);
    dd_buf_free(&w->line);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
