/* From a recording to the tightest settings that still let the workload run, and those
 * settings as `docker run` flags, a compose snippet and JSON. */
#include <math.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "inside/caps.h"
#include "profile/profile.h"
#include "report/rule.h"

/* runc 1.1 (libcontainer/standard_init_linux.go): without no-new-privileges the filter
 * is installed before finalizeNamespace, which still closes inherited fds (openat and
 * getdents64 of /proc/self/fd, fcntl, close), drops the bounding set and switches user
 * (prctl, capget/capset, setgroups, setresgid/setresuid), changes directory, opens and
 * writes the exec fifo, looks the program up in PATH (faccessat2, getcwd; seen on runc
 * 1.1.5) and finally execve()s the workload; its Go runtime meanwhile
 * uses futexes, signals, threads and the netpoller. With no-new-privileges only the last
 * steps remain, so this list covers both orders. Missing one means the container dies
 * before the workload's first instruction (inspektor-gadget's known failure). */
const char dd_runc_handover_syscalls[] =
    "arch_prctl brk capget capset chdir clone close close_range epoll_create1 epoll_ctl "
    "epoll_pwait execve exit exit_group faccessat2 fchdir fcntl fstat fstatfs futex getcwd "
    "getdents64 getpid getppid gettid getuid madvise mmap mprotect munmap nanosleep newfstatat "
    "openat prctl read readlinkat restart_syscall rt_sigaction rt_sigprocmask rt_sigreturn "
    "sched_getaffinity sched_yield set_robust_list set_tid_address setgid setgroups setresgid "
    "setresuid setuid sigaltstack tgkill write";

/* Syscalls the writer rewrites into argument-checked or special rules. */
static bool special(const char *n)
{
    return strcmp(n, "clone") == 0 || strcmp(n, "clone3") == 0 || strcmp(n, "socket") == 0 ||
           strcmp(n, "personality") == 0;
}

static dd_scmp_rule *add_rule(dd_seccomp *s, const char *name, dd_scmp_action a)
{
    s->rules = dd_xrealloc(s->rules, (s->nrules + 1) * sizeof *s->rules);
    dd_scmp_rule *r = &s->rules[s->nrules++];
    memset(r, 0, sizeof *r);
    r->action = a;
    r->errno_ret = -1;
    if (name)
        dd_names_add(&r->names, name);
    return r;
}

/* Programs ask who they are and take other paths as another user (busybox checks its
 * gid before it does anything): when the profile changes the user, these are allowed. */
static const char identity_syscalls[] =
    "getuid geteuid getgid getegid getgroups getresuid getresgid";

static void build_seccomp(const dd_recording *r, bool new_user, dd_seccomp *s)
{
    s->default_action = DD_SCMP_ERRNO;
    s->default_errno = 1; /* EPERM, as Docker's default */
    /* Only the native architecture: the recording saw only its calls. */
    dd_names_add(&s->arches, dd_seccomp_native_arch(NULL));
    dd_names names = {0};
    for (size_t i = 0; i < r->syscalls.n; i++)
        dd_names_add(&names, r->syscalls.v[i]);
    for (size_t i = 0; i < r->runtime_syscalls.n; i++)
        dd_names_add(&names, r->runtime_syscalls.v[i]);
    dd_names_split(&names, dd_runc_handover_syscalls);
    if (new_user)
        dd_names_split(&names, identity_syscalls);
    dd_names_sort_unique(&names);

    dd_scmp_rule *allow = add_rule(s, NULL, DD_SCMP_ALLOW);
    bool clone = false, socket = false, personality = false;
    for (size_t i = 0; i < names.n; i++) {
        const char *n = names.v[i];
        if (seccomp_syscall_resolve_name_arch(SCMP_ARCH_NATIVE, n) < 0)
            continue;
        if (!special(n))
            dd_names_add(&allow->names, n);
        clone |= strcmp(n, "clone") == 0;
        socket |= strcmp(n, "socket") == 0;
        personality |= strcmp(n, "personality") == 0;
    }
    dd_names_free(&names);
    if (clone) {
        dd_scmp_rule *c = add_rule(s, "clone", DD_SCMP_ALLOW);
        if (!(r->clone_ns_flags & DD_CLONE_NS_MASK)) {
            /* Threads and processes, never new namespaces. */
            c->args[0] = (dd_scmp_arg){0, DD_CLONE_NS_MASK, 0, DD_SCMP_CMP_MASKED_EQ};
            c->nargs = 1;
            c->comment = dd_xstrdup("no namespace flags (CLONE_NEW*)");
        }
    }
    /* clone3 cannot be filtered by its flags (they are behind a pointer): ENOSYS makes
     * glibc fall back to clone, whose flags the rule above checks. EPERM would not. */
    dd_scmp_rule *c3 = add_rule(s, "clone3", DD_SCMP_ERRNO);
    c3->errno_ret = 38;
    c3->comment = dd_xstrdup("ENOSYS: callers fall back to clone()");
    if (socket)
        for (unsigned f = 0; f < 64; f++)
            if (r->socket_families & (1ULL << f)) {
                dd_scmp_rule *k = add_rule(s, "socket", DD_SCMP_ALLOW);
                k->args[0] = (dd_scmp_arg){0, f, 0, DD_SCMP_CMP_EQ};
                k->nargs = 1;
            }
    if (personality)
        for (size_t i = 0; i < r->personalities.n; i++) {
            dd_scmp_rule *k = add_rule(s, "personality", DD_SCMP_ALLOW);
            k->args[0] =
                (dd_scmp_arg){0, strtoull(r->personalities.v[i], NULL, 0), 0, DD_SCMP_CMP_EQ};
            k->nargs = 1;
        }
}

static char *parent_of(const char *p)
{
    const char *slash = strrchr(p, '/');
    if (!slash || slash == p)
        return dd_xstrdup("/");
    return dd_xstrndup(p, (size_t)(slash - p));
}

/* The kind ('A', 'C', 'D') of `path` among the changes, or 0. */
static char change_kind(const dd_names *changes, const char *path)
{
    for (size_t i = 0; i < changes->n; i++) {
        const char *c = changes->v[i];
        if (strlen(c) > 2 && strcmp(c + 2, path) == 0)
            return c[0];
    }
    return 0;
}

static bool under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strcmp(dir, "/") == 0 ||
           (strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0'));
}

/* Where the workload writes, as tmpfs mounts on a read-only root (from `docker diff`):
 * a new directory tree gets a tmpfs at its top; a new file in an image directory gets one
 * on that directory (which hides what the image has there: said in a note). */
static void build_tmpfs(const dd_recording *r, dd_profile *p)
{
    static const char *const managed[] = {
        "/dev", "/proc", "/sys", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/.dockerenv"};
    dd_names dirs = {0};
    for (size_t i = 0; i < r->changes.n; i++) {
        const char *c = r->changes.v[i];
        if (strlen(c) < 3 || c[1] != ' ' || c[2] != '/')
            continue;
        const char *path = c + 2;
        bool skip = false;
        for (size_t k = 0; k < DD_ARRAY_LEN(managed); k++)
            skip |= under(path, managed[k]);
        /* Only leaves: a directory with changes below it is decided by those. */
        for (size_t k = 0; k < r->changes.n && !skip; k++)
            skip |= k != i && strlen(r->changes.v[k]) > 2 && under(r->changes.v[k] + 2, path) &&
                    strcmp(r->changes.v[k] + 2, path) != 0;
        if (skip)
            continue;
        char *dir;
        if (c[0] == 'A') {
            _cleanup_free_ char *top = dd_xstrdup(path);
            for (;;) {
                _cleanup_free_ char *up = parent_of(top);
                if (strcmp(up, "/") == 0 || change_kind(&r->changes, up) != 'A')
                    break;
                free(top);
                top = steal_pointer(&up);
            }
            dir = strcmp(top, path) != 0 ? dd_xstrdup(top) : parent_of(path);
        } else {
            dir = parent_of(path);
            char note[DD_REC_MAX_STR + 160];
            snprintf(note, sizeof note,
                     "%s was %s in place: the tmpfs on %s starts empty, use a volume if the "
                     "image's content there is needed",
                     path, c[0] == 'D' ? "deleted" : "changed", dir);
            dd_names_add(&p->notes, note);
        }
        dd_names_add(&dirs, dir);
        free(dir);
    }
    dd_names_sort_unique(&dirs);
    for (size_t i = 0; i < dirs.n; i++) {
        bool covered = false;
        for (size_t k = 0; k < p->tmpfs.n; k++)
            covered |= under(dirs.v[i], p->tmpfs.v[k]);
        if (strcmp(dirs.v[i], "/") == 0) {
            dd_names_add(&p->notes, "files are written in / itself: a read-only root needs "
                                    "them moved to a directory");
            continue;
        }
        if (!covered)
            dd_names_add(&p->tmpfs, dirs.v[i]);
    }
    dd_names_free(&dirs);
}

int dd_profile_build(const dd_recording *r, const char *name, dd_profile *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    out->name = dd_xstrdup(name);
    out->cap_add = r->caps_used;
    if (r->lost > 0) {
        char note[160];
        snprintf(note, sizeof note,
                 "the sensor lost %lld records while recording: calls may be missing, record "
                 "again (or merge another recording)",
                 (long long)r->lost);
        dd_names_add(&out->notes, note);
    }
    if (r->exit_code > 0) {
        char note[96];
        snprintf(note, sizeof note, "the workload exited with %d while it was recorded",
                 r->exit_code);
        dd_names_add(&out->notes, note);
    }
    build_tmpfs(r, out);
    /* Root is needed when a capability was used; otherwise the workload runs as the user
     * it already was, or as nobody. */
    bool root = dd_names_has(&r->uids, "0") || r->uids.n == 0;
    if (!root)
        out->user = dd_xstrdup(r->uids.v[0]);
    else if (!r->caps_used)
        out->user = dd_xstrdup("65534:65534");
    if (out->user && r->caps_used)
        dd_names_add(&out->notes, "capabilities added for a non-root user take effect only "
                                  "for binaries with file capabilities");
    build_seccomp(r, root && out->user, &out->seccomp);
    /* Headroom: twice the peak, and never below what a shell needs to start. */
    if (r->peak_pids > 0)
        out->pids_limit = r->peak_pids * 2 > 32 ? r->peak_pids * 2 : 32;
    if (r->peak_mem > 0) {
        int64_t mib = (r->peak_mem * 2 + (1 << 20) - 1) >> 20;
        out->mem_limit = (mib > 32 ? mib : 32) << 20;
    }
    if (r->peak_cpus >= 0)
        out->cpus = fmax(0.1, ceil(r->peak_cpus * 2 * 10) / 10);

    dd_names allowed = {0}, dflt_allowed = {0};
    dd_seccomp dflt;
    dd_seccomp_docker_default(&dflt);
    int rc =
        dd_seccomp_allowed(&out->seccomp, &(dd_seccomp_env){.caps = out->cap_add}, &allowed, e);
    if (rc == 0)
        rc = dd_seccomp_allowed(&dflt, &(dd_seccomp_env){.caps = dd_cap_docker_default()},
                                &dflt_allowed, e);
    out->nallowed = allowed.n;
    out->docker_default_allowed = dflt_allowed.n;
    dd_names_free(&allowed);
    dd_names_free(&dflt_allowed);
    dd_seccomp_free(&dflt);
    if (rc < 0)
        return -1;
    out->apparmor = dd_apparmor_profile(r, out);
    return 0;
}

void dd_profile_free(dd_profile *p)
{
    free(p->name);
    dd_seccomp_free(&p->seccomp);
    dd_names_free(&p->tmpfs);
    dd_names_free(&p->notes);
    free(p->user);
    free(p->apparmor);
    memset(p, 0, sizeof *p);
}

/* One setting as it is spelled in docker run and compose. */
typedef struct setting {
    const char *run;     /* "--cap-add" */
    const char *compose; /* "cap_add" */
    char *value;
    bool list; /* compose: a list member */
} setting;

static void put(setting *v, size_t *n, const char *run, const char *compose, bool list, char *value)
{
    v[*n] = (setting){run, compose, value, list};
    (*n)++;
}

/* The settings in order, shared by the docker run and compose writers. */
static size_t settings(const dd_profile *p, const char *seccomp_path, setting **out)
{
    size_t cap = 16 + p->tmpfs.n + 64, n = 0;
    setting *v = dd_xcalloc(cap, sizeof *v);
    put(v, &n, "--cap-drop", "cap_drop", true, dd_xstrdup("ALL"));
    char name[DD_CAP_NAME_MAX];
    for (unsigned b = 0; b < 64; b++)
        if (p->cap_add & (1ULL << b))
            put(v, &n, "--cap-add", "cap_add", true, dd_xstrdup(dd_cap_name(b, name)));
    put(v, &n, "--read-only", "read_only", false, dd_xstrdup("true"));
    for (size_t i = 0; i < p->tmpfs.n; i++)
        put(v, &n, "--tmpfs", "tmpfs", true, dd_xstrdup(p->tmpfs.v[i]));
    if (p->user)
        put(v, &n, "--user", "user", false, dd_xstrdup(p->user));
    /* '=' is the separator dockerd documents (':' is deprecated); compose passes the same
     * strings to the engine. */
    put(v, &n, "--security-opt", "security_opt", true, dd_xstrdup("no-new-privileges=true"));
    put(v, &n, "--security-opt", "security_opt", true, dd_xasprintf("seccomp=%s", seccomp_path));
    put(v, &n, "--security-opt", "security_opt", true, dd_xasprintf("apparmor=%s", p->name));
    if (p->pids_limit)
        put(v, &n, "--pids-limit", "pids_limit", false,
            dd_xasprintf("%lld", (long long)p->pids_limit));
    if (p->mem_limit)
        put(v, &n, "--memory", "mem_limit", false,
            dd_xasprintf("%lldm", (long long)(p->mem_limit >> 20)));
    if (p->cpus > 0)
        put(v, &n, "--cpus", "cpus", false, dd_xasprintf("%.1f", p->cpus));
    *out = v;
    return n;
}

static void settings_free(setting *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].value);
    free(v);
}

char *dd_profile_docker_run(const dd_profile *p, const char *seccomp_path)
{
    setting *v;
    size_t n = settings(p, seccomp_path, &v);
    dd_buf b = DD_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].run, "--read-only") == 0) {
            dd_buf_puts(&b, "--read-only\n");
            continue;
        }
        dd_buf_printf(&b, "%s=%s\n", v[i].run, v[i].value);
    }
    settings_free(v, n);
    return dd_buf_steal(&b);
}

char *dd_profile_compose(const dd_profile *p, const char *service, const char *seccomp_path)
{
    setting *v;
    size_t n = settings(p, seccomp_path, &v);
    dd_buf b = DD_BUF_INIT;
    dd_buf_printf(&b, "services:\n  %s:\n", service);
    for (size_t i = 0; i < n; i++) {
        const char *val = v[i].value;
        if (!v[i].list) {
            /* "1000:1000" unquoted is a base-60 number to YAML 1.1 parsers */
            const char *q = strchr(val, ':') ? "\"" : "";
            dd_buf_printf(&b, "    %s: %s%s%s\n", v[i].compose, q, val, q);
            continue;
        }
        if (i == 0 || strcmp(v[i - 1].compose, v[i].compose) != 0)
            dd_buf_printf(&b, "    %s:\n", v[i].compose);
        dd_buf_printf(&b, "      - %s\n", val);
    }
    settings_free(v, n);
    return dd_buf_steal(&b);
}

json_t *dd_profile_to_json(const dd_profile *p, const dd_recording *r)
{
    json_t *caps = dd_cap_set_json(p->cap_add);
    json_t *summary = json_pack("{s:I, s:I, s:[s], s:o, s:b, s:o, s:s?, s:b}", "syscallsAllowed",
                                (json_int_t)p->nallowed, "dockerDefaultAllowed",
                                (json_int_t)p->docker_default_allowed, "capDrop", "ALL", "capAdd",
                                caps, "readOnly", 1, "tmpfs", dd_names_json(&p->tmpfs), "user",
                                p->user, "noNewPrivileges", 1);
    json_object_set_new(summary, "pidsLimit",
                        p->pids_limit ? json_integer(p->pids_limit) : json_null());
    json_object_set_new(summary, "memLimit",
                        p->mem_limit ? json_integer(p->mem_limit) : json_null());
    json_object_set_new(summary, "cpus", p->cpus > 0 ? json_real(p->cpus) : json_null());
    _cleanup_free_ char *run = dd_profile_docker_run(p, "seccomp.json");
    json_t *flags = json_array();
    for (char *save = NULL, *t = strtok_r(run, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
        json_array_append_new(flags, json_string(t));
    return json_pack("{s:i, s:s, s:o, s:o, s:o, s:o, s:s, s:o}", "drydockProfile", 1, "name",
                     p->name, "summary", summary, "notes", dd_names_json(&p->notes), "dockerRun",
                     flags, "seccomp", dd_seccomp_to_json(&p->seccomp), "apparmor",
                     p->apparmor ? p->apparmor : "", "recording", dd_recording_to_json(r));
}
