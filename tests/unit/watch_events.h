/* Synthetic drydock watch events for unit tests: what the sensor and the watch loop would
 * build from kernel records, made by hand (for rules this host cannot trigger: no
 * --privileged, no overlayfs, no sshd, no Kubernetes). */
#pragma once
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "watch/fields.h"
#include "watch/rules.h"
#include "watch/syscalls.h"
#include "watch/wevent.h"

typedef struct tev {
    dd_wevent ev;
    struct dd_ev_task task;
    struct dd_ev_fd fd;
    struct dd_ev_sa sa;
    dd_proc proc, parent, grandparent;
    dd_container ctr;
    dd_warena arena;
    dd_wctx ctx;
    const char *uname;
} tev;

static const dd_proc *tev_proc(void *ud, uint32_t pid)
{
    tev *t = ud;
    if (pid == t->parent.pid)
        return &t->parent;
    if (pid == t->grandparent.pid)
        return &t->grandparent;
    if (pid == t->proc.pid)
        return &t->proc;
    return NULL;
}

static const char *tev_user(void *ud, const dd_wevent *ev, uint32_t uid)
{
    tev *t = ud;
    return uid == 0 ? "root" : t->uname;
}

/* A process "cat /etc/shadow" (pid 100) below "sh" (50) below "containerd-shim" (10), in
 * container "web" of image nginx:1.25, as root with a container's default capabilities. */
static inline void tev_init(tev *t)
{
    memset(t, 0, sizeof *t);
    t->task.pid = t->task.tid = 100;
    t->task.ppid = 50;
    t->task.vpid = t->task.vtid = 7;
    t->task.loginuid = (uint32_t)-1;
    t->task.cap_eff = t->task.cap_prm = 0xa80425fbull; /* Docker's default set */
    t->task.cgroup_id = 4242;
    strcpy(t->task.comm, "cat");
    t->proc.pid = 100;
    t->proc.ppid = 50;
    t->proc.vpid = 7;
    strcpy(t->proc.comm, "cat");
    strcpy(t->proc.pcomm, "sh");
    t->proc.exe = "cat";
    t->proc.exepath = "/usr/bin/cat";
    t->proc.args = "/etc/shadow";
    t->proc.cwd = "/root";
    t->proc.start_real = 1000000000000LL;
    t->parent.pid = 50;
    t->parent.ppid = 10;
    t->parent.vpid = 1;
    strcpy(t->parent.comm, "sh");
    t->parent.exe = "/bin/sh";
    t->parent.exepath = "/bin/dash";
    t->parent.args = "-c cat /etc/shadow";
    t->parent.start_real = 900000000000LL;
    t->grandparent.pid = 10;
    t->grandparent.ppid = 1;
    strcpy(t->grandparent.comm, "containerd-shim");
    strcpy(t->ctr.id, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    t->ctr.name = "web";
    t->ctr.image = "nginx:1.25";
    t->ctr.image_repo = "nginx";
    t->ctr.image_tag = "1.25";
    t->ctr.start_real = 800000000000LL;
    t->ctr.known = true;
    t->uname = "app";
    t->ctx.proc = tev_proc;
    t->ctx.user_name = tev_user;
    t->ctx.hostname = "testhost";
    t->ctx.ud = t;
    t->ev.task = &t->task;
    t->ev.proc = &t->proc;
    t->ev.ctr = &t->ctr;
    t->ev.ctx = &t->ctx;
    t->ev.arena = &t->arena;
    t->ev.ts = 1700000000123456789LL;
    t->ev.num = 1;
    t->fd.num = -1;
}

static inline void tev_reset(tev *t)
{
    dd_warena_reset(&t->arena);
    t->ev.path_done[0] = t->ev.path_done[1] = false;
}

static inline void tev_syscall(tev *t, const char *name, int64_t ret)
{
    const dd_syscall *sc = dd_syscall_by_name(name);
    t->ev.kind = DD_WEV_SYSCALL;
    t->ev.sc = sc;
    t->ev.type = dd_evtype_by_name(name);
    t->ev.ret = ret;
    t->ev.fd = &t->fd;
    t->ev.sa = &t->sa;
    memset(t->ev.str, 0, sizeof t->ev.str);
    memset(t->ev.slen, 0, sizeof t->ev.slen);
    tev_reset(t);
}

static inline void tev_str(tev *t, int slot, const char *s)
{
    t->ev.str[slot] = s;
    t->ev.slen[slot] = s ? (uint32_t)strlen(s) : 0;
    tev_reset(t);
}

/* openat(AT_FDCWD, path, flags) returning fd */
static inline void tev_open(tev *t, const char *path, int flags, int64_t fd)
{
    tev_syscall(t, "openat", fd);
    t->ev.args[0] = (uint64_t)(int64_t)AT_FDCWD;
    t->ev.args[2] = (uint64_t)flags;
    tev_str(t, DD_STR_ARG0, path);
    t->fd.num = (int32_t)fd;
    t->fd.kind = fd >= 0 ? DD_FD_FILE : DD_FD_NONE;
}

/* a successful exec of the current process image */
static inline void tev_exec(tev *t)
{
    t->ev.kind = DD_WEV_EXEC;
    t->ev.sc = dd_syscall_by_name("execve");
    t->ev.type = dd_evtype_exec();
    t->ev.ret = 0;
    t->ev.fd = NULL;
    t->ev.sa = NULL;
    memset(t->ev.str, 0, sizeof t->ev.str);
    memset(t->ev.slen, 0, sizeof t->ev.slen);
    tev_reset(t);
}

/* Docker started the container */
static inline void tev_container(tev *t)
{
    static const struct dd_ev_task none;
    t->ev.kind = DD_WEV_CONTAINER;
    t->ev.sc = NULL;
    t->ev.type = dd_evtype_container();
    t->ev.task = &none;
    t->ev.proc = NULL;
    t->ev.fd = NULL;
    t->ev.sa = NULL;
    tev_reset(t);
}

static inline dd_ruleset *tev_rules(const char *yaml, dd_error *e)
{
    dd_ruleset *rs = dd_ruleset_new();
    if (dd_ruleset_load_buffer(rs, "test.yaml", yaml, strlen(yaml), e) < 0 ||
        dd_ruleset_compile(rs, e) < 0) {
        dd_ruleset_free(rs);
        return NULL;
    }
    return rs;
}

/* Compile one condition as a rule and evaluate it on the event. -1: did not load. */
static inline int tev_cond(tev *t, const char *prelude, const char *cond)
{
    /* single-quoted YAML: a quote is written twice */
    char q[4096];
    size_t k = 0;
    for (const char *c = cond; *c && k < sizeof q - 2; c++) {
        if (*c == '\'')
            q[k++] = '\'';
        q[k++] = *c;
    }
    q[k] = 0;
    char *y = NULL;
    if (asprintf(&y, "%s\n- rule: r\n  desc: d\n  output: o\n  priority: INFO\n  condition: '%s'\n",
                 prelude ? prelude : "", q) < 0)
        return -1;
    dd_error e = {0};
    dd_ruleset *rs = tev_rules(y, &e);
    free(y);
    if (!rs) {
        fprintf(stderr, "  (condition did not load: %s)\n", e.msg);
        return -1;
    }
    const dd_wrule *r = dd_ruleset_at(rs, 0);
    int m = r->skip ? -2 : dd_rule_matches(r, &t->ev);
    if (r->skip)
        fprintf(stderr, "  (rule skipped: %s)\n", r->skip);
    dd_ruleset_free(rs);
    return m;
}
