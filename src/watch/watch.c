/* The watch loop: records from the sensor, decoded into events, evaluated against the
 * rules, alerts to the sinks. Single-threaded apart from the Docker events follower and
 * the webhook sender, which only exchange queued data with it. */
#include "watch/watch.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "core/term.h"
#include "watch/containers.h"
#include "watch/default_rules.h"
#include "watch/fields.h"
#include "core/heartbeat.h"
#include "report/node.h"
#include "report/prometheus.h"
#include "watch/metrics.h"
#include "watch/proc.h"
#include "watch/sensor.h"
#include "watch/users.h"
#include "report/webhook.h"

#define DD_PROCS_MAX 32768
#define DD_CGMAP_MAX 32768 /* > the kernel's cgroup_seen LRU (8192) */
#define DD_POLL_MS   50

/* Every alert ends with the container, as Falco's container plugin appends it. */
#define DD_APPEND_OUTPUT                                                                           \
    " container_id=%container.id container_name=%container.name "                                  \
    "container_image=%container.image.repository"

/* ---- rules ---------------------------------------------------------------------------- */

int dd_watch_load_rules(const dd_watch_opts *o, dd_ruleset **out, FILE *report, dd_error *e)
{
    *out = NULL;
    dd_ruleset *rs = dd_ruleset_new();
    size_t n = o->nrules;
    for (size_t i = 0; i < (n ? n : 1); i++) {
        const char *path = n ? o->rules[i] : "default";
        int rc;
        if (!strcmp(path, "default")) {
            size_t len;
            const char *txt = dd_default_rules(&len);
            rc = dd_ruleset_load_buffer(rs, DD_DEFAULT_RULES_NAME, txt, len, e);
        } else {
            rc = dd_ruleset_load_path(rs, path, e);
        }
        if (rc < 0) {
            dd_ruleset_free(rs);
            return -1;
        }
    }
    dd_ruleset_set_append_output(rs, DD_APPEND_OUTPUT);
    if (dd_ruleset_compile(rs, e) < 0) {
        dd_ruleset_free(rs);
        return -1;
    }
    if (o->nselect) {
        const char *unknown;
        if (dd_ruleset_select(rs, o->select, o->nselect, &unknown)) {
            dd_error_set(e, DD_ERR_USAGE, 0, "--rule %s: no rule has that name, id or tag",
                         unknown);
            dd_ruleset_free(rs);
            return -1;
        }
    }
    if (report) {
        size_t total = dd_ruleset_count(rs), skipped = 0, disabled = 0;
        for (size_t i = 0; i < total; i++) {
            const dd_wrule *r = dd_ruleset_at(rs, i);
            skipped += r->skip != NULL;
            disabled += !r->skip && !r->enabled;
        }
        fprintf(report, "drydock watch: %zu rules loaded: %zu active, %zu disabled, %zu skipped\n",
                total, dd_ruleset_active(rs), disabled, skipped);
        for (size_t i = 0; i < total; i++) {
            const dd_wrule *r = dd_ruleset_at(rs, i);
            if (r->skip)
                fprintf(report, "  skipped: %s: %s\n", r->name, r->skip);
        }
        for (size_t i = 0; i < total; i++) {
            const dd_wrule *r = dd_ruleset_at(rs, i);
            if (!r->skip && r->note && r->enabled)
                fprintf(report, "  note: %s: %s\n", r->name, r->note);
        }
    }
    *out = rs;
    return 0;
}

void dd_watch_list_fields(FILE *out)
{
    static const char *const types[] = {"string", "number", "bool", "ipaddr", "char"};
    for (const dd_field *f = dd_fields(); f->name; f++) {
        const char *arg = f->arg == DD_FA_INDEX || f->arg == DD_FA_INDEX_OPT ? "[N]"
                          : f->arg == DD_FA_KEY || f->arg == DD_FA_KEY_OPT   ? "[KEY]"
                          : f->arg == DD_FA_ARG                              ? ".NAME"
                                                                             : "";
        char name[64];
        snprintf(name, sizeof name, "%s%s", f->name, arg);
        fprintf(out, "%-42s %-7s %s\n", name, types[f->type], f->desc);
    }
}

/* ---- state ---------------------------------------------------------------------------- */

typedef struct cgent {
    uint64_t id;
    char ctr[65]; /* container id, or "" for the host */
    uint64_t used;
} cgent;

typedef struct watch {
    const dd_watch_opts *o;
    dd_ruleset *rs;
    dd_sensor *sensor;
    dd_proctab *procs;
    dd_ctrcache *ctrs;
    dd_dockerwatch *docker;
    dd_users *users;
    dd_webhook *webhook;
    dd_metrics *metrics;
    FILE *out;
    bool close_out;
    bool color;
    char hostname[256];
    json_t *labels;        /* the node's labels (report/node.h), or NULL */
    const char *heartbeat; /* core/heartbeat.h, or NULL */
    int64_t real_off; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
    dd_warena arena;
    dd_wctx ctx;
    dd_buf text, line;
    /* cgroup id → container */
    cgent *cg;
    size_t cgcap, cgn;
    uint64_t cgclock;
    /* counters */
    uint64_t evnum;
    uint64_t *by_type; /* events per type */
    uint64_t *by_rule; /* alerts per rule index */
    uint64_t records, malformed;
    uint64_t alerts;
    dd_severity worst;
    struct timespec start;
    size_t ring_peak; /* highest fill seen, bytes */
} watch;

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void update_real_off(watch *w)
{
    struct timespec r, m;
    clock_gettime(CLOCK_REALTIME, &r);
    clock_gettime(CLOCK_MONOTONIC, &m);
    w->real_off = (r.tv_sec - m.tv_sec) * 1000000000LL + (r.tv_nsec - m.tv_nsec);
}

static cgent *cg_find(watch *w, uint64_t id)
{
    size_t s = (id * 0x9e3779b97f4a7c15ull) >> 40;
    for (size_t k = 0; k < w->cgcap; k++) {
        cgent *c = &w->cg[(s + k) & (w->cgcap - 1)];
        if (c->id == id)
            return c;
        if (!c->id)
            return NULL;
    }
    return NULL;
}

static void cg_put(watch *w, uint64_t id, const char *ctr)
{
    if (w->cgn >= w->cgcap / 2) {
        /* full: keep the recently used half */
        uint64_t cut = w->cgclock - w->cgn / 2;
        cgent *old = w->cg;
        size_t cap = w->cgcap;
        w->cg = dd_xcalloc(cap, sizeof *w->cg);
        w->cgn = 0;
        for (size_t i = 0; i < cap; i++)
            if (old[i].id && old[i].used >= cut) {
                size_t s = (old[i].id * 0x9e3779b97f4a7c15ull) >> 40;
                while (w->cg[s & (cap - 1)].id)
                    s++;
                w->cg[s & (cap - 1)] = old[i];
                w->cgn++;
            }
        free(old);
    }
    cgent *c = cg_find(w, id);
    if (!c) {
        size_t s = (id * 0x9e3779b97f4a7c15ull) >> 40;
        while (w->cg[s & (w->cgcap - 1)].id)
            s++;
        c = &w->cg[s & (w->cgcap - 1)];
        c->id = id;
        w->cgn++;
    }
    snprintf(c->ctr, sizeof c->ctr, "%s", ctr);
    c->used = ++w->cgclock;
}

/* The container a cgroup belongs to; NULL for the host. */
static const dd_container *container_of_cg(watch *w, uint64_t cgid)
{
    cgent *c = cg_find(w, cgid);
    if (!c || !c->ctr[0])
        return NULL;
    c->used = ++w->cgclock;
    const dd_container *ctr = dd_ctrcache_get(w->ctrs, c->ctr);
    if (ctr || dd_ctrcache_is_foreign(w->ctrs, c->ctr))
        return ctr;
    /* Not known yet: ask the daemon now. A container of another daemon on this host is
     * asked about once. */
    bool gone = false;
    dd_container *n = w->docker ? dd_dockerwatch_inspect(w->docker, c->ctr, &gone) : NULL;
    if (n)
        return dd_ctrcache_put(w->ctrs, n);
    dd_ctrcache_mark_foreign(w->ctrs, c->ctr);
    return NULL;
}

/* Only the containers asked for (--container), when asked. */
static bool selected(watch *w, const dd_container *c)
{
    if (!w->o->ncontainers)
        return true;
    if (!c)
        return false;
    for (size_t i = 0; i < w->o->ncontainers; i++) {
        const char *ref = w->o->containers[i];
        size_t rl = strlen(ref);
        if ((c->name && !strcmp(c->name, ref)) || (rl >= 12 && !strncmp(c->id, ref, rl)))
            return true;
    }
    return false;
}

/* ---- names for fields ------------------------------------------------------------------ */

static const dd_proc *ctx_proc(void *ud, uint32_t pid)
{
    watch *w = ud;
    return dd_proctab_find(w->procs, pid);
}

static dd_users_src users_src(const dd_wevent *ev)
{
    dd_users_src s = {"host", NULL, NULL, ev->task->pid};
    if (ev->ctr) {
        s.key = ev->ctr->id;
        s.passwd = ev->ctr->passwd;
        s.group = ev->ctr->group;
    }
    return s;
}

static const char *ctx_user(void *ud, const dd_wevent *ev, uint32_t uid)
{
    dd_users_src s = users_src(ev);
    return dd_users_name(((watch *)ud)->users, &s, uid);
}
static const char *ctx_home(void *ud, const dd_wevent *ev, uint32_t uid)
{
    dd_users_src s = users_src(ev);
    return dd_users_home(((watch *)ud)->users, &s, uid);
}
static const char *ctx_shell(void *ud, const dd_wevent *ev, uint32_t uid)
{
    dd_users_src s = users_src(ev);
    return dd_users_shell(((watch *)ud)->users, &s, uid);
}
static const char *ctx_group(void *ud, const dd_wevent *ev, uint32_t gid)
{
    dd_users_src s = users_src(ev);
    return dd_users_group(((watch *)ud)->users, &s, gid);
}

/* ---- alerts ------------------------------------------------------------------------------ */

static const char *prio_color(dd_prio p)
{
    return p <= DD_PRIO_CRITICAL  ? "\033[1;31m"
           : p == DD_PRIO_ERROR   ? "\033[31m"
           : p == DD_PRIO_WARNING ? "\033[33m"
           : p == DD_PRIO_NOTICE  ? "\033[36m"
                                  : "";
}

static void on_match(const dd_wrule *r, const dd_wevent *ev, void *ud)
{
    watch *w = ud;
    w->alerts++;
    w->by_rule[r->index]++;
    dd_severity sev = dd_prio_severity(r->prio);
    if (sev > w->worst)
        w->worst = sev;

    json_t *fields = json_object();
    dd_buf_reset(&w->text);
    dd_rule_render(r, ev, &w->text, fields);
    json_object_set_new(fields, "evt.time", json_integer(ev->ts));

    time_t sec = ev->ts / 1000000000;
    long ns = ev->ts % 1000000000;
    struct tm tm;
    char hms[32], iso[64];
    localtime_r(&sec, &tm);
    size_t hl = strftime(hms, sizeof hms, "%H:%M:%S", &tm);
    snprintf(hms + hl, sizeof hms - hl, ".%09ld", ns);
    gmtime_r(&sec, &tm);
    size_t il = strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(iso + il, sizeof iso - il, ".%09ldZ", ns);

    bool need_json = w->o->format == DD_WATCH_JSON || w->webhook;
    char *js = NULL;
    if (need_json) {
        dd_buf full = DD_BUF_INIT;
        dd_buf_printf(&full, "%s: %s ", hms, dd_prio_name(r->prio));
        dd_buf_append(&full, w->text.data ? w->text.data : "", w->text.len);
        json_t *tags = json_array();
        for (size_t i = 0; i < r->ntags; i++)
            json_array_append_new(tags, json_string(r->tags[i]));
        json_t *doc = json_object();
        json_object_set_new(doc, "hostname", json_string(w->hostname));
        if (w->labels)
            json_object_set(doc, "labels", w->labels);
        json_object_set_new(doc, "output", dd_json_string_safe(full.data, full.len));
        json_object_set_new(doc, "output_fields", fields);
        fields = NULL;
        json_object_set_new(doc, "priority", json_string(dd_prio_name(r->prio)));
        json_object_set_new(doc, "rule", dd_json_string_safe(r->name, strlen(r->name)));
        json_object_set_new(doc, "source", json_string("syscall"));
        json_object_set_new(doc, "tags", tags);
        json_object_set_new(doc, "time", json_string(iso));
        js = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(doc);
        dd_buf_free(&full);
    }
    if (fields)
        json_decref(fields);
    if (w->o->format == DD_WATCH_JSON) {
        if (js)
            fprintf(w->out, "%s\n", js);
    } else {
        dd_buf_reset(&w->line);
        dd_term_append(&w->line, w->text.data ? w->text.data : "", w->text.len);
        if (w->color)
            fprintf(w->out, "%s: %s%s\033[0m %s\n", hms, prio_color(r->prio), dd_prio_name(r->prio),
                    w->line.data ? w->line.data : "");
        else
            fprintf(w->out, "%s: %s %s\n", hms, dd_prio_name(r->prio),
                    w->line.data ? w->line.data : "");
    }
    fflush(w->out);
    if (w->webhook && js)
        dd_webhook_send(w->webhook, js, strlen(js));
    free(js);
}

static void evaluate(watch *w, dd_wevent *ev)
{
    if (ev->type >= 0 && ev->type < dd_evtype_count())
        w->by_type[ev->type]++;
    if (!selected(w, ev->ctr))
        return;
    ev->num = ++w->evnum;
    ev->ctx = &w->ctx;
    ev->arena = &w->arena;
    dd_ruleset_eval(w->rs, ev, on_match, w);
    dd_warena_reset(&w->arena);
}

/* ---- records ------------------------------------------------------------------------------- */

/* Walk a record's strings (slot order), bounded by the record. Slots in `blocks` are
 * NUL-separated blocks (argv, environment) kept whole; the others are terminated (a
 * string cut at its bound is terminated in the arena). False if malformed. */
static bool decode_strs(dd_wevent *ev, dd_warena *a, const uint16_t *slen, const char *p,
                        const char *end, unsigned blocks)
{
    for (int i = 0; i < DD_EV_NSTR; i++) {
        if (!slen[i])
            continue;
        if (slen[i] > (size_t)(end - p))
            return false;
        if (blocks & (1u << i)) {
            ev->str[i] = p;
            ev->slen[i] = slen[i];
        } else if (p[slen[i] - 1] == 0) {
            ev->str[i] = p;
            ev->slen[i] = slen[i] - 1;
        } else {
            ev->str[i] = dd_warena_strndup(a, p, slen[i]);
            ev->slen[i] = slen[i];
        }
        p += slen[i];
    }
    return true;
}

static const struct dd_ev_task no_task;

static void on_syscall(watch *w, const struct dd_ev_syscall *rec, size_t size)
{
    const dd_syscall *sc = dd_syscall_by_nr(rec->h.nr);
    if (!sc || size < sizeof *rec) {
        w->malformed++;
        return;
    }
    dd_wevent ev = {0};
    ev.ts = (int64_t)rec->h.ts + w->real_off;
    ev.kind = DD_WEV_SYSCALL;
    ev.sc = sc;
    ev.type = (int)(sc - dd_syscalls());
    ev.ret = rec->ret;
    memcpy(ev.args, rec->args, sizeof ev.args);
    ev.task = &rec->h.task;
    ev.fd = &rec->fd;
    ev.sa = &rec->sa;
    if (!decode_strs(&ev, &w->arena, rec->slen, (const char *)(rec + 1), (const char *)rec + size,
                     1u << DD_STR_ARGV)) {
        w->malformed++;
        return;
    }
    ev.ctr = container_of_cg(w, rec->h.task.cgroup_id);
    ev.proc = dd_proctab_for_task(w->procs, &rec->h.task, w->real_off);
    evaluate(w, &ev);
}

static void on_exec(watch *w, const struct dd_ev_exec *rec, size_t size)
{
    if (size < sizeof *rec) {
        w->malformed++;
        return;
    }
    dd_wevent ev = {0};
    if (!decode_strs(&ev, &w->arena, rec->slen, (const char *)(rec + 1), (const char *)rec + size,
                     (1u << DD_EXEC_ARGV) | (1u << DD_EXEC_ENV))) {
        w->malformed++;
        return;
    }
    ev.ts = (int64_t)rec->h.ts + w->real_off;
    ev.kind = DD_WEV_EXEC;
    const char *fname = ev.str[DD_EXEC_FILENAME];
    bool at = fname && !strncmp(fname, "/dev/fd/", 8);
    ev.type = at ? dd_evtype_execveat() : dd_evtype_exec();
    ev.sc = dd_syscall_by_name(at ? "execveat" : "execve");
    ev.task = &rec->h.task;
    ev.ctr = container_of_cg(w, rec->h.task.cgroup_id);
    ev.proc = dd_proctab_exec(w->procs, rec, ev.str, ev.slen, w->real_off);
    /* exec records carry no syscall strings for fields: those come from the process */
    memset(ev.str, 0, sizeof ev.str);
    memset(ev.slen, 0, sizeof ev.slen);
    evaluate(w, &ev);
}

static void on_cgroup(watch *w, const struct dd_ev_cgroup *rec, size_t size)
{
    if (size < sizeof *rec) {
        w->malformed++;
        return;
    }
    /* the container is the nearest directory named like one (a container may make its
     * own sub-cgroups) */
    char id[65] = "";
    for (int i = 0; i < DD_CGROUP_LEVELS; i++) {
        char name[DD_CGROUP_NAME + 1];
        memcpy(name, rec->name[i], DD_CGROUP_NAME);
        name[DD_CGROUP_NAME] = 0;
        if (dd_cgroup_container_id(name, id))
            break;
        id[0] = 0;
    }
    cg_put(w, rec->id, id);
}

static int on_record(const struct dd_ev_hdr *h, size_t size, void *ud, dd_error *e)
{
    watch *w = ud;
    w->records++;
    if (size < sizeof *h || h->size > size) {
        w->malformed++;
        return 0;
    }
    size = h->size;
    switch (h->type) {
    case DD_EV_CGROUP:
        on_cgroup(w, (const void *)h, size);
        break;
    case DD_EV_SYSCALL:
        on_syscall(w, (const void *)h, size);
        break;
    case DD_EV_EXEC:
        on_exec(w, (const void *)h, size);
        break;
    case DD_EV_FORK: {
        if (size < sizeof(struct dd_ev_fork))
            break;
        const struct dd_ev_fork *f = (const void *)h;
        dd_proctab_fork(w->procs, f, w->real_off);
        if (dd_ruleset_uses_type(w->rs, dd_evtype_clone())) {
            dd_wevent ev = {0};
            ev.ts = (int64_t)h->ts + w->real_off;
            ev.kind = DD_WEV_CLONE;
            ev.type = dd_evtype_clone();
            ev.task = &h->task;
            ev.ctr = container_of_cg(w, h->task.cgroup_id);
            ev.proc = dd_proctab_find(w->procs, f->child_pid);
            if (ev.proc)
                evaluate(w, &ev);
        }
        break;
    }
    case DD_EV_EXIT: {
        dd_wevent ev = {0};
        ev.ts = (int64_t)h->ts + w->real_off;
        ev.kind = DD_WEV_PROCEXIT;
        ev.type = dd_evtype_procexit();
        ev.task = &h->task;
        if (dd_ruleset_uses_type(w->rs, ev.type)) {
            ev.ctr = container_of_cg(w, h->task.cgroup_id);
            ev.proc = dd_proctab_for_task(w->procs, &h->task, w->real_off);
            evaluate(w, &ev);
        } else {
            w->by_type[ev.type]++;
        }
        dd_proctab_exit(w->procs, h->task.pid);
        break;
    }
    default:
        break;
    }
    return 0;
}

/* Container updates from the events follower; a start is also an event for rules. */
static void apply_updates(watch *w)
{
    if (!w->docker)
        return;
    dd_ctrupdate *u = dd_dockerwatch_drain(w->docker);
    for (dd_ctrupdate *x = u; x; x = x->next) {
        if (x->kind == DD_CTR_REMOVED) {
            dd_ctrcache_removed(w->ctrs, x->id);
            continue;
        }
        const dd_container *c = dd_ctrcache_put(w->ctrs, x->ctr);
        x->ctr = NULL;
        if (x->kind == DD_CTR_STARTED) {
            dd_wevent ev = {0};
            ev.ts = c->start_real ? c->start_real : mono_ns() + w->real_off;
            ev.kind = DD_WEV_CONTAINER;
            ev.type = dd_evtype_container();
            ev.task = &no_task;
            ev.ctr = c;
            evaluate(w, &ev);
        }
    }
    dd_ctrupdate_free(u);
}

/* ---- metrics and summary ----------------------------------------------------------------------
 */

static double cpu_seconds(bool user)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    struct timeval t = user ? ru.ru_utime : ru.ru_stime;
    return t.tv_sec + t.tv_usec / 1e6;
}

static long rss_kb(void)
{
    dd_buf b = DD_BUF_INIT;
    long kb = 0;
    if (dd_buf_read_file(&b, "/proc/self/status", 1 << 16) == 0) {
        const char *p = strstr(b.data, "VmRSS:");
        if (p)
            kb = strtol(p + 6, NULL, 10);
    }
    dd_buf_free(&b);
    return kb;
}

static void render_metrics(dd_buf *b, void *ud)
{
    watch *w = ud;
    dd_error e = {0};
    unsigned ncpu = dd_sensor_ncpus(w->sensor);
    struct dd_stats sum, *per = dd_xcalloc(ncpu, sizeof *per);
    dd_sensor_stats(w->sensor, &sum, per, &e);
    static const char *const tnames[] = {"",     "syscall", "exec", "fork",
                                         "exit", "cgroup",  "cap",  "raw"};
    dd_buf_puts(b, "# HELP drydock_watch_events_total Events evaluated, by event type.\n"
                   "# TYPE drydock_watch_events_total counter\n");
    for (int t = 0; t < dd_evtype_count(); t++)
        if (w->by_type[t])
            dd_buf_printf(b, "drydock_watch_events_total{type=\"%s\"} %llu\n", dd_evtype_name(t),
                          (unsigned long long)w->by_type[t]);
    dd_buf_puts(b, "# HELP drydock_watch_alerts_total Alerts raised, by rule.\n"
                   "# TYPE drydock_watch_alerts_total counter\n");
    for (size_t i = 0; i < dd_ruleset_count(w->rs); i++) {
        const dd_wrule *r = dd_ruleset_at(w->rs, i);
        if (!r->enabled || r->skip)
            continue;
        dd_buf_puts(b, "drydock_watch_alerts_total{rule=\"");
        dd_prom_label(b, r->name);
        dd_buf_printf(b, "\",priority=\"%s\"} %llu\n", dd_prio_name(r->prio),
                      (unsigned long long)w->by_rule[r->index]);
    }
    dd_buf_puts(b, "# HELP drydock_watch_kernel_records_total Records the kernel side wrote, by "
                   "CPU and type.\n"
                   "# TYPE drydock_watch_kernel_records_total counter\n");
    for (unsigned c = 0; c < ncpu; c++)
        for (int t = 1; t < DD_EV_NTYPES; t++)
            if (per[c].events[t])
                dd_buf_printf(b,
                              "drydock_watch_kernel_records_total{cpu=\"%u\",type=\"%s\"} %llu\n",
                              c, tnames[t], (unsigned long long)per[c].events[t]);
    dd_buf_puts(
        b,
        "# HELP drydock_watch_drops_total Records lost because a ring was full, by CPU and type.\n"
        "# TYPE drydock_watch_drops_total counter\n");
    for (unsigned c = 0; c < ncpu; c++)
        for (int t = 1; t < DD_EV_NTYPES; t++)
            dd_buf_printf(b, "drydock_watch_drops_total{cpu=\"%u\",type=\"%s\"} %llu\n", c,
                          tnames[t], (unsigned long long)per[c].drops[t]);
    dd_buf_puts(b, "# HELP drydock_watch_ring_used_bytes Bytes waiting in each CPU's ring.\n"
                   "# TYPE drydock_watch_ring_used_bytes gauge\n");
    size_t size = 0;
    for (unsigned c = 0; c < ncpu; c++) {
        size_t used;
        dd_sensor_ring_use(w->sensor, c, &used, &size);
        dd_buf_printf(b, "drydock_watch_ring_used_bytes{cpu=\"%u\"} %zu\n", c, used);
    }
    dd_buf_printf(b,
                  "# HELP drydock_watch_ring_size_bytes Size of each CPU's ring.\n"
                  "# TYPE drydock_watch_ring_size_bytes gauge\ndrydock_watch_ring_size_bytes %zu\n",
                  size);
    dd_buf_printf(b,
                  "# HELP drydock_watch_cpu_seconds_total CPU time of drydock watch.\n"
                  "# TYPE drydock_watch_cpu_seconds_total counter\n"
                  "drydock_watch_cpu_seconds_total{mode=\"user\"} %.3f\n"
                  "drydock_watch_cpu_seconds_total{mode=\"system\"} %.3f\n",
                  cpu_seconds(true), cpu_seconds(false));
    dd_buf_printf(b,
                  "# TYPE drydock_watch_resident_bytes gauge\ndrydock_watch_resident_bytes %ld\n",
                  rss_kb() * 1024);
    dd_buf_printf(b, "# TYPE drydock_watch_processes gauge\ndrydock_watch_processes %zu\n",
                  dd_proctab_size(w->procs));
    dd_buf_printf(b, "# TYPE drydock_watch_containers gauge\ndrydock_watch_containers %zu\n",
                  dd_ctrcache_size(w->ctrs));
    dd_buf_printf(b, "# TYPE drydock_watch_rules_active gauge\ndrydock_watch_rules_active %zu\n",
                  dd_ruleset_active(w->rs));
    if (w->webhook) {
        dd_webhook_stats st;
        dd_webhook_stats_get(w->webhook, &st);
        dd_buf_printf(b,
                      "# TYPE drydock_watch_webhook_sent_total counter\n"
                      "drydock_watch_webhook_sent_total %llu\n"
                      "# TYPE drydock_watch_webhook_failed_total counter\n"
                      "drydock_watch_webhook_failed_total %llu\n"
                      "# TYPE drydock_watch_webhook_dropped_total counter\n"
                      "drydock_watch_webhook_dropped_total %llu\n"
                      "# TYPE drydock_watch_webhook_queued gauge\n"
                      "drydock_watch_webhook_queued %zu\n",
                      (unsigned long long)st.sent, (unsigned long long)st.failed,
                      (unsigned long long)st.dropped, st.queued);
    }
    if (w->docker)
        dd_buf_printf(b,
                      "# TYPE drydock_watch_docker_errors_total counter\n"
                      "drydock_watch_docker_errors_total %zu\n",
                      dd_dockerwatch_errors(w->docker));
    free(per);
}

static void summary(watch *w, const dd_webhook_stats *wh, FILE *out)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double secs = (now.tv_sec - w->start.tv_sec) + (now.tv_nsec - w->start.tv_nsec) / 1e9;
    dd_error e = {0};
    struct dd_stats st;
    dd_sensor_stats(w->sensor, &st, NULL, &e);
    uint64_t drops = 0, written = 0;
    for (int t = 0; t < DD_EV_NTYPES; t++) {
        drops += st.drops[t];
        written += st.events[t];
    }
    uint64_t evs = 0;
    for (int t = 0; t < dd_evtype_count(); t++)
        evs += w->by_type[t];
    fprintf(out, "drydock watch: stopped after %.1f s: %llu events, %llu alerts\n", secs,
            (unsigned long long)evs, (unsigned long long)w->alerts);
    for (size_t i = 0; i < dd_ruleset_count(w->rs); i++) {
        const dd_wrule *r = dd_ruleset_at(w->rs, i);
        if (w->by_rule[r->index])
            fprintf(out, "  %6llu  %s (%s)\n", (unsigned long long)w->by_rule[r->index], r->name,
                    dd_prio_name(r->prio));
    }
    fprintf(out,
            "  kernel: %llu records written, %llu lost (ring full), %llu read; "
            "%llu strings cut at their bound\n",
            (unsigned long long)written, (unsigned long long)drops, (unsigned long long)w->records,
            (unsigned long long)st.truncated);
    static const char *const tnames[] = {"",     "syscall", "exec", "fork",
                                         "exit", "cgroup",  "cap",  "raw"};
    if (drops) {
        fputs("  lost by type:", out);
        for (int t = 1; t < DD_EV_NTYPES; t++)
            if (st.drops[t])
                fprintf(out, " %s %llu", tnames[t], (unsigned long long)st.drops[t]);
        fputc('\n', out);
    }
    if (drops)
        fprintf(out,
                "  warning: %llu records were lost: alerts may be missing (a larger "
                "--ring-size helps)\n",
                (unsigned long long)drops);
    if (w->malformed)
        fprintf(out, "  warning: %llu malformed records ignored\n",
                (unsigned long long)w->malformed);
    if (wh)
        fprintf(out, "  webhook: %llu sent, %llu failed after retries, %llu dropped\n",
                (unsigned long long)wh->sent, (unsigned long long)wh->failed,
                (unsigned long long)wh->dropped);
    fprintf(out,
            "  cpu: %.2f s user, %.2f s system; %ld kB resident; %zu processes, %zu containers "
            "known\n",
            cpu_seconds(true), cpu_seconds(false), rss_kb(), dd_proctab_size(w->procs),
            dd_ctrcache_size(w->ctrs));
}

/* ---- the run ------------------------------------------------------------------------------------
 */

static void watch_free(watch *w)
{
    dd_metrics_close(w->metrics);
    dd_sensor_free(w->sensor);
    dd_dockerwatch_stop(w->docker);
    dd_proctab_free(w->procs);
    dd_ctrcache_free(w->ctrs);
    dd_users_free(w->users);
    dd_ruleset_free(w->rs);
    dd_warena_free(&w->arena);
    dd_buf_free(&w->text);
    dd_buf_free(&w->line);
    free(w->cg);
    free(w->by_type);
    free(w->by_rule);
    if (w->labels)
        json_decref(w->labels);
    if (w->close_out && w->out)
        fclose(w->out);
}

/* The cgroup of a running container: its directory's inode is the id the kernel reports.
 * Tried where the cgroupfs and systemd drivers put it, on cgroup v2 and the v1 hybrid. */
static uint64_t container_cgroup(const char *id)
{
    static const char *const dirs[][2] = {
        {"/sys/fs/cgroup/unified/docker/", ""},
        {"/sys/fs/cgroup/docker/", ""},
        {"/sys/fs/cgroup/system.slice/docker-", ".scope"},
        {"/sys/fs/cgroup/unified/system.slice/docker-", ".scope"},
    };
    for (size_t i = 0; i < DD_ARRAY_LEN(dirs); i++) {
        char path[256];
        struct stat st;
        snprintf(path, sizeof path, "%s%s%s", dirs[i][0], id, dirs[i][1]);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            return st.st_ino;
    }
    return 0;
}

/* --container: when every container named runs now, the kernel itself keeps only their
 * records (the rest cost one lookup). Otherwise the watch loop filters. */
static size_t container_cgroups(watch *w, uint64_t *ids, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < w->o->ncontainers && n < max; i++) {
        const dd_container *c = dd_ctrcache_find(w->ctrs, w->o->containers[i]);
        uint64_t id = c ? container_cgroup(c->id) : 0;
        if (!id)
            return 0;
        ids[n++] = id;
    }
    return n;
}

/* The kernel describes an opened file (its inode and f_mode) only if a rule reads what
 * that gives; the flags and the path are enough for the rest, and an open is the most
 * frequent record. */
static void specs_from_rules(const dd_ruleset *rs, struct dd_sc_spec *specs)
{
    memcpy(specs, dd_syscall_specs(), DD_NR_MAX * sizeof *specs);
    if (dd_ruleset_uses_field(rs, "evt.is_open_create") ||
        dd_ruleset_uses_field(rs, "evt.is_open_exec") || dd_ruleset_uses_field(rs, "fd.ino"))
        return;
    for (const dd_syscall *sc = dd_syscalls(); sc->name; sc++)
        if ((sc->flags & DD_SC_OPEN) && sc->nr >= 0 && sc->nr < DD_NR_MAX)
            specs[sc->nr].fd = 0;
}

static void interest_from_rules(const dd_ruleset *rs, dd_sensor_config *cfg)
{
    for (int t = 0; t < dd_evtype_count(); t++) {
        int nr = dd_evtype_syscall(t);
        if (nr < 0 || !dd_ruleset_uses_type(rs, t))
            continue;
        /* execve succeeds through sched_process_exec; the syscall itself is watched for its
         * failures (a refused exec is an attempt worth seeing) */
        dd_sensor_interest_set(cfg, (unsigned)nr);
    }
    cfg->env_max = dd_ruleset_needs_env(rs) ? 4096 : 0;
}

int dd_watch_run(const dd_watch_opts *o, dd_watch_result *res, dd_error *e)
{
    memset(res, 0, sizeof *res);
    watch w = {0};
    w.o = o;
    int rc = -1;
    int sfd = -1, wake = -1, ep = -1;
    dd_webhook_stats whst = {0};
    bool have_whst = false;

    if (dd_watch_load_rules(o, &w.rs, o->quiet ? NULL : stderr, e) < 0)
        return -1;
    if (!dd_ruleset_active(w.rs)) {
        dd_error_set(e, DD_ERR_INPUT, 0, "no rule to evaluate: every rule is disabled or skipped");
        goto out;
    }
    if (dd_sensor_preflight("", e) < 0)
        goto out;
    if (o->output) {
        w.out = fopen(o->output, "we");
        if (!w.out) {
            dd_error_sys(e, errno, "cannot write %s", o->output);
            goto out;
        }
        w.close_out = true;
    } else {
        w.out = stdout;
    }
    w.color = o->color == 1 || (o->color == -1 && !o->output && isatty(STDOUT_FILENO) &&
                                !getenv("NO_COLOR") && o->format == DD_WATCH_TEXT);
    json_t *node = dd_node_json(NULL, NULL);
    snprintf(w.hostname, sizeof w.hostname, "%s",
             json_string_value(json_object_get(node, "hostname")));
    w.labels = json_incref(json_object_get(node, "labels"));
    json_decref(node);
    w.heartbeat = dd_heartbeat_path();
    update_real_off(&w);
    w.procs = dd_proctab_new(DD_PROCS_MAX);
    w.ctrs = dd_ctrcache_new(256);
    w.users = dd_users_new("/proc");
    w.cgcap = DD_CGMAP_MAX * 2;
    w.cg = dd_xcalloc(w.cgcap, sizeof *w.cg);
    w.by_type = dd_xcalloc(dd_evtype_count(), sizeof *w.by_type);
    w.by_rule = dd_xcalloc(dd_ruleset_count(w.rs) + 1, sizeof *w.by_rule);
    w.ctx = (dd_wctx){ctx_proc, ctx_user, ctx_home, ctx_shell, ctx_group, w.hostname, &w};

    /* Signals go to the loop through a signalfd: blocked in every thread we start. */
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    sigset_t oldmask;
    pthread_sigmask(SIG_BLOCK, &mask, &oldmask);
    sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (sfd < 0 || wake < 0 || ep < 0) {
        dd_error_sys(e, errno, "cannot set up the event loop");
        goto restore;
    }

    /* The daemon first: its /events subscription must exist before any container we
     * could see starts. Without a daemon we still watch (containers are then unnamed). */
    if (dd_dockerwatch_start(&w.docker, &o->engine, wake, e) < 0) {
        if (o->ncontainers) {
            dd_error_prefix(e, "--container needs the Docker daemon");
            goto restore;
        }
        if (!o->quiet)
            fprintf(stderr, "drydock watch: warning: %s; containers will be named by id only\n",
                    e->msg);
        dd_error_clear(e);
        w.docker = NULL;
    }
    apply_updates(&w);
    if (o->webhook) {
        dd_webhook_opts wo = {.url = o->webhook};
        if (dd_webhook_start(&w.webhook, &wo, e) < 0)
            goto restore;
    }
    if (o->metrics && dd_metrics_listen(&w.metrics, o->metrics, e) < 0)
        goto restore;

    dd_sensor_config cfg;
    dd_sensor_config_init(&cfg);
    interest_from_rules(w.rs, &cfg);
    static struct dd_sc_spec specs[DD_NR_MAX];
    specs_from_rules(w.rs, specs);
    cfg.specs = specs;
    cfg.ring_bytes = o->ring_bytes;
    uint64_t cgids[64];
    size_t ncg = container_cgroups(&w, cgids, DD_ARRAY_LEN(cgids));
    cfg.filter_cgroups = ncg > 0;
    if (dd_sensor_open(&w.sensor, e) < 0 || dd_sensor_configure(w.sensor, &cfg, e) < 0 ||
        dd_sensor_load(w.sensor, e) < 0) {
        dd_error_prefix(e, "cannot load the eBPF sensor");
        goto restore;
    }
    for (size_t i = 0; i < ncg; i++)
        if (dd_sensor_cgroup_add(w.sensor, cgids[i], e) < 0)
            goto restore;
    /* Processes that run already: from /proc, before attaching (a record that comes
     * later updates them). */
    dd_proctab_scan(w.procs, "/proc", w.real_off);
    if (dd_sensor_attach(w.sensor, e) < 0) {
        dd_error_prefix(e, "cannot attach the eBPF sensor");
        goto restore;
    }
    struct epoll_event ev = {.events = EPOLLIN};
    ev.data.u32 = 1;
    epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
    ev.data.u32 = 2;
    epoll_ctl(ep, EPOLL_CTL_ADD, wake, &ev);
    ev.data.u32 = 3;
    epoll_ctl(ep, EPOLL_CTL_ADD, dd_sensor_epoll_fd(w.sensor), &ev);
    if (w.metrics) {
        ev.data.u32 = 4;
        epoll_ctl(ep, EPOLL_CTL_ADD, dd_metrics_fd(w.metrics), &ev);
    }
    clock_gettime(CLOCK_MONOTONIC, &w.start);
    if (!o->quiet) {
        fprintf(stderr, "drydock watch: watching");
        for (int t = 0; t < dd_evtype_count(); t++) {
            int nr = dd_evtype_syscall(t);
            if (nr >= 0 && dd_sensor_interest_has(&cfg, (unsigned)nr))
                fprintf(stderr, " %s", dd_evtype_name(t));
        }
        fprintf(stderr, " and process exec/exit on %u CPUs", dd_sensor_ncpus(w.sensor));
        if (ncg)
            fprintf(stderr, "; only %zu container cgroup%s (filtered in the kernel)", ncg,
                    ncg > 1 ? "s" : "");
        if (w.metrics)
            fprintf(stderr, "; metrics on port %d", dd_metrics_port(w.metrics));
        fputc('\n', stderr);
    }

    int64_t end = o->duration_s > 0 ? mono_ns() + (int64_t)(o->duration_s * 1e9) : 0;
    int64_t next_tick = mono_ns() + 1000000000LL;
    bool stop = false;
    while (!stop) {
        int timeout = DD_POLL_MS;
        if (end) {
            int64_t left = (end - mono_ns()) / 1000000;
            if (left <= 0)
                break;
            if (left < timeout)
                timeout = (int)left;
        }
        struct epoll_event evs[8];
        int n = epoll_wait(ep, evs, 8, timeout);
        for (int i = 0; i < n; i++) {
            if (evs[i].data.u32 == 1) {
                struct signalfd_siginfo si;
                while (read(sfd, &si, sizeof si) == sizeof si)
                    stop = true;
            } else if (evs[i].data.u32 == 2) {
                uint64_t v;
                ssize_t r = read(wake, &v, sizeof v);
                (void)r;
            } else if (evs[i].data.u32 == 4) {
                dd_metrics_service(w.metrics, render_metrics, &w);
            }
        }
        apply_updates(&w);
        if (dd_sensor_consume(w.sensor, on_record, &w, e) < 0)
            goto restore;
        for (unsigned c = 0; c < dd_sensor_ncpus(w.sensor); c++) {
            size_t used, size;
            dd_sensor_ring_use(w.sensor, c, &used, &size);
            if (used > w.ring_peak)
                w.ring_peak = used;
        }
        if (mono_ns() >= next_tick) {
            update_real_off(&w);
            if (w.heartbeat && dd_heartbeat_touch(w.heartbeat) < 0) {
                if (!o->quiet)
                    fprintf(stderr, "drydock watch: warning: cannot touch %s: %s; `drydock "
                                    "health` cannot tell this loop is alive\n",
                            w.heartbeat, strerror(errno));
                w.heartbeat = NULL;
            }
            next_tick = mono_ns() + 1000000000LL;
        }
    }
    /* Drain what the kernel wrote before we stopped, then detach. */
    apply_updates(&w);
    dd_sensor_consume(w.sensor, on_record, &w, e);
    if (w.webhook) {
        dd_webhook_stop(w.webhook, 5000, &whst);
        w.webhook = NULL;
        have_whst = true;
    }
    if (!o->quiet)
        summary(&w, have_whst ? &whst : NULL, stderr);
    res->alerts = w.alerts;
    res->worst = w.worst;
    rc = 0;
restore:
    if (w.webhook)
        dd_webhook_stop(w.webhook, 0, NULL);
    watch_free(&w);
    if (sfd >= 0)
        close(sfd);
    if (wake >= 0)
        close(wake);
    if (ep >= 0)
        close(ep);
    pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
    return rc;
out:
    dd_ruleset_free(w.rs);
    return rc;
}
