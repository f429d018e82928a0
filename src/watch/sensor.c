/* The user side of the eBPF sensor: skeleton life cycle, per-CPU rings read in place and
 * merged by timestamp, counters. See sensor.h for the contract. */
#include "watch/sensor.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "watch/syscalls.h"
#include "watch.skel.h"

#define DD_RING_DEFAULT (8u << 20) /* x2 in RSS: the data pages are mapped twice */

/* One ring, read in place: the consumer page is ours to write, the producer page and the
 * data (mapped twice back to back, so a record that wraps is contiguous) are read-only. */
typedef struct ring {
    int fd;
    size_t size; /* data bytes, a power of two */
    unsigned long *consumer;
    const unsigned long *producer;
    const char *data;
    size_t map_len; /* of the producer+data mapping */
    /* the record at the consumer position, when ready */
    const struct dd_ev_hdr *head;
    size_t head_len;    /* payload bytes */
    unsigned long next; /* consumer position after the head */
} ring;

struct dd_sensor {
    struct watch_bpf *skel;
    dd_sensor_config cfg;
    bool configured, loaded, attached;
    unsigned ncpus;
    ring *rings;
    int epfd;
    size_t page;
};

/* libbpf's messages: kept (the tail) to explain a refusal, printed with DD_WATCH_DEBUG. */
static char bpf_log[8192];
static size_t bpf_log_len;
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
    char *line = NULL;
    int n = vasprintf(&line, fmt, ap);
    if (n < 0)
        return 0;
    if (getenv("DD_WATCH_DEBUG"))
        fputs(line, stderr);
    if (level != LIBBPF_DEBUG) {
        /* keep the end: a verifier log's verdict is its last lines */
        const char *src = line;
        if ((size_t)n >= sizeof bpf_log) {
            src = line + n - (sizeof bpf_log / 2);
            n = sizeof bpf_log / 2;
        }
        if (bpf_log_len + n >= sizeof bpf_log) {
            size_t keep = sizeof bpf_log / 2 - 1;
            if (bpf_log_len > keep) {
                memmove(bpf_log, bpf_log + bpf_log_len - keep, keep);
                bpf_log_len = keep;
            }
        }
        memcpy(bpf_log + bpf_log_len, src, n);
        bpf_log_len += n;
        bpf_log[bpf_log_len] = 0;
    }
    free(line);
    return 0;
}

/* The last few lines libbpf said (the verifier's verdict is at the end). */
static const char *bpf_log_tail(void)
{
    const char *p = bpf_log + bpf_log_len;
    int lines = 0;
    while (p > bpf_log && lines < 6) {
        p--;
        if (*p == '\n' && p + 1 < bpf_log + bpf_log_len)
            lines++;
    }
    return *p == '\n' ? p + 1 : p;
}

void dd_sensor_config_init(dd_sensor_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
}

void dd_sensor_interest_set(dd_sensor_config *cfg, unsigned nr)
{
    if (nr < DD_NR_MAX)
        cfg->interest[nr / 64] |= 1ull << (nr % 64);
}

bool dd_sensor_interest_has(const dd_sensor_config *cfg, unsigned nr)
{
    return nr < DD_NR_MAX && (cfg->interest[nr / 64] >> (nr % 64)) & 1;
}

static bool has_cap(int cap)
{
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    if (syscall(SYS_capget, &h, d) != 0)
        return false;
    return (d[cap / 32].effective >> (cap % 32)) & 1;
}

int dd_sensor_preflight(const char *sysroot, dd_error *e)
{
#ifndef CAP_BPF
#define CAP_PERFMON 38
#define CAP_BPF     39
#endif
    if (!has_cap(CAP_SYS_ADMIN) && !(has_cap(CAP_BPF) && has_cap(CAP_PERFMON))) {
        dd_error_set(e, DD_ERR_RUN, EPERM,
                     "drydock watch must run as root: loading eBPF programs needs CAP_BPF "
                     "and CAP_PERFMON (or CAP_SYS_ADMIN), and this process has neither");
        return dd_error_hint(e, "run it with sudo, or in a container with --privileged or "
                                "--cap-add BPF --cap-add PERFMON --pid host");
    }
    _cleanup_free_ char *btf = dd_xasprintf("%s/sys/kernel/btf/vmlinux", sysroot);
    if (access(btf, R_OK) != 0) {
        dd_error_set(e, DD_ERR_RUN, errno,
                     "this kernel exposes no BTF type information (%s: %s): drydock watch "
                     "needs it to adapt its eBPF programs to the running kernel (CO-RE)",
                     btf, strerror(errno));
        return dd_error_hint(e, "use a kernel built with CONFIG_DEBUG_INFO_BTF=y (the "
                                "default in Debian 11+, Ubuntu 20.10+, RHEL 8.2+)");
    }
    _cleanup_free_ char *lockdown = dd_xasprintf("%s/sys/kernel/security/lockdown", sysroot);
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, lockdown, 4096) == 0 && strstr(b.data, "[confidentiality]")) {
        dd_error_set(e, DD_ERR_RUN, EPERM,
                     "the kernel is locked down in confidentiality mode (%s), which forbids "
                     "eBPF programs that read kernel memory",
                     lockdown);
        return dd_error_hint(e, "boot with lockdown=integrity or none (often implied by "
                                "UEFI Secure Boot); drydock watch cannot work under it");
    }
    return 0;
}

int dd_sensor_open(dd_sensor **out, dd_error *e)
{
    *out = NULL;
    libbpf_set_print(libbpf_print);
    bpf_log_len = 0;
    bpf_log[0] = 0;
    dd_sensor *s = dd_xcalloc(1, sizeof *s);
    s->epfd = -1;
    s->page = sysconf(_SC_PAGESIZE);
    int n = libbpf_num_possible_cpus();
    if (n <= 0) {
        free(s);
        return dd_error_sys(e, -n, "cannot count the CPUs");
    }
    s->ncpus = n;
    s->skel = watch_bpf__open();
    if (!s->skel) {
        int err = errno;
        free(s);
        return dd_error_sys(e, err, "cannot open the embedded BPF object: %s", bpf_log_tail());
    }
    *out = s;
    return 0;
}

int dd_sensor_configure(dd_sensor *s, const dd_sensor_config *cfg, dd_error *e)
{
    if (s->loaded)
        return dd_error_set(e, DD_ERR_RUN, EINVAL, "the sensor is configured before loading");
    s->cfg = *cfg;
    dd_sensor_config *c = &s->cfg;
    if (!c->ring_bytes)
        c->ring_bytes = DD_RING_DEFAULT;
    if (c->ring_bytes < s->page || (c->ring_bytes & (c->ring_bytes - 1)))
        return dd_error_set(e, DD_ERR_USAGE, EINVAL,
                            "ring size %zu is not a power of two of at least %zu bytes",
                            c->ring_bytes, s->page);
    if (c->raw_mode && !c->filter_cgroups)
        return dd_error_set(e, DD_ERR_USAGE, EINVAL,
                            "raw mode records every syscall: it needs a cgroup filter");
    bool first = c->raw_mode & DD_SENSOR_RAW_FIRST;
    if (first && !(c->raw_mode & DD_SENSOR_RAW_RECORD))
        return dd_error_set(e, DD_ERR_USAGE, EINVAL, "first occurrences are records");
    if ((c->raw_mode & DD_SENSOR_RAW_CAUSE) && !(first && c->cap_capable))
        return dd_error_set(e, DD_ERR_USAGE, EINVAL,
                            "refused capabilities are told with first occurrences and "
                            "cap_capable");
    if (!c->argv_max)
        c->argv_max = 4096;
    if (c->argv_max > DD_PATH_BUF)
        c->argv_max = DD_PATH_BUF;
    if (c->env_max > DD_PATH_BUF)
        c->env_max = DD_PATH_BUF;
    if (c->wakeup_fill <= 0 || c->wakeup_fill > 1)
        c->wakeup_fill = 0.25;
    struct watch_bpf *k = s->skel;
    k->rodata->self_tgid = getpid();
    struct stat pidns;
    if (stat("/proc/self/ns/pid", &pidns) == 0) {
        k->rodata->self_ns_dev = pidns.st_dev;
        k->rodata->self_ns_ino = pidns.st_ino;
    }
    k->rodata->argv_max = c->argv_max;
    k->rodata->env_max = c->env_max;
    k->rodata->wakeup_bytes = (__u64)(c->ring_bytes * c->wakeup_fill);
    k->rodata->filter_cgroups = c->filter_cgroups;
    k->rodata->raw_mode = c->raw_mode;
    bool any = false;
    for (int i = 0; i < DD_NR_WORDS; i++) {
        k->rodata->interest[i] = c->interest[i];
        any |= c->interest[i] != 0;
    }
    /* Without syscalls of interest the sys_exit program is not even loaded: then no
     * syscall pays anything. */
    bpf_program__set_autoload(k->progs.dd_sys_exit, any || c->raw_mode);
    bpf_program__set_autoload(k->progs.dd_cap_capable, c->cap_capable);
    bpf_program__set_autoload(k->progs.dd_exec, !c->no_lifecycle);
    bpf_program__set_autoload(k->progs.dd_fork, !c->no_lifecycle);
    bpf_program__set_autoload(k->progs.dd_exit, !c->no_lifecycle);
    bpf_map__set_max_entries(k->maps.rings, s->ncpus);
    /* The first-occurrence tables take memory only when used. */
    if (first) {
        for (unsigned nr = 0; c->first_args && nr < DD_NR_MAX; nr++)
            for (int a = 0; a < 2; a++)
                k->rodata->first_args[nr].mask[a] = c->first_args[nr].mask[a];
        bpf_map__set_max_entries(k->maps.first_seen, c->first_max ? c->first_max : 65536);
        bpf_map__set_max_entries(k->maps.first_cache, DD_NR_MAX);
    }
    if (c->raw_mode & DD_SENSOR_RAW_CAUSE)
        bpf_map__set_max_entries(k->maps.cap_cause, 4096);
    s->configured = true;
    return 0;
}

static int load_error(int err, const char *what, dd_error *e)
{
    if (err == EPERM || err == EACCES) {
        dd_error_set(e, DD_ERR_RUN, err, "the kernel refused to %s: permission denied", what);
        return dd_error_hint(e, "run drydock watch as root (CAP_BPF and CAP_PERFMON); a "
                                "locked-down kernel or a seccomp profile that blocks bpf(2) "
                                "refuses it too");
    }
    dd_error_set(e, DD_ERR_RUN, err, "the kernel refused to %s: %s; libbpf said: %s", what,
                 strerror(err), bpf_log_tail());
    return dd_error_hint(e, "set DD_WATCH_DEBUG=1 for the verifier's full log");
}

static int ring_map(dd_sensor *s, ring *r, dd_error *e)
{
    void *c = mmap(NULL, s->page, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
    if (c == MAP_FAILED)
        return dd_error_sys(e, errno, "cannot map a ring buffer");
    r->consumer = c;
    r->map_len = s->page + 2 * r->size;
    void *p = mmap(NULL, r->map_len, PROT_READ, MAP_SHARED, r->fd, s->page);
    if (p == MAP_FAILED) {
        int err = errno;
        munmap(c, s->page);
        r->consumer = NULL;
        return dd_error_sys(e, err, "cannot map a ring buffer");
    }
    r->producer = p;
    r->data = (const char *)p + s->page;
    return 0;
}

int dd_sensor_load(dd_sensor *s, dd_error *e)
{
    if (!s->configured) {
        dd_sensor_config cfg;
        dd_sensor_config_init(&cfg);
        if (dd_sensor_configure(s, &cfg, e) < 0)
            return -1;
    }
    bpf_log_len = 0;
    /* The rings are created here at the configured size; the first one also serves as the
     * outer map's template (libbpf cannot resize an inner map declared in the object). */
    s->rings = dd_xcalloc(s->ncpus, sizeof *s->rings);
    for (unsigned i = 0; i < s->ncpus; i++) {
        ring *r = &s->rings[i];
        char name[16];
        snprintf(name, sizeof name, "dd_ring%u", i);
        r->fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, name, 0, 0, s->cfg.ring_bytes, NULL);
        if (r->fd < 0)
            return load_error(errno, "create a ring buffer", e);
        r->size = s->cfg.ring_bytes;
    }
    if (bpf_map__set_inner_map_fd(s->skel->maps.rings, s->rings[0].fd) != 0)
        return dd_error_sys(e, errno, "cannot set the ring buffer template");
    if (watch_bpf__load(s->skel) != 0)
        return load_error(errno, "load the BPF programs", e);
    s->loaded = true;
    const struct dd_sc_spec *specs = s->cfg.specs ? s->cfg.specs : dd_syscall_specs();
    int spec_fd = bpf_map__fd(s->skel->maps.specs);
    for (__u32 nr = 0; nr < DD_NR_MAX; nr++)
        if (bpf_map_update_elem(spec_fd, &nr, &specs[nr], BPF_ANY) != 0)
            return dd_error_sys(e, errno, "cannot fill the syscall table");
    s->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (s->epfd < 0)
        return dd_error_sys(e, errno, "epoll_create1");
    int outer = bpf_map__fd(s->skel->maps.rings);
    for (unsigned i = 0; i < s->ncpus; i++) {
        ring *r = &s->rings[i];
        __u32 key = i;
        if (bpf_map_update_elem(outer, &key, &r->fd, BPF_ANY) != 0)
            return dd_error_sys(e, errno, "cannot install ring buffer %u", i);
        if (ring_map(s, r, e) < 0)
            return -1;
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
        if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, r->fd, &ev) != 0)
            return dd_error_sys(e, errno, "epoll_ctl");
    }
    return 0;
}

int dd_sensor_attach(dd_sensor *s, dd_error *e)
{
    if (!s->loaded)
        return dd_error_set(e, DD_ERR_RUN, EINVAL, "the sensor is attached after loading");
    bpf_log_len = 0;
    if (watch_bpf__attach(s->skel) != 0) {
        int err = errno;
        if (s->cfg.cap_capable && err == ENOENT)
            return dd_error_set(e, DD_ERR_RUN, err,
                                "this kernel has no capability:cap_capable tracepoint "
                                "(added in Linux 6.13); libbpf said: %s",
                                bpf_log_tail());
        return load_error(err, "attach the BPF programs to their tracepoints", e);
    }
    s->attached = true;
    return 0;
}

/* Is a record ready at r's consumer position? Fills head/next. */
static bool ring_peek(ring *r)
{
    if (r->head)
        return true;
    unsigned long cons = __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE);
    unsigned long prod = __atomic_load_n(r->producer, __ATOMIC_ACQUIRE);
    while (cons < prod) {
        const __u32 *lenp = (const __u32 *)(r->data + (cons & (r->size - 1)));
        __u32 len = __atomic_load_n(lenp, __ATOMIC_ACQUIRE);
        if (len & BPF_RINGBUF_BUSY_BIT)
            return false;
        __u32 n = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
        unsigned long next = cons + ((n + BPF_RINGBUF_HDR_SZ + 7) & ~7ul);
        if (!(len & BPF_RINGBUF_DISCARD_BIT) && n >= sizeof(struct dd_ev_hdr)) {
            r->head = (const struct dd_ev_hdr *)((const char *)lenp + BPF_RINGBUF_HDR_SZ);
            r->head_len = n;
            r->next = next;
            return true;
        }
        cons = next; /* discarded or malformed: skip */
        __atomic_store_n(r->consumer, cons, __ATOMIC_RELEASE);
    }
    return false;
}

static void ring_advance(ring *r)
{
    __atomic_store_n(r->consumer, r->next, __ATOMIC_RELEASE);
    r->head = NULL;
}

int dd_sensor_consume(dd_sensor *s, dd_sensor_cb cb, void *ud, dd_error *e)
{
    if (!s->rings)
        return 0;
    int handled = 0;
    /* k-way merge: a task that migrates between CPUs has its records in two rings, and
     * its exec must be seen before what it does next. */
    for (;;) {
        ring *best = NULL;
        for (unsigned i = 0; i < s->ncpus; i++) {
            ring *r = &s->rings[i];
            if (ring_peek(r) && (!best || r->head->ts < best->head->ts))
                best = r;
        }
        if (!best)
            break;
        /* the record's own size field is the kernel's; never trust it past the ring's */
        size_t len = best->head_len;
        int rc = cb(best->head, len, ud, e);
        ring_advance(best);
        handled++;
        if (rc < 0)
            return -1;
    }
    return handled;
}

int dd_sensor_poll(dd_sensor *s, int timeout_ms, dd_sensor_cb cb, void *ud, dd_error *e)
{
    if (s->epfd >= 0) {
        struct epoll_event evs[16];
        int n = epoll_wait(s->epfd, evs, 16, timeout_ms);
        if (n < 0 && errno != EINTR)
            return dd_error_sys(e, errno, "epoll_wait");
    }
    return dd_sensor_consume(s, cb, ud, e);
}

int dd_sensor_epoll_fd(const dd_sensor *s)
{
    return s->epfd;
}

int dd_sensor_cgroup_add(dd_sensor *s, uint64_t cgroup_id, dd_error *e)
{
    __u8 one = 1;
    if (bpf_map_update_elem(bpf_map__fd(s->skel->maps.cgroups), &cgroup_id, &one, BPF_ANY))
        return dd_error_sys(e, errno, "cannot add cgroup %llu to the filter",
                            (unsigned long long)cgroup_id);
    return 0;
}

int dd_sensor_cgroup_remove(dd_sensor *s, uint64_t cgroup_id)
{
    return bpf_map_delete_elem(bpf_map__fd(s->skel->maps.cgroups), &cgroup_id);
}

int dd_sensor_stats(dd_sensor *s, struct dd_stats *sum, struct dd_stats *per_cpu, dd_error *e)
{
    memset(sum, 0, sizeof *sum);
    if (!s->loaded)
        return 0;
    size_t stride = (sizeof(struct dd_stats) + 7) & ~7ul;
    _cleanup_free_ char *vals = dd_xcalloc(s->ncpus, stride);
    __u32 zero = 0;
    if (bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.stats), &zero, vals) != 0)
        return dd_error_sys(e, errno, "cannot read the sensor's counters");
    for (unsigned c = 0; c < s->ncpus; c++) {
        const struct dd_stats *v = (const void *)(vals + c * stride);
        for (int t = 0; t < DD_EV_NTYPES; t++) {
            sum->events[t] += v->events[t];
            sum->drops[t] += v->drops[t];
        }
        sum->truncated += v->truncated;
        sum->wakeups += v->wakeups;
        sum->first_full += v->first_full;
        if (per_cpu)
            per_cpu[c] = *v;
    }
    return 0;
}

unsigned dd_sensor_ncpus(const dd_sensor *s)
{
    return s->ncpus;
}

void dd_sensor_ring_use(const dd_sensor *s, unsigned cpu, size_t *used, size_t *size)
{
    *used = 0;
    *size = 0;
    if (!s->rings || cpu >= s->ncpus || !s->rings[cpu].consumer)
        return;
    const ring *r = &s->rings[cpu];
    unsigned long cons = __atomic_load_n(r->consumer, __ATOMIC_ACQUIRE);
    unsigned long prod = __atomic_load_n(r->producer, __ATOMIC_ACQUIRE);
    *used = prod > cons ? prod - cons : 0;
    *size = r->size;
}

int dd_sensor_raw_counts(dd_sensor *s, dd_sensor_raw_cb cb, void *ud, dd_error *e)
{
    if (!s->loaded)
        return 0;
    int fd = bpf_map__fd(s->skel->maps.raw_counts);
    struct dd_raw_key key, next;
    struct dd_raw_key *prev = NULL;
    while (bpf_map_get_next_key(fd, prev, &next) == 0) {
        __u64 count = 0;
        if (bpf_map_lookup_elem(fd, &next, &count) == 0)
            cb(next.cgroup_id, next.nr, count, ud);
        key = next;
        prev = &key;
    }
    if (errno != ENOENT)
        return dd_error_sys(e, errno, "cannot read the raw syscall counts");
    return 0;
}

int dd_sensor_first_counts(dd_sensor *s, dd_sensor_first_cb cb, void *ud, dd_error *e)
{
    if (!s->loaded || !(s->cfg.raw_mode & DD_SENSOR_RAW_FIRST))
        return 0;
    int fd = bpf_map__fd(s->skel->maps.first_seen);
    struct dd_first_key key, next;
    struct dd_first_key *prev = NULL;
    while (bpf_map_get_next_key(fd, prev, &next) == 0) {
        __u64 n = 0;
        if (bpf_map_lookup_elem(fd, &next, &n) == 0)
            cb(&next, n, ud);
        key = next;
        prev = &key;
    }
    if (errno != ENOENT)
        return dd_error_sys(e, errno, "cannot read the first-occurrence counts");
    /* Occurrences still counted per CPU. */
    fd = bpf_map__fd(s->skel->maps.first_cache);
    _cleanup_free_ struct dd_first_slot *v = dd_xcalloc(s->ncpus, sizeof *v);
    for (__u32 nr = 0; nr < DD_NR_MAX; nr++) {
        if (bpf_map_lookup_elem(fd, &nr, v) != 0)
            return dd_error_sys(e, errno, "cannot read the first-occurrence counts");
        for (unsigned c = 0; c < s->ncpus; c++)
            if (v[c].pending && v[c].key.cgroup_id)
                cb(&v[c].key, v[c].pending, ud);
    }
    return 0;
}

void dd_sensor_free(dd_sensor *s)
{
    if (!s)
        return;
    if (s->skel)
        watch_bpf__destroy(s->skel); /* detaches first, so no record is written after */
    if (s->rings) {
        for (unsigned i = 0; i < s->ncpus; i++) {
            ring *r = &s->rings[i];
            if (r->consumer)
                munmap(r->consumer, s->page);
            if (r->producer)
                munmap((void *)r->producer, r->map_len);
            if (r->fd > 0)
                close(r->fd);
        }
        free(s->rings);
    }
    if (s->epfd >= 0)
        close(s->epfd);
    free(s);
}
