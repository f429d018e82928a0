/* Process table: open addressing on pid, entries in a slab with an LRU clock. */
#include "watch/proc.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"

#define DD_PROC_STR_MAX 4096 /* the kernel side sends no more; /proc reads are cut here */
#define DD_GRAVEYARD    1024 /* exited processes kept for their children's ancestry */

typedef struct entry {
    dd_proc p;
    uint64_t seen; /* LRU clock */
    bool used, exited;
} entry;

struct dd_proctab {
    entry *e; /* slab, max entries */
    size_t max, n;
    int32_t *idx; /* hash: slot → entry index, -1 empty, -2 deleted */
    size_t cap;   /* power of two, >= 2*max */
    uint64_t clock;
    size_t tombs;                 /* deleted hash slots; the index is rebuilt when they pile up */
    uint32_t grave[DD_GRAVEYARD]; /* pids of exited processes, FIFO */
    size_t grave_head, grave_n;
    int32_t *free; /* stack of unused entry indexes */
    size_t nfree;
};

static void proc_clear(dd_proc *p)
{
    free(p->exe);
    free(p->exepath);
    free(p->args);
    free(p->cwd);
    free(p->env);
    memset(p, 0, sizeof *p);
}

dd_proctab *dd_proctab_new(size_t max)
{
    dd_proctab *t = dd_xcalloc(1, sizeof *t);
    t->max = max < 64 ? 64 : max;
    t->e = dd_xcalloc(t->max, sizeof *t->e);
    t->cap = 128;
    while (t->cap < t->max * 2)
        t->cap *= 2;
    t->idx = dd_xmalloc(t->cap * sizeof *t->idx);
    for (size_t i = 0; i < t->cap; i++)
        t->idx[i] = -1;
    t->free = dd_xmalloc(t->max * sizeof *t->free);
    for (size_t i = 0; i < t->max; i++)
        t->free[t->nfree++] = (int32_t)(t->max - 1 - i);
    return t;
}

void dd_proctab_free(dd_proctab *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->max; i++)
        if (t->e[i].used)
            proc_clear(&t->e[i].p);
    free(t->e);
    free(t->idx);
    free(t->free);
    free(t);
}

size_t dd_proctab_size(const dd_proctab *t)
{
    return t->n;
}

static size_t slot_of(const dd_proctab *t, uint32_t pid)
{
    return (pid * 2654435761u) & (t->cap - 1);
}

static int32_t lookup_idx(const dd_proctab *t, uint32_t pid, size_t *slot_out)
{
    size_t s = slot_of(t, pid);
    for (size_t probes = 0; probes < t->cap; probes++, s = (s + 1) & (t->cap - 1)) {
        int32_t i = t->idx[s];
        if (i == -1)
            break;
        if (i >= 0 && t->e[i].p.pid == pid) {
            if (slot_out)
                *slot_out = s;
            return i;
        }
    }
    return -1;
}

const dd_proc *dd_proctab_find(const dd_proctab *t, uint32_t pid)
{
    int32_t i = lookup_idx(t, pid, NULL);
    return i >= 0 ? &t->e[i].p : NULL;
}

static void rebuild_index(dd_proctab *t)
{
    for (size_t s = 0; s < t->cap; s++)
        t->idx[s] = -1;
    for (size_t i = 0; i < t->max; i++) {
        if (!t->e[i].used)
            continue;
        size_t s = slot_of(t, t->e[i].p.pid);
        while (t->idx[s] >= 0)
            s = (s + 1) & (t->cap - 1);
        t->idx[s] = (int32_t)i;
    }
    t->tombs = 0;
}

static void remove_idx(dd_proctab *t, int32_t i)
{
    size_t s = 0;
    if (lookup_idx(t, t->e[i].p.pid, &s) == i) {
        t->idx[s] = -2;
        t->tombs++;
    }
    proc_clear(&t->e[i].p);
    t->e[i].used = false;
    t->e[i].exited = false;
    t->free[t->nfree++] = i;
    t->n--;
}

/* Make room: the oldest exited process, else the least recently seen one. */
static int32_t evict(dd_proctab *t)
{
    while (t->grave_n) {
        uint32_t pid = t->grave[t->grave_head];
        t->grave_head = (t->grave_head + 1) % DD_GRAVEYARD;
        t->grave_n--;
        int32_t i = lookup_idx(t, pid, NULL);
        if (i >= 0 && t->e[i].exited) {
            remove_idx(t, i);
            return i;
        }
    }
    int32_t best = -1;
    for (size_t i = 0; i < t->max; i++)
        if (t->e[i].used && (best < 0 || t->e[i].seen < t->e[best].seen))
            best = (int32_t)i;
    if (best >= 0)
        remove_idx(t, best); /* the table is full: never happens below its bound */
    return best;
}

/* A fresh entry for pid (an old one with the same pid is replaced). */
static dd_proc *insert(dd_proctab *t, uint32_t pid)
{
    int32_t old = lookup_idx(t, pid, NULL);
    if (old >= 0)
        remove_idx(t, old);
    if (!t->nfree)
        evict(t);
    int32_t i = t->free[--t->nfree];
    if (t->tombs > t->cap / 4)
        rebuild_index(t);
    size_t s = slot_of(t, pid);
    while (t->idx[s] >= 0)
        s = (s + 1) & (t->cap - 1);
    if (t->idx[s] == -2)
        t->tombs--;
    t->idx[s] = i;
    entry *en = &t->e[i];
    memset(en, 0, sizeof *en);
    en->used = true;
    en->seen = ++t->clock;
    en->p.pid = pid;
    t->n++;
    return &en->p;
}

static char *dup_or_null(const char *s)
{
    return s ? dd_xstrdup(s) : NULL;
}

static void copy_proc(dd_proc *dst, const dd_proc *src)
{
    uint32_t pid = dst->pid;
    *dst = *src;
    dst->pid = pid;
    dst->exe = dup_or_null(src->exe);
    dst->exepath = dup_or_null(src->exepath);
    dst->args = dup_or_null(src->args);
    dst->cwd = dup_or_null(src->cwd);
    dst->env = NULL;
    dst->env_len = 0;
    if (src->env) {
        dst->env = dd_xmalloc(src->env_len);
        memcpy(dst->env, src->env, src->env_len);
        dst->env_len = src->env_len;
    }
}

/* argv block "a\0b\0c\0" → exe "a", args "b c" */
static void set_argv(dd_proc *p, const char *blk, size_t n)
{
    free(p->exe);
    free(p->args);
    p->exe = p->args = NULL;
    if (!blk || !n)
        return;
    size_t l0 = strnlen(blk, n);
    p->exe = dd_xstrndup(blk, l0);
    if (l0 + 1 >= n) {
        p->args = dd_xstrdup("");
        return;
    }
    size_t al = n - l0 - 1;
    char *a = dd_xmalloc(al + 1);
    memcpy(a, blk + l0 + 1, al); /* NUL-separated: strndup would stop at the first */
    while (al > 0 && a[al - 1] == 0)
        al--;
    for (size_t i = 0; i < al; i++)
        if (a[i] == 0)
            a[i] = ' ';
    a[al] = 0;
    p->args = a;
}

static void read_proc_file(const char *procroot, uint32_t pid, const char *name, dd_buf *b)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%u/%s", procroot, pid, name);
    dd_buf_reset(b);
    (void)dd_buf_read_file(b, path, DD_PROC_STR_MAX);
}

static char *read_link(const char *procroot, uint32_t pid, const char *name)
{
    char path[256], target[DD_PROC_STR_MAX];
    snprintf(path, sizeof path, "%s/%u/%s", procroot, pid, name);
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n <= 0)
        return NULL;
    target[n] = 0;
    return dd_xstrdup(target);
}

/* Fill from /proc: for processes that started before we watched, or whose records were
 * lost. The process may be gone: then only what the record said is known. */
static void fill_from_proc(dd_proc *p, const char *procroot, int64_t real_off)
{
    dd_buf b = DD_BUF_INIT;
    read_proc_file(procroot, p->pid, "cmdline", &b);
    if (b.len)
        set_argv(p, b.data, b.len);
    free(p->exepath);
    p->exepath = read_link(procroot, p->pid, "exe");
    free(p->cwd);
    p->cwd = read_link(procroot, p->pid, "cwd");
    read_proc_file(procroot, p->pid, "stat", &b);
    if (b.len) {
        /* pid (comm) state ppid pgrp session tty_nr ... starttime(22) */
        const char *rp = strrchr(b.data, ')');
        if (rp) {
            if (!p->comm[0]) {
                const char *lp = strchr(b.data, '(');
                if (lp && rp > lp) {
                    size_t l = rp - lp - 1;
                    if (l >= sizeof p->comm)
                        l = sizeof p->comm - 1;
                    memcpy(p->comm, lp + 1, l);
                    p->comm[l] = 0;
                }
            }
            char st;
            int ppid, pgrp, sid, tty;
            unsigned long long start = 0;
            if (sscanf(rp + 2,
                       "%c %d %d %d %d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d "
                       "%*d %*d %llu",
                       &st, &ppid, &pgrp, &sid, &tty, &start) >= 5) {
                if (!p->ppid)
                    p->ppid = ppid;
                p->pgid = pgrp;
                p->sid = sid;
                p->tty = tty;
                if (start && !p->start_ns) {
                    long hz = sysconf(_SC_CLK_TCK);
                    p->start_ns = start * (1000000000ull / (hz > 0 ? hz : 100));
                    p->start_real = (int64_t)p->start_ns + real_off;
                }
            }
        }
    }
    dd_buf_free(&b);
    p->from_proc = true;
}

const dd_proc *dd_proctab_for_task(dd_proctab *t, const struct dd_ev_task *task, int64_t real_off)
{
    int32_t i = lookup_idx(t, task->pid, NULL);
    if (i >= 0) {
        entry *en = &t->e[i];
        /* the same process unless the pid was reused (start times differ) */
        if (en->p.from_proc || !task->start_ns || en->p.start_ns == task->start_ns) {
            en->seen = ++t->clock;
            en->exited = false;
            memcpy(en->p.comm, task->comm, sizeof en->p.comm);
            en->p.comm[sizeof en->p.comm - 1] = 0;
            en->p.uid = task->euid;
            en->p.gid = task->egid;
            return &en->p;
        }
    }
    const dd_proc *parent = dd_proctab_find(t, task->ppid);
    dd_proc tmp = {0};
    if (parent)
        copy_proc(&tmp, parent); /* a fork we did not see: it runs its parent's image */
    dd_proc *p = insert(t, task->pid);
    *p = tmp;
    p->pid = task->pid;
    p->ppid = task->ppid;
    p->vpid = task->vpid;
    p->start_ns = task->start_ns;
    p->start_real = task->start_ns ? (int64_t)task->start_ns + real_off : 0;
    p->cgroup_id = task->cgroup_id;
    p->tty = task->tty;
    p->uid = task->euid;
    p->gid = task->egid;
    p->loginuid = task->loginuid;
    memcpy(p->comm, task->comm, sizeof p->comm);
    p->comm[sizeof p->comm - 1] = 0;
    if (parent)
        memcpy(p->pcomm, parent->comm, sizeof p->pcomm);
    else
        fill_from_proc(p, "/proc", real_off);
    return p;
}

static char *slot_str(const char *const *strs, const uint32_t *slens, int i)
{
    if (!strs[i] || !slens[i])
        return NULL;
    return dd_xstrndup(strs[i], strnlen(strs[i], slens[i]));
}

const dd_proc *dd_proctab_exec(dd_proctab *t, const struct dd_ev_exec *x, const char *const *strs,
                               const uint32_t *slens, int64_t real_off)
{
    const struct dd_ev_task *task = &x->h.task;
    /* keep what exec does not change (pid identity, parent) from the old entry */
    const dd_proc *old = dd_proctab_find(t, task->pid);
    char pcomm[DD_EV_COMM] = "";
    if (old)
        memcpy(pcomm, old->pcomm, sizeof pcomm);
    dd_proc *p = insert(t, task->pid);
    p->ppid = task->ppid;
    p->vpid = task->vpid;
    p->pgid = x->pgid;
    p->sid = x->sid;
    p->vpgid = x->vpgid;
    p->start_ns = task->start_ns;
    p->start_real = task->start_ns ? (int64_t)task->start_ns + real_off : 0;
    p->cgroup_id = task->cgroup_id;
    p->tty = task->tty;
    p->uid = task->euid;
    p->gid = task->egid;
    p->loginuid = task->loginuid;
    memcpy(p->comm, task->comm, sizeof p->comm);
    p->comm[sizeof p->comm - 1] = 0;
    set_argv(p, strs[DD_EXEC_ARGV], slens[DD_EXEC_ARGV]);
    if (!p->exe)
        p->exe = slot_str(strs, slens, DD_EXEC_FILENAME);
    p->exepath = slot_str(strs, slens, DD_EXEC_EXEPATH);
    p->cwd = slot_str(strs, slens, DD_EXEC_CWD);
    if (strs[DD_EXEC_ENV] && slens[DD_EXEC_ENV]) {
        p->env = dd_xmalloc(slens[DD_EXEC_ENV]);
        memcpy(p->env, strs[DD_EXEC_ENV], slens[DD_EXEC_ENV]);
        p->env_len = slens[DD_EXEC_ENV];
    }
    char *pc = slot_str(strs, slens, DD_EXEC_PCOMM);
    if (pc) {
        snprintf(p->pcomm, sizeof p->pcomm, "%s", pc);
        free(pc);
    } else {
        memcpy(p->pcomm, pcomm, sizeof p->pcomm);
    }
    p->exe_ino = x->exe_ino;
    p->exe_ctime = x->exe_ctime_ns;
    p->exe_mtime = x->exe_mtime_ns;
    p->exe_flags = x->exe_flags;
    p->exe_mode = x->exe_mode;
    p->exe_uid = x->exe_uid;
    p->exe_gid = x->exe_gid;
    return p;
}

void dd_proctab_fork(dd_proctab *t, const struct dd_ev_fork *f, int64_t real_off)
{
    const dd_proc *parent = dd_proctab_for_task(t, &f->h.task, real_off);
    dd_proc tmp;
    copy_proc(&tmp, parent);
    dd_proc *c = insert(t, f->child_pid); /* may move nothing: entries are a slab */
    *c = tmp;
    c->pid = f->child_pid;
    c->ppid = f->h.task.pid;
    c->vpid = f->child_vpid;
    c->start_ns = f->child_start_ns;
    c->start_real = (int64_t)f->child_start_ns + real_off;
    c->from_proc = false;
    memcpy(c->pcomm, f->h.task.comm, sizeof c->pcomm);
    c->pcomm[sizeof c->pcomm - 1] = 0;
}

void dd_proctab_exit(dd_proctab *t, uint32_t pid)
{
    int32_t i = lookup_idx(t, pid, NULL);
    if (i < 0 || t->e[i].exited)
        return;
    t->e[i].exited = true;
    if (t->grave_n == DD_GRAVEYARD) {
        /* the oldest exited process goes now */
        uint32_t old = t->grave[t->grave_head];
        t->grave_head = (t->grave_head + 1) % DD_GRAVEYARD;
        t->grave_n--;
        int32_t k = lookup_idx(t, old, NULL);
        if (k >= 0 && t->e[k].exited)
            remove_idx(t, k);
    }
    t->grave[(t->grave_head + t->grave_n) % DD_GRAVEYARD] = pid;
    t->grave_n++;
}

size_t dd_proctab_scan(dd_proctab *t, const char *procroot, int64_t real_off)
{
    _cleanup_closedir_ DIR *d = opendir(procroot);
    if (!d)
        return 0;
    size_t added = 0;
    struct dirent *de;
    while ((de = readdir(d)) && t->n < t->max) {
        if (!isdigit((unsigned char)de->d_name[0]))
            continue;
        uint32_t pid = (uint32_t)strtoul(de->d_name, NULL, 10);
        if (!pid || dd_proctab_find(t, pid))
            continue;
        dd_proc *p = insert(t, pid);
        fill_from_proc(p, procroot, real_off);
        added++;
    }
    return added;
}
