/* Which system calls the container's seccomp filter refuses, found without running any.
 *
 * amicontained calls each syscall and counts every EPERM as "blocked", so a mount refused
 * for lack of CAP_SYS_ADMIN looks like a seccomp block, and the calls it makes really run.
 * Here a forked child stacks one more filter that answers SECCOMP_RET_USER_NOTIF for every
 * native call. The kernel runs all stacked filters and keeps the action of highest
 * precedence (KILL > TRAP > ERRNO > USER_NOTIF > TRACE > LOG > ALLOW), so:
 *   - a call the container's filter allows becomes a notification, which our supervisor
 *     thread answers with a marker value: the call is never executed;
 *   - a call it refuses comes back with the container's errno, also unexecuted;
 *   - a call it kills kills the child; the parent records which and forks again.
 * Capability checks happen inside the syscall, which never runs, so they cannot be
 * confused with the filter; calls the filter allows but the kernel would refuse for a
 * missing capability are listed apart (capgated).
 *
 * Security: the child sets no_new_privs and can only add restrictions; the parent never
 * installs anything. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/mem.h"
#include "inside/caps.h"
#include "inside/inside.h"
#include "report/rule.h"

/* Probed numbers: every one libseccomp names for the native architecture below this. */
#define MAX_NR     1024
#define MAX_PROBES (MAX_NR + 8)
/* What the supervisor makes an allowed call return: no real call returns it here. */
#define ALLOWED_MARK 0x5ecc0ddL

/* Calls whose answer depends on an argument in Docker's default profile: probed again
 * with the argument that profile refuses. */
static const struct {
    const char *syscall, *label;
    unsigned long a0, a1;
} arg_probes[] = {
    {"clone", "clone(CLONE_NEWUSER)", 0x10000000UL, 0},
    {"socket", "socket(AF_VSOCK)", 40, 1},
    {"personality", "personality(READ_IMPLIES_EXEC)", 0x0400000UL, 0},
};

/* What the kernel checks inside a call the filter let through (capabilities(7)). */
static const struct {
    const char *syscall, *cap;
} cap_needed[] = {
    {"mount", "SYS_ADMIN"},
    {"umount2", "SYS_ADMIN"},
    {"pivot_root", "SYS_ADMIN"},
    {"swapon", "SYS_ADMIN"},
    {"swapoff", "SYS_ADMIN"},
    {"sethostname", "SYS_ADMIN"},
    {"setdomainname", "SYS_ADMIN"},
    {"setns", "SYS_ADMIN"},
    {"unshare", "SYS_ADMIN"},
    {"quotactl", "SYS_ADMIN"},
    {"fanotify_init", "SYS_ADMIN"},
    {"open_tree", "SYS_ADMIN"},
    {"move_mount", "SYS_ADMIN"},
    {"fsopen", "SYS_ADMIN"},
    {"fsmount", "SYS_ADMIN"},
    {"fspick", "SYS_ADMIN"},
    {"fsconfig", "SYS_ADMIN"},
    {"lookup_dcookie", "SYS_ADMIN"},
    {"bpf", "BPF"},
    {"perf_event_open", "PERFMON"},
    {"reboot", "SYS_BOOT"},
    {"kexec_load", "SYS_BOOT"},
    {"kexec_file_load", "SYS_BOOT"},
    {"init_module", "SYS_MODULE"},
    {"finit_module", "SYS_MODULE"},
    {"delete_module", "SYS_MODULE"},
    {"iopl", "SYS_RAWIO"},
    {"ioperm", "SYS_RAWIO"},
    {"settimeofday", "SYS_TIME"},
    {"clock_settime", "SYS_TIME"},
    {"clock_adjtime", "SYS_TIME"},
    {"acct", "SYS_PACCT"},
    {"chroot", "SYS_CHROOT"},
    {"open_by_handle_at", "DAC_READ_SEARCH"},
    {"syslog", "SYSLOG"},
    {"vhangup", "SYS_TTY_CONFIG"},
    {"mknod", "MKNOD"},
    {"mknodat", "MKNOD"},
};

typedef struct probe {
    int nr;
    unsigned long a0, a1;
    char *label;
} probe;

/* Shared between the parent and the probing child (MAP_SHARED, set up before fork). */
typedef struct shared {
    _Atomic int next; /* index being probed */
    _Atomic int done; /* the probing thread has finished */
    _Atomic int listener;
    int setup_errno; /* why the child could not stack its filter */
    char setup_what[32];
    long ret[MAX_PROBES];
    int err[MAX_PROBES];
} shared;

static void *supervise(void *arg)
{
    shared *sh = arg;
    int fd;
    while ((fd = atomic_load(&sh->listener)) < 0)
        sched_yield();
    struct seccomp_notif_sizes sz = {0};
    if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) < 0) {
        sz.seccomp_notif = sizeof(struct seccomp_notif);
        sz.seccomp_notif_resp = sizeof(struct seccomp_notif_resp);
    }
    /* The kernel may know a larger struct than our headers: use its sizes. */
    struct seccomp_notif *req =
        calloc(1, sz.seccomp_notif > sizeof *req ? sz.seccomp_notif : sizeof *req);
    struct seccomp_notif_resp *resp =
        calloc(1, sz.seccomp_notif_resp > sizeof *resp ? sz.seccomp_notif_resp : sizeof *resp);
    if (!req || !resp)
        _exit(4);
    for (;;) {
        memset(req, 0, sz.seccomp_notif);
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, req) < 0) {
            if (errno == EINTR)
                continue;
            _exit(5);
        }
        if (atomic_load(&sh->done))
            _exit(0);
        memset(resp, 0, sz.seccomp_notif_resp);
        resp->id = req->id;
        resp->val = ALLOWED_MARK; /* answered here: the call never runs */
        ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, resp);
    }
    return NULL;
}

static void setup_failed(shared *sh, const char *what)
{
    sh->setup_errno = errno;
    snprintf(sh->setup_what, sizeof sh->setup_what, "%s", what);
    _exit(3);
}

/* The child: probes[start..n) one after another. Never returns. */
static void child(shared *sh, const probe *p, size_t start, size_t n, uint32_t arch)
{
    atomic_store(&sh->listener, -1);
    pthread_t t;
    if (pthread_create(&t, NULL, supervise, sh) != 0)
        setup_failed(sh, "pthread_create");
    struct sock_filter insns[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
    };
    struct sock_fprog prog = {.len = DD_ARRAY_LEN(insns), .filter = insns};
    /* A filter that traps (SIGSYS) must not leave a core file behind. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    /* Unprivileged processes may only install filters under no_new_privs; it restricts
     * this child alone. */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        setup_failed(sh, "prctl(PR_SET_NO_NEW_PRIVS)");
    /* No TSYNC: the filter covers this thread only, never the supervisor. */
    long fd =
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
    if (fd < 0)
        setup_failed(sh, "seccomp(NEW_LISTENER)");
    /* From here on every native call of this thread is a notification: only memory
     * writes until the loop ends. */
    atomic_store(&sh->listener, (int)fd);
    for (size_t i = start; i < n; i++) {
        atomic_store(&sh->next, (int)i);
        errno = 0;
        sh->ret[i] = syscall(p[i].nr, p[i].a0, p[i].a1, 0, 0, 0, 0);
        sh->err[i] = errno;
    }
    atomic_store(&sh->done, 1);
    syscall(SYS_getpid); /* wakes the supervisor, which exits the child */
    _exit(0);
}

static const char *cap_for(const char *name)
{
    for (size_t i = 0; i < DD_ARRAY_LEN(cap_needed); i++)
        if (strcmp(cap_needed[i].syscall, name) == 0)
            return cap_needed[i].cap;
    return NULL;
}

static void push(dd_inside_syscall **v, size_t *n, const probe *p, dd_probe_verdict verdict,
                 int err, const char *needs)
{
    *v = dd_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = (dd_inside_syscall){dd_xstrdup(p->label), p->nr, verdict, err, needs};
}

/* Wait for the child without ever hanging: a child that does not finish in 30 s is
 * killed (a filter that blocks forever would be the container's doing, not ours). */
static int wait_child(pid_t pid, int *status)
{
    for (int i = 0; i < 30000; i++) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            return 0;
        if (r < 0 && errno != EINTR)
            return -1;
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, status, 0);
    errno = ETIMEDOUT;
    return -1;
}

static void record(dd_inside_facts *f, const probe *p, long ret, int err)
{
    const char *needs = cap_for(p->label);
    if (ret == ALLOWED_MARK) {
        f->nallowed++;
        if (needs) {
            int bit = dd_cap_from_name(needs);
            if (bit >= 0 && !(f->cap_eff & (1ULL << bit)))
                push(&f->capgated, &f->ncapgated, p, DD_PROBE_ALLOWED, 0, needs);
        }
    } else {
        /* ERRNO(0) in a filter makes a call "succeed" without running: still refused. */
        push(&f->blocked, &f->nblocked, p, DD_PROBE_ERRNO, ret == -1 ? err : 0, needs);
    }
}

static size_t build_probes(probe *p)
{
    size_t n = 0;
    for (int nr = 0; nr < MAX_NR; nr++) {
        char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
        if (name)
            p[n++] = (probe){nr, 0, 0, name};
    }
    for (size_t i = 0; i < DD_ARRAY_LEN(arg_probes); i++) {
        int nr = seccomp_syscall_resolve_name(arg_probes[i].syscall);
        if (nr >= 0)
            p[n++] =
                (probe){nr, arg_probes[i].a0, arg_probes[i].a1, dd_xstrdup(arg_probes[i].label)};
    }
    return n;
}

int dd_inside_probe(dd_inside_facts *f, dd_error *e)
{
    probe *p = dd_xcalloc(MAX_PROBES, sizeof *p);
    size_t n = build_probes(p);
    int ret = -1;
    shared *sh = MAP_FAILED;
    if (f->seccomp_mode == 0) {
        /* No filter: nothing to ask, every call is allowed by seccomp. */
        for (size_t i = 0; i < n; i++)
            record(f, &p[i], ALLOWED_MARK, 0);
        f->nprobed = n;
        f->probed = true;
        ret = 0;
        goto out;
    }
    sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) {
        dd_error_sys(e, errno, "cannot map memory for the seccomp probe");
        goto fail;
    }
    uint32_t arch = seccomp_arch_native();
    size_t start = 0;
    for (int forks = 0; start < n; forks++) {
        if (forks > 64) {
            dd_error_set(e, DD_ERR_RUN, 0, "the seccomp filter killed the probe %d times", forks);
            goto fail;
        }
        memset(sh, 0, sizeof *sh);
        atomic_store(&sh->next, (int)start);
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0) {
            dd_error_sys(e, errno, "cannot fork the seccomp probe");
            goto fail;
        }
        if (pid == 0)
            child(sh, p, start, n, arch);
        int status;
        if (wait_child(pid, &status) < 0) {
            dd_error_sys(e, errno, "the seccomp probe did not finish");
            goto fail;
        }
        size_t next = (size_t)atomic_load(&sh->next);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
            dd_error_sys(e, sh->setup_errno, "cannot stack a seccomp filter (%s)", sh->setup_what);
            goto fail;
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
            dd_error_set(e, DD_ERR_RUN, 0, "the seccomp probe failed (exit %d)",
                         WEXITSTATUS(status));
            goto fail;
        }
        size_t end = WIFSIGNALED(status) ? next : n;
        for (size_t i = start; i < end; i++)
            record(f, &p[i], sh->ret[i], sh->err[i]);
        if (WIFSIGNALED(status)) {
            /* The call at `next` made the filter kill (or trap) the child. */
            push(&f->blocked, &f->nblocked, &p[next], DD_PROBE_KILLED, WTERMSIG(status),
                 cap_for(p[next].label));
            end = next + 1;
        }
        start = end;
    }
    f->nprobed = n;
    f->probed = true;
    ret = 0;
    goto out;
fail:
    snprintf(f->probe_error, sizeof f->probe_error, "%s", e->msg);
out:
    if (sh != MAP_FAILED)
        munmap(sh, sizeof *sh);
    for (size_t i = 0; i < n; i++)
        free(p[i].label);
    free(p);
    return ret;
}
