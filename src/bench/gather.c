/* Engine facts for `drydock bench`, gathered once: one /info, the /version the client
 * already negotiated with, one container list, one image list, then every inspect, /top,
 * image inspect and image history in one parallel batch. Checks only read the result.
 *
 * A daemon that cannot be reached is a fact too (engine_error); a fact that could not be
 * read is recorded in gather_errors for its checks to report as ERROR, never as FAIL. */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench.h"
#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"

static void gather_error(dd_bench_facts *f, const char *fact, const dd_error *err)
{
    json_object_set_new(f->gather_errors, fact, json_string(err->msg[0] ? err->msg : "failed"));
}

/* The container's name from a /containers/json entry, without the leading '/'. */
static const char *list_name(const json_t *c)
{
    const char *n = json_string_value(json_array_get(json_object_get(c, "Names"), 0));
    if (n && *n == '/')
        n++;
    return n && *n ? n : json_string_value(json_object_get(c, "Id"));
}

static bool matches(const json_t *c, const char *want)
{
    const char *id = json_string_value(json_object_get(c, "Id"));
    size_t n = strlen(want);
    /* Short ids work as on the docker command line; three characters at least so a
     * name like "a" is not taken for an id prefix. */
    if (id && n >= 3 && strncmp(id, want, n) == 0)
        return true;
    const char *w = *want == '/' ? want + 1 : want;
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(c, "Names"), i, v)
    {
        const char *name = json_string_value(v);
        if (name && strcmp(*name == '/' ? name + 1 : name, w) == 0)
            return true;
    }
    return false;
}

/* Containers in scope: running ones (all with --include-stopped), limited by --container.
 * A --container that names nothing is a usage error, so a typo never passes silently. */
static int select_containers(dd_bench_facts *f, const json_t *list, json_t *out, dd_error *e)
{
    const dd_bench_opts *o = f->opts;
    for (size_t k = 0; o && k < o->ncontainers; k++) {
        bool any = false, stopped = false;
        size_t i;
        const json_t *c;
        json_array_foreach(list, i, c)
        {
            if (!matches(c, o->containers[k]))
                continue;
            const char *st = json_string_value(json_object_get(c, "State"));
            if (!o->include_stopped && (!st || strcmp(st, "running") != 0))
                stopped = true;
            else
                any = true;
        }
        if (!any) {
            dd_error_set(e, DD_ERR_USAGE, 0, "--container %s: %s", o->containers[k],
                         stopped ? "the container is not running" : "no such container");
            if (stopped)
                dd_error_hint(e, "add --include-stopped to check stopped containers");
            return -1;
        }
    }
    size_t i;
    const json_t *c;
    json_array_foreach(list, i, c)
    {
        const char *st = json_string_value(json_object_get(c, "State"));
        if (!json_string_value(json_object_get(c, "Id")))
            continue;
        if (!(o && o->include_stopped) && (!st || strcmp(st, "running") != 0))
            continue;
        bool want = !o || o->ncontainers == 0;
        for (size_t k = 0; !want && k < o->ncontainers; k++)
            want = matches(c, o->containers[k]);
        if (want && o && (o->ninclude || o->nexclude)) {
            /* docker-bench-security's -i/-x: patterns within the name or the image */
            const char *names[9] = {json_string_value(json_object_get(c, "Image"))};
            size_t n = 1, k;
            json_t *nm;
            json_array_foreach(json_object_get(c, "Names"), k, nm)
            {
                const char *s = json_string_value(nm);
                if (s && n < DD_ARRAY_LEN(names))
                    names[n++] = *s == '/' ? s + 1 : s;
            }
            if (dd_bench_name_in_scope(o, names, n, &want, e) < 0)
                return -1;
        }
        if (want)
            json_array_append(out, (json_t *)c);
    }
    return 0;
}

/* --include/--exclude on the image list (section 4): by repository tags. */
static int select_images(dd_bench_facts *f, dd_error *e)
{
    const dd_bench_opts *o = f->opts;
    if (!f->images || !o || !(o->ninclude || o->nexclude))
        return 0;
    json_t *kept = json_array();
    size_t i;
    json_t *img;
    json_array_foreach(f->images, i, img)
    {
        const char *names[17] = {json_string_value(json_object_get(img, "Id"))};
        size_t n = 1, k;
        json_t *t;
        json_array_foreach(json_object_get(img, "RepoTags"), k, t)
        {
            if (json_is_string(t) && n < DD_ARRAY_LEN(names))
                names[n++] = json_string_value(t);
        }
        bool in;
        if (dd_bench_name_in_scope(o, names, n, &in, e) < 0) {
            json_decref(kept);
            return -1;
        }
        if (in)
            json_array_append(kept, img);
    }
    json_decref(f->images);
    f->images = kept;
    return 0;
}

enum { REQ_INSPECT, REQ_IMAGE, REQ_HISTORY, REQ_NETWORKS };

/* ---- process lists (5.7) ------------------------------------------------------------
 *
 * GET /containers/{id}/top makes the daemon run ps(1) over every process on the host and
 * keep the container's: one ps per container, about 40 ms of CPU each, which is most of
 * a full run. When the daemon is local and drydock sees the host's processes (<root>/proc
 * holds the container's init, State.Pid, in the container's cgroup), one pass over /proc
 * gives every container's process list at once, the same list ps would have given the
 * daemon. Anything not verified that way (remote daemon, other PID namespace, --top-api)
 * is asked of the daemon. Either way no process runs inside a container. */

/* Read at most `max` bytes of a small file of the process table (longer ones are cut, as
 * ps cuts a command line); NULL when unreadable. Caller frees. */
static char *read_small(int root, const char *path, size_t max, size_t *len)
{
    _cleanup_close_ int fd = dd_rootfile_open(root, path, O_RDONLY, DD_RF_IN_ROOT);
    if (fd < 0)
        return NULL;
    char *buf = dd_xmalloc(max + 1);
    size_t n = 0;
    while (n < max) {
        ssize_t r = read(fd, buf + n, max - n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The first 64-hex-digit run in a cgroup file: the container id in "/docker/<id>",
 * "docker-<id>.scope" or "<cgroup-parent>/<id>". */
static bool cgroup_id(const char *s, char out[65])
{
    for (const char *p = s; *p; p++) {
        if (!isxdigit((unsigned char)*p) || (p > s && isxdigit((unsigned char)p[-1])))
            continue;
        size_t k = 0;
        while (k < 64 && isxdigit((unsigned char)p[k]) && !isupper((unsigned char)p[k]))
            k++;
        if (k == 64 && !isxdigit((unsigned char)p[64])) {
            memcpy(out, p, 64);
            out[64] = '\0';
            return true;
        }
    }
    return false;
}

/* A command line from /proc: NULs become spaces, bytes outside printable ASCII become
 * '?', so the report stays valid UTF-8 whatever a process wrote into its argv. */
static json_t *proc_cmd(int root, const char *pid)
{
    _cleanup_free_ char *path = dd_xasprintf("/proc/%s/cmdline", pid);
    size_t n = 0;
    _cleanup_free_ char *s = read_small(root, path, 4096, &n);
    while (n && s[n - 1] == '\0')
        n--;
    if (!s || n == 0) {
        free(s);
        free(path);
        path = dd_xasprintf("/proc/%s/comm", pid);
        s = read_small(root, path, 64, &n);
        while (s && n && (s[n - 1] == '\n' || s[n - 1] == '\0'))
            n--;
        if (!s)
            return json_string("?");
        _cleanup_free_ char *b = dd_xasprintf("[%.*s]", (int)n, s);
        for (char *q = b; *q; q++)
            if ((unsigned char)*q < 0x20 || (unsigned char)*q > 0x7e)
                *q = '?';
        return json_string(b);
    }
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\0')
            s[i] = ' ';
        else if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            s[i] = '?';
    return json_stringn(s, n);
}

static bool local_proc_usable(const dd_bench_facts *f)
{
    if (f->opts && f->opts->top_api)
        return false;
    return f->engine && strncmp(dd_engine_host(f->engine), "unix://", 7) == 0;
}

/* Fill f->tops from <root>/proc for every running container whose init is seen there;
 * append the ids of the others to `todo`. */
static void proc_tops(dd_bench_facts *f, json_t *todo)
{
    _cleanup_close_ int root = dd_rootfile_dir(f->opts ? f->opts->root : NULL);
    _cleanup_json_ json_t *procs = json_object();
    size_t i;
    json_t *c;
    json_array_foreach(f->containers, i, c)
    {
        const char *id = json_string_value(json_object_get(c, "Id"));
        if (id && json_is_true(json_object_get(json_object_get(c, "State"), "Running")))
            json_object_set_new(procs, id, json_array());
    }
    int pfd = root >= 0 && local_proc_usable(f) && json_object_size(procs)
                  ? dd_rootfile_open(root, "/proc", O_RDONLY | O_DIRECTORY, DD_RF_IN_ROOT)
                  : -1;
    _cleanup_closedir_ DIR *d = pfd >= 0 ? fdopendir(pfd) : NULL;
    if (pfd >= 0 && !d)
        close(pfd);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (!isdigit((unsigned char)de->d_name[0]))
            continue;
        _cleanup_free_ char *path = dd_xasprintf("/proc/%s/cgroup", de->d_name);
        size_t n;
        _cleanup_free_ char *cg = read_small(root, path, 16384, &n);
        char id[65];
        json_t *arr = cg && cgroup_id(cg, id) ? json_object_get(procs, id) : NULL;
        if (arr)
            json_array_append_new(arr, json_pack("[s, o]", de->d_name, proc_cmd(root, de->d_name)));
    }
    json_array_foreach(f->containers, i, c)
    {
        const char *id = json_string_value(json_object_get(c, "Id"));
        json_t *arr = id ? json_object_get(procs, id) : NULL;
        if (!arr)
            continue;
        /* Trust the scan only if the container's init is in it: then this /proc is the
         * host's and the cgroup paths name the container. */
        json_int_t init = json_integer_value(json_object_get(json_object_get(c, "State"), "Pid"));
        char want[32];
        snprintf(want, sizeof want, "%lld", (long long)init);
        bool seen = false;
        size_t k;
        json_t *p;
        json_array_foreach(arr, k, p)
        {
            seen |= init > 0 && strcmp(json_string_value(json_array_get(p, 0)), want) == 0;
        }
        if (seen)
            json_object_set_new(f->tops, id,
                                json_pack("{s:[s,s], s:O, s:s}", "Titles", "PID", "CMD",
                                          "Processes", arr, "Source", "proc"));
        else
            json_array_append_new(todo, json_string(id));
    }
}

/* GET /top for each id in `ids`. A 404 means the container went away after its inspect:
 * it moves from f->containers to f->vanished. */
static void api_tops(dd_bench_facts *f, const json_t *ids)
{
    size_t n = json_array_size(ids), i;
    if (!n)
        return;
    char **paths = dd_xcalloc(n, sizeof *paths);
    json_t **res = dd_xcalloc(n, sizeof *res);
    long *codes = dd_xcalloc(n, sizeof *codes);
    dd_error *errs = dd_xcalloc(n, sizeof *errs);
    for (i = 0; i < n; i++) {
        _cleanup_free_ char *id = dd_engine_escape(json_string_value(json_array_get(ids, i)));
        paths[i] = dd_xasprintf("/containers/%s/top", id);
    }
    dd_engine_get_json_many(f->engine, (const char *const *)paths, n, res, codes, errs);
    for (i = 0; i < n; i++) {
        const char *id = json_string_value(json_array_get(ids, i));
        if (res[i] && json_is_object(res[i])) {
            json_object_set(f->tops, id, res[i]);
        } else if (!res[i] && codes[i] == 404) {
            for (size_t k = json_array_size(f->containers); k-- > 0;) {
                json_t *c = json_array_get(f->containers, k);
                const char *cid = json_string_value(json_object_get(c, "Id"));
                if (!cid || strcmp(cid, id) != 0)
                    continue;
                const char *name = json_string_value(json_object_get(c, "Name"));
                json_array_append_new(f->vanished, json_pack("{s:s, s:s}", "Id", id, "Name",
                                                             name && *name == '/' ? name + 1
                                                             : name               ? name
                                                                                  : id));
                json_array_remove(f->containers, k);
            }
        } else {
            _cleanup_free_ char *key = dd_xasprintf("top:%s", id);
            gather_error(f, key, res[i] ? &(dd_error){.msg = "not a JSON object"} : &errs[i]);
        }
        if (res[i])
            json_decref(res[i]);
        free(paths[i]);
    }
    free(paths);
    free(res);
    free(codes);
    free(errs);
}

/* Whether any selected check of sections 4-7 is one of `cis` (NULL-terminated). Facts
 * only some checks read are fetched only when one of them runs: /top alone costs the
 * daemon a ps(1) per container. */
static bool wanted(const dd_bench_facts *f, const char *const *cis)
{
    const dd_rule_table *t = &dd_bench_runtime_table;
    for (size_t i = 0; i < t->n; i++) {
        const dd_rule *r = dd_rule_table_at(t, i);
        for (const char *const *c = cis; *c; c++)
            if (r->cis && strcmp(r->cis, *c) == 0 && dd_bench_selected(r, f->opts))
                return true;
    }
    return false;
}

/* Whether any selected check at all, host table included, has one of `needs`. */
static bool any_needs(const dd_bench_facts *f, unsigned needs)
{
    for (const dd_rule_table *const *t = dd_bench_tables; *t; t++)
        for (size_t i = 0; i < (*t)->n; i++) {
            const dd_bench_check *c = (const dd_bench_check *)dd_rule_table_at(*t, i);
            if ((c->needs & needs) && dd_bench_selected(&c->rule, f->opts))
                return true;
        }
    return false;
}

/* The trust checks judge each container by its image's inspect (RepoDigests). */
static bool trust_wanted(const dd_bench_facts *f)
{
    for (size_t i = 0; i < dd_bench_trust_table.n; i++)
        if (dd_bench_selected(dd_rule_table_at(&dd_bench_trust_table, i), f->opts))
            return true;
    return false;
}

static bool containers_wanted(const dd_bench_facts *f)
{
    static const char *const also[] = {"6.1", NULL};
    return any_needs(f, DD_BENCH_PER_CONTAINER) || wanted(f, also);
}

int dd_bench_gather_engine(dd_bench_facts *f, const dd_engine_config *ec, dd_error *e)
{
    f->gather_errors = json_object();
    f->vanished = json_array();
    f->inspect_errors = json_array();
    f->containers = json_array();
    f->tops = json_object();
    f->image_inspects = json_object();
    f->image_histories = json_object();

    dd_engine *eng = NULL;
    /* Nothing selected needs it (--check 1,3): not even a connection attempt, and no
     * engine error either (kind stays DD_ERR_NONE). */
    f->daemon_required = any_needs(f, DD_BENCH_NEEDS_DAEMON);
    if (!f->daemon_required && !any_needs(f, DD_BENCH_READS_INFO))
        return 0;
    if (dd_engine_open(&eng, ec, &f->engine_error) < 0) {
        /* A malformed -H/DOCKER_HOST is the user's mistake, not an unreachable daemon. */
        if (f->engine_error.kind == DD_ERR_USAGE) {
            *e = f->engine_error;
            return -1;
        }
        return 0;
    }
    if (dd_engine_connect(eng, &f->engine_error) < 0) {
        dd_engine_free(eng);
        return 0;
    }
    f->engine = eng;
    if (dd_engine_version_json(eng))
        f->version = json_incref(dd_engine_version_json(eng));

    /* Round one: what exists. */
    const char *const first[] = {"/info", "/containers/json?all=1", "/images/json"};
    json_t *outs[3] = {NULL, NULL, NULL};
    long st[3];
    dd_error errs[3];
    dd_engine_get_json_many(eng, first, 3, outs, st, errs);
    if (outs[0] && json_is_object(outs[0]))
        f->info = json_incref(outs[0]);
    else
        gather_error(f, "info", outs[0] ? &(dd_error){.msg = "not a JSON object"} : &errs[0]);
    _cleanup_json_ json_t *list = NULL;
    if (outs[1] && json_is_array(outs[1]))
        list = json_incref(outs[1]);
    else
        gather_error(f, "containers", outs[1] ? &(dd_error){.msg = "not a JSON array"} : &errs[1]);
    if (outs[2] && json_is_array(outs[2]))
        f->images = json_incref(outs[2]);
    else
        gather_error(f, "images", outs[2] ? &(dd_error){.msg = "not a JSON array"} : &errs[2]);
    for (int i = 0; i < 3; i++)
        if (outs[i])
            json_decref(outs[i]);

    _cleanup_json_ json_t *scope = json_array();
    if ((list && select_containers(f, list, scope, e) < 0) || select_images(f, e) < 0)
        return -1;

    if (f->opts && f->opts->after_list)
        f->opts->after_list(f->opts->after_list_ud);

    /* Round two: the details, all in parallel. */
    static const char *const top_checks[] = {"5.7", NULL};
    static const char *const image_checks[] = {"4.6", "4.7", "4.9", NULL};
    bool want_ctr = containers_wanted(f), want_top = wanted(f, top_checks),
         want_img = wanted(f, image_checks) || trust_wanted(f);
    size_t nimg = f->images && want_img ? json_array_size(f->images) : 0;
    size_t cap = json_array_size(scope) + nimg * 2 + 1, n = 0;
    _cleanup_free_ char **paths = dd_xcalloc(cap, sizeof *paths);
    _cleanup_free_ int *kind = dd_xcalloc(cap, sizeof *kind);
    _cleanup_free_ size_t *ref = dd_xcalloc(cap, sizeof *ref);
    size_t i;
    const json_t *c;
    json_array_foreach(want_ctr ? scope : NULL, i, c)
    {
        _cleanup_free_ char *id = dd_engine_escape(json_string_value(json_object_get(c, "Id")));
        kind[n] = REQ_INSPECT, ref[n] = i, paths[n++] = dd_xasprintf("/containers/%s/json", id);
    }
    json_array_foreach(want_img ? f->images : NULL, i, c)
    {
        const char *raw = json_string_value(json_object_get(c, "Id"));
        if (!raw)
            continue;
        _cleanup_free_ char *id = dd_engine_escape(raw);
        kind[n] = REQ_IMAGE, ref[n] = i, paths[n++] = dd_xasprintf("/images/%s/json", id);
        kind[n] = REQ_HISTORY, ref[n] = i, paths[n++] = dd_xasprintf("/images/%s/history", id);
    }
    /* Every network, swarm or not: the overlays (7.x) and the default bridge's options, the
     * running daemon's own word on icc (2.2), come from the one list. */
    if (f->info)
        kind[n] = REQ_NETWORKS, ref[n] = 0, paths[n++] = dd_xstrdup("/networks");

    json_t **res = dd_xcalloc(n ? n : 1, sizeof *res);
    long *codes = dd_xcalloc(n ? n : 1, sizeof *codes);
    dd_error *rerrs = dd_xcalloc(n ? n : 1, sizeof *rerrs);
    dd_engine_get_json_many(eng, (const char *const *)paths, n, res, codes, rerrs);

    for (size_t k = 0; k < n; k++) {
        const json_t *item = kind[k] == REQ_INSPECT ? json_array_get(scope, ref[k])
                                                    : json_array_get(f->images, ref[k]);
        const char *id = json_string_value(json_object_get(item, "Id"));
        switch (kind[k]) {
        case REQ_INSPECT:
            if (!res[k] && codes[k] == 404) {
                json_array_append_new(f->vanished,
                                      json_pack("{s:s, s:s}", "Id", id, "Name", list_name(item)));
            } else if (res[k] && json_is_object(res[k])) {
                json_array_append(f->containers, res[k]);
            } else {
                json_array_append_new(f->inspect_errors,
                                      json_pack("{s:s, s:s, s:s}", "Id", id, "Name",
                                                list_name(item), "error",
                                                res[k] ? "not a JSON object" : rerrs[k].msg));
            }
            break;
        case REQ_IMAGE:
        case REQ_HISTORY: {
            json_t *dst = kind[k] == REQ_IMAGE ? f->image_inspects : f->image_histories;
            bool ok =
                res[k] && (kind[k] == REQ_IMAGE ? json_is_object(res[k]) : json_is_array(res[k]));
            if (ok) {
                json_object_set(dst, id, res[k]);
            } else {
                _cleanup_free_ char *key =
                    dd_xasprintf("%s:%s", kind[k] == REQ_IMAGE ? "image" : "history", id);
                gather_error(f, key, res[k] ? &(dd_error){.msg = "unexpected JSON"} : &rerrs[k]);
            }
            break;
        }
        case REQ_NETWORKS:
            if (res[k] && json_is_array(res[k]))
                f->networks = json_incref(res[k]);
            else
                gather_error(f, "networks",
                             res[k] ? &(dd_error){.msg = "not a JSON array"} : &rerrs[k]);
            break;
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (res[k])
            json_decref(res[k]);
        free(paths[k]);
    }
    free(res);
    free(codes);
    free(rerrs);

    /* Round three: process lists of the running containers in scope (5.7). */
    if (want_top) {
        _cleanup_json_ json_t *todo = json_array();
        proc_tops(f, todo);
        api_tops(f, todo);
    }
    return 0;
}

void dd_bench_facts_free(dd_bench_facts *f)
{
    json_t **js[] = {&f->info,     &f->version,        &f->containers,     &f->vanished,
                     &f->tops,     &f->images,         &f->image_inspects, &f->image_histories,
                     &f->networks, &f->inspect_errors, &f->gather_errors};
    for (size_t i = 0; i < DD_ARRAY_SIZE(js); i++) {
        if (*js[i])
            json_decref(*js[i]);
        *js[i] = NULL;
    }
    if (f->host)
        dd_host_facts_free(f->host);
    if (f->daemon)
        dd_daemon_config_free(f->daemon);
    f->host = NULL;
    f->daemon = NULL;
    dd_engine_free(f->engine);
    f->engine = NULL;
}
