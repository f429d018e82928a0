/* src/profile/events.c with records made by hand, as the sensor would deliver
 * them for a container start: runc's setup (ignored), runc:[2:INIT] installing
 * the filter and what it calls after (runtime), the handover exec, the workload
 * and a process it forks, a docker exec's runc (ignored), arguments of
 * clone/socket/personality, capability checks, and in verify mode the denials
 * (a refused call, a refused capability inside a failed call, a capability
 * question that did not matter, a write to the read-only root), counted with
 * the kernel's counts of their facts' later occurrences. */
#include <errno.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "profile/events.h"
#include "tap.h"

static void hdr(struct dd_ev_hdr *h, int type, unsigned nr, const char *comm, uint32_t pid,
                uint32_t uid, size_t size)
{
    memset(h, 0, sizeof *h);
    h->type = (uint16_t)type;
    h->nr = (uint16_t)nr;
    h->size = (uint32_t)size;
    h->task.pid = h->task.tid = pid;
    h->task.uid = uid;
    snprintf(h->task.comm, sizeof h->task.comm, "%s", comm);
}

/* The keys sent, as the kernel's table holds them (each counted once so far). */
static struct dd_first_key sent[64];
static size_t nsent;

static void kernel_counts(dd_rec_state *s)
{
    for (size_t i = 0; i < nsent; i++)
        dd_rec_on_count(&sent[i], 1, s);
    nsent = 0;
}

/* A first occurrence as the sensor sends it: the record and the key the kernel counts
 * its repeats under (cause: the capability refused during the call, or -1). */
static struct dd_first_key fact(dd_rec_state *s, const char *comm, uint32_t pid, unsigned nr,
                                long ret, uint64_t a0, uint64_t a1, int cause)
{
    struct dd_ev_raw_first r;
    memset(&r, 0, sizeof r);
    hdr(&r.raw.h, DD_EV_RAW, nr, comm, pid, 0, sizeof r);
    r.raw.ret = ret;
    r.raw.args[0] = a0;
    r.raw.args[1] = a1;
    r.key.tgid = pid;
    r.key.nr = (uint16_t)nr;
    r.key.type = DD_EV_RAW;
    r.key.ret = ret < 0 ? ret : 0;
    r.key.arg[0] = a0 & dd_rec_first_args()[nr].mask[0];
    r.key.arg[1] = a1 & dd_rec_first_args()[nr].mask[1];
    r.key.cap = cause;
    memcpy(r.key.comm, r.raw.h.task.comm, sizeof r.key.comm);
    r.counted = 1;
    dd_rec_on_record(&r.raw.h, sizeof r, s, NULL);
    if (nsent < 64)
        sent[nsent++] = r.key;
    return r.key;
}

static void raw(dd_rec_state *s, const char *comm, uint32_t pid, unsigned nr, long ret, uint64_t a0,
                uint64_t a1)
{
    fact(s, comm, pid, nr, ret, a0, a1, -1);
}

/* A raw record without a key (every occurrence a record): counted one by one. */
static void plain(dd_rec_state *s, const char *comm, uint32_t pid, unsigned nr, long ret)
{
    struct dd_ev_raw r;
    hdr(&r.h, DD_EV_RAW, nr, comm, pid, 0, sizeof r);
    r.ret = ret;
    memset(r.args, 0, sizeof r.args);
    dd_rec_on_record(&r.h, sizeof r, s, NULL);
}

static void cap(dd_rec_state *s, const char *comm, uint32_t pid, int c, int ret)
{
    struct dd_ev_cap r;
    hdr(&r.h, DD_EV_CAP, 0, comm, pid, 0, sizeof r);
    r.cap = c;
    r.ret = ret;
    dd_rec_on_record(&r.h, sizeof r, s, NULL);
}

static void exec_(dd_rec_state *s, const char *comm, uint32_t pid, const char *path)
{
    unsigned char buf[sizeof(struct dd_ev_exec) + 256];
    struct dd_ev_exec *x = (struct dd_ev_exec *)buf;
    memset(buf, 0, sizeof buf);
    size_t n = strlen(path) + 1;
    hdr(&x->h, DD_EV_EXEC, 0, comm, pid, 0, sizeof *x + n);
    x->slen[DD_EXEC_FILENAME] = 0;
    x->slen[DD_EXEC_EXEPATH] = (uint16_t)n;
    memcpy(buf + sizeof *x, path, n);
    dd_rec_on_record(&x->h, sizeof *x + n, s, NULL);
}

static void fork_(dd_rec_state *s, const char *comm, uint32_t parent, uint32_t child)
{
    struct dd_ev_fork f;
    hdr(&f.h, DD_EV_FORK, 0, comm, parent, 0, sizeof f);
    f.child_pid = child;
    dd_rec_on_record(&f.h, sizeof f, s, NULL);
}

/* A container start as the sensor sees it. */
static void start(dd_rec_state *s)
{
    raw(s, "runc:[0:PARENT]", 100, SYS_mount, 0, 0, 0);
    cap(s, "runc:[1:CHILD]", 101, 21, 0);
    raw(s, "runc:[2:INIT]", 102, SYS_pivot_root, 0, 0, 0);
    raw(s, "runc:[2:INIT]", 102, SYS_prctl, 0, PR_SET_SECCOMP, SECCOMP_MODE_FILTER);
    raw(s, "runc:[2:INIT]", 102, SYS_capset, 0, 0, 0);
    cap(s, "runc:[2:INIT]", 102, 7, 0); /* runc's setuid: not the workload's */
    exec_(s, "sh", 102, "/bin/busybox");
    raw(s, "sh", 102, SYS_execve, 0, 0, 0);
    raw(s, "sh", 102, SYS_clone, 200, 0x1200011, 0);
    fork_(s, "sh", 102, 200);
    raw(s, "httpd", 200, SYS_socket, 3, 10, 1);
    raw(s, "httpd", 200, SYS_personality, 0, 0xffffffff, 0);
    cap(s, "httpd", 200, 10, 0); /* NET_BIND_SERVICE granted */
    raw(s, "httpd", 200, SYS_bind, 0, 3, 0);
    cap(s, "httpd", 200, 21, -1); /* SYS_ADMIN asked about, refused, the call succeeded */
    raw(s, "httpd", 200, SYS_mmap, 0x7f0000, 0, 0);
    /* a docker exec: its runc and the process it starts are not forked by the
     * workload */
    raw(s, "exe", 300, SYS_setns, 0, 0, 0);
    raw(s, "cat", 300, SYS_sendfile, 10, 0, 0);
}

static void test_record(void)
{
    dd_rec_state s;
    dd_rec_state_init(&s, NULL, 0);
    start(&s);
    dd_recording r;
    dd_recording_init(&r);
    dd_rec_state_finish(&s, &r, NULL);
    CHECK(dd_names_has(&r.syscalls, "execve"));
    CHECK(dd_names_has(&r.syscalls, "bind"));
    CHECK(dd_names_has(&r.syscalls, "mmap"));
    CHECK(!dd_names_has(&r.syscalls, "mount"));
    CHECK(!dd_names_has(&r.syscalls, "pivot_root"));
    CHECK(!dd_names_has(&r.syscalls, "setns"));
    CHECK(!dd_names_has(&r.syscalls, "sendfile"));
    CHECK(dd_names_has(&r.runtime_syscalls, "capset"));
    CHECK(!dd_names_has(&r.runtime_syscalls, "pivot_root"));
    CHECK_INT(r.caps_used, 1ULL << 10);
    CHECK_INT(r.caps_refused, 0);
    CHECK_INT(r.socket_families, 1ULL << 10);
    CHECK_INT(r.clone_ns_flags, 0);
    CHECK(dd_names_has(&r.personalities, "0xffffffff"));
    CHECK(dd_names_has(&r.execs, "/bin/busybox"));
    CHECK(dd_names_has(&r.uids, "0"));
    dd_recording_free(&r);
    dd_rec_state_free(&s);
}

static void test_verify(void)
{
    /* The profile of a workload that used read, write, mkdir and
     * NET_BIND_SERVICE. */
    static const char rec[] = "{\"recording\": {\"syscalls\": [\"read\", \"write\", \"mkdir\","
                              " \"bind\", \"socket\", \"mmap\"], \"socketFamilies\": [2],"
                              " \"capabilitiesUsed\": [\"NET_BIND_SERVICE\"], \"uids\": [\"0\"]}}";
    dd_recording r;
    dd_error e = {0};
    CHECK_INT(dd_profile_parse(rec, strlen(rec), "r.json", &r, &e), 0);
    dd_profile p;
    CHECK_INT(dd_profile_build(&r, "t", &p, &e), 0);
    dd_rec_state s;
    dd_rec_state_init(&s, &p.seccomp, p.cap_add);
    nsent = 0;
    raw(&s, "runc:[2:INIT]", 102, SYS_prctl, 0, PR_SET_SECCOMP, SECCOMP_MODE_FILTER);
    raw(&s, "runc:[2:INIT]", 102, SYS_sethostname, -EPERM, 0, 0); /* not allowed: a denial */
    exec_(&s, "sh", 102, "/bin/busybox");
    struct dd_first_key mount = fact(&s, "sh", 102, SYS_mount, -EPERM, 0, 0, -1); /* refused */
    raw(&s, "sh", 102, SYS_socket, -EPERM, 40, 0);     /* AF_VSOCK: not recorded */
    raw(&s, "sh", 102, SYS_socket, 3, 2, 0);           /* AF_INET: fine */
    raw(&s, "sh", 102, SYS_read, -EPERM, 0, 0);        /* allowed call, its own EPERM */
    raw(&s, "sh", 102, SYS_clone3, -ENOSYS, 0, 0);     /* ENOSYS by design */
    cap(&s, "sh", 102, 13, -1);                        /* NET_RAW refused, and the call failed: */
    fact(&s, "sh", 102, SYS_socket, -EPERM, 2, 3, 13); /* the sensor names the cause */
    cap(&s, "sh", 102, 21, -1);                        /* SYS_ADMIN asked ... */
    raw(&s, "sh", 102, SYS_mmap, 0x7000, 0, 0);        /* ... the call succeeded */
    plain(&s, "sh", 102, SYS_mount, -EPERM);           /* a record without a key: 1 */
    plain(&s, "sh", 102, SYS_mount, -EPERM);           /* and another */
    /* the kernel's counts: every fact once (the first occurrence), mount's 3 more times
     * (its table, then one CPU's pending), an unrelated fact is no denial */
    kernel_counts(&s);
    dd_rec_on_count(&mount, 2, &s);
    dd_rec_on_count(&mount, 1, &s);
    struct dd_first_key other = mount;
    other.nr = SYS_read;
    dd_rec_on_count(&other, 7, &s);
    unsigned char buf[sizeof(struct dd_ev_syscall) + 64];
    struct dd_ev_syscall *c = (struct dd_ev_syscall *)buf;
    memset(buf, 0, sizeof buf);
    hdr(&c->h, DD_EV_SYSCALL, SYS_openat, "sh", 102, 0, sizeof buf);
    c->ret = -EROFS;
    c->slen[DD_STR_ARG0] = 4; /* "foo" relative to /etc */
    c->slen[DD_STR_BASE0] = 5;
    memcpy(buf + sizeof *c, "foo\0/etc\0", 9);
    dd_rec_on_record(&c->h, sizeof *c + 9, &s, NULL);
    dd_recording seen;
    dd_recording_init(&seen);
    dd_profile_verdict v = {0};
    dd_rec_state_finish(&s, &seen, &v);
    CHECK_INT(v.ndenials, 5);
    static const struct {
        const char *kind, *what, *process;
        int err;
        unsigned long count;
    } want[] = {
        {"syscall", "sethostname", "runc:[2:INIT][102]", EPERM, 1},
        {"syscall", "mount", "sh[102]", EPERM, 6},
        {"syscall", "socket", "sh[102]", EPERM, 1},
        {"capability", "NET_RAW", "sh[102]", EPERM, 1},
        {"write", "/etc/foo", "sh[102]", EROFS, 1},
    };
    for (size_t i = 0; i < v.ndenials && i < 5; i++) {
        CHECK_STR(v.denials[i].kind, want[i].kind);
        CHECK_STR(v.denials[i].what, want[i].what);
        CHECK_STR(v.denials[i].process, want[i].process);
        CHECK_INT(v.denials[i].err, want[i].err);
        CHECK_INT(v.denials[i].count, want[i].count);
    }
    dd_profile_verdict_free(&v);
    dd_recording_free(&seen);
    dd_rec_state_free(&s);
    dd_profile_free(&p);
    dd_recording_free(&r);
}

int main(void)
{
    test_record();
    test_verify();
    return dd_test_done();
}
