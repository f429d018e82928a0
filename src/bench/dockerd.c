/* Which dockerd is the one being audited.
 *
 * Section 2 judges the daemon by its command line, so the process whose command line is
 * read decides whether the host passes. Anyone can start a process named dockerd with
 * any arguments: a uid-1000 copy of sleep called dockerd, started with --icc=false
 * --userns-remap=default..., must not make the real daemon look hardened, and the
 * --config-file such a process names must never be read. So only these count:
 *   - a root process (real and effective uid 0 in /proc/PID/status) whose executable
 *     (/proc/PID/exe, when readable) is a dockerd, or
 *   - whatever process listens on the socket drydock talks to (SO_PEERCRED: the kernel
 *     says who called listen(2); that also admits a rootless daemon).
 * Among those, the best evidence wins: being that socket's listener, then serving the
 * host drydock talks to (-H; fd:// socket activation and no -H at all serve the default
 * socket, as dockerd does), then the root-owned pidfile it names (--pidfile, default
 * /var/run/docker.pid) holding its pid, then a data root matching the DockerRootDir the
 * daemon reports in /info. A process that is neither is counted and ignored. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/statfs.h>
#include <sys/un.h>
#include <unistd.h>

#include "bench/daemon_config.h"
#include "bench/host.h"
#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"

#define CMDLINE_MAX (128 * 1024)
#define MAX_PROCS   1000000

typedef struct cand {
    long pid;
    char **argv; /* NULL-terminated */
    int argc;
    uid_t uid;
    bool uid_known;
    int score;
    const char *why; /* static: the strongest evidence */
} cand;

bool dd_is_dockerd(const char *argv0)
{
    const char *base = strrchr(argv0, '/');
    base = base ? base + 1 : argv0;
    return strcmp(base, "dockerd") == 0;
}

/* /proc/PID/cmdline (NUL-separated words) as an argv. */
static char **read_cmdline(int root, const char *dir, int *argc)
{
    _cleanup_free_ char *path = dd_xasprintf("%s/cmdline", dir);
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_rootfile_read(root, path, DD_RF_IN_ROOT, CMDLINE_MAX, &b) < 0 || b.len == 0)
        return NULL;
    size_t n = 0, cap = 0;
    char **v = NULL;
    for (size_t i = 0; i < b.len;) {
        size_t l = strnlen(b.data + i, b.len - i);
        v = dd_xgrow(v, &cap, n + 2, sizeof *v);
        v[n++] = dd_xstrndup(b.data + i, l);
        i += l + 1;
    }
    v[n] = NULL;
    *argc = (int)n;
    return v;
}

/* The effective uid, and whether real and effective are both it. */
static bool read_uid(int root, const char *dir, uid_t *uid, bool *same)
{
    _cleanup_free_ char *path = dd_xasprintf("%s/status", dir);
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_rootfile_read(root, path, DD_RF_IN_ROOT, 64 * 1024, &b) < 0)
        return false;
    const char *u = strstr(b.data, "\nUid:");
    unsigned long real, eff;
    if (!u || sscanf(u + 5, "%lu %lu", &real, &eff) != 2)
        return false;
    *uid = (uid_t)eff;
    *same = real == eff;
    return true;
}

/* /proc/PID/exe names a dockerd binary ("/usr/bin/dockerd", "... (deleted)" after an
 * upgrade), or cannot be read (only root may read another user's). */
/* The parent pid from DIR/stat, or -1. The name (field 2) may hold spaces and ')': the
 * fields that follow start after the last ')'. */
static long read_ppid(int root, const char *dir)
{
    _cleanup_free_ char *p = dd_xasprintf("%s/stat", dir);
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_rootfile_read(root, p, DD_RF_IN_ROOT, 4096, &b) < 0 || !b.data)
        return -1;
    const char *rp = strrchr(b.data, ')');
    char state;
    long ppid;
    if (!rp || sscanf(rp + 1, " %c %ld", &state, &ppid) != 2)
        return -1;
    return ppid;
}

static bool exe_ok(int root, const char *dir)
{
    _cleanup_free_ char *path = dd_xasprintf("%s/exe", dir);
    char t[4096];
    ssize_t n = dd_rootfile_readlink(root, path, t, sizeof t - 1);
    if (n < 0)
        return errno == EACCES || errno == EPERM;
    t[n] = '\0';
    const char *base = strrchr(t, '/');
    base = base ? base + 1 : t;
    return strncmp(base, "dockerd", 7) == 0;
}

/* The pid of the process that listens on the unix socket at `path`: the kernel records
 * it at listen(2), and no other process can pretend to be it. 0 when unknown. */
static long socket_peer(const char *path)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (!path || strlen(path) >= sizeof sa.sun_path)
        return 0;
    strcpy(sa.sun_path, path);
    _cleanup_close_ int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&sa, sizeof sa) < 0)
        return 0;
    struct ucred uc;
    socklen_t len = sizeof uc;
    if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &uc, &len) < 0)
        return 0;
    return uc.pid;
}

static bool default_socket(const char *host)
{
    return strcmp(host, "unix:///var/run/docker.sock") == 0 ||
           strcmp(host, "unix:///run/docker.sock") == 0;
}

/* Whether a daemon with these flags serves `want` (the host drydock talks to). */
static bool serves(const dd_daemon_config *cfg, const char *want)
{
    if (!want || !*want)
        return false;
    const json_t *hosts = json_object_get(cfg->flags, "hosts");
    if (!json_array_size(hosts))
        return default_socket(want); /* no -H: dockerd listens on the default socket */
    size_t i;
    json_t *h;
    json_array_foreach(hosts, i, h)
    {
        const char *s = json_string_value(h);
        if (!s)
            continue;
        /* fd:// is systemd's docker.socket, which is the default socket. */
        if (strcmp(s, want) == 0 || (strncmp(s, "fd://", 5) == 0 && default_socket(want)))
            return true;
    }
    return false;
}

/* The pidfile this daemon writes (inside the audited root) is root's and holds `pid`. */
static bool pidfile_ok(int root, const dd_daemon_config *cfg, long pid)
{
    const char *pf = json_string_value(json_object_get(cfg->flags, "pidfile"));
    if (!pf || !*pf)
        pf = "/var/run/docker.pid";
    struct stat st;
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_rootfile_stat(root, pf, DD_RF_IN_ROOT, &st) < 0 || st.st_uid != 0 ||
        (st.st_mode & 022) || dd_rootfile_read(root, pf, DD_RF_IN_ROOT, 64, &b) < 0)
        return false;
    char *end;
    long v = strtol(b.data, &end, 10);
    return v == pid && (*end == '\0' || *end == '\n');
}

/* The daemon's data root (--data-root, else the default) holds /info's DockerRootDir
 * (equal, or a userns-remap subdirectory of it). */
static bool data_root_matches(const dd_daemon_config *cfg, const char *info_root)
{
    if (!info_root || !*info_root)
        return false;
    const char *dr = json_string_value(json_object_get(cfg->flags, "data-root"));
    if (!dr || !*dr)
        dr = json_string_value(json_object_get(cfg->flags, "graph"));
    if (!dr || !*dr)
        dr = "/var/lib/docker";
    size_t n = strlen(dr);
    while (n > 1 && dr[n - 1] == '/')
        n--;
    return strncmp(info_root, dr, n) == 0 && (info_root[n] == '\0' || info_root[n] == '/');
}

/* Score a trusted candidate; the higher the better. */
static int score(const dd_bench_facts *f, int root, const cand *c, long peer, const char *want,
                 const char **why)
{
    dd_daemon_config *cfg = dd_daemon_config_new();
    dd_daemon_config_set_args(cfg, c->argc, (const char *const *)c->argv, "");
    const char *info_root =
        f->info ? json_string_value(json_object_get(f->info, "DockerRootDir")) : NULL;
    int s = 0;
    *why = "no better evidence, the lowest pid of root's dockerds";
    if (data_root_matches(cfg, info_root))
        s += 1, *why = "its data root is the DockerRootDir the daemon reports";
    if (pidfile_ok(root, cfg, c->pid))
        s += 2, *why = "its root-owned pidfile holds its pid";
    if (serves(cfg, want))
        s += 4, *why = "it serves the socket drydock talks to";
    if (peer && c->pid == peer)
        s += 8, *why = "it listens on the socket drydock talks to";
    dd_daemon_config_free(cfg);
    return s;
}

void dd_host_find_dockerd(const dd_bench_facts *f, dd_host_facts *h, dd_daemon_config *d)
{
    /* A --root without proc (a host's / bind-mounted without /proc) falls back to our own
     * /proc: with --pid host that is the host's process table. */
    int root = h->rootfd;
    _cleanup_close_ int own = -1;
    _cleanup_close_ int procfd = dd_rootfile_open(root, "/proc", O_RDONLY | O_DIRECTORY, 0);
    if (procfd < 0 && *h->root) {
        own = dd_rootfile_dir("/");
        root = own;
        procfd = dd_rootfile_open(root, "/proc", O_RDONLY | O_DIRECTORY, 0);
    }
    if (procfd < 0)
        return;
    const char *want = f->engine ? dd_engine_host(f->engine) : getenv("DOCKER_HOST");
    if (!want || !*want)
        want = "unix:///var/run/docker.sock";
    /* Socket credentials name pids of our own PID namespace: only meaningful when this is
     * a real process table, not a copy in a fixture tree. */
    struct statfs sfs;
    long peer = 0;
    if (fstatfs(procfd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC &&
        strncmp(want, "unix://", 7) == 0)
        peer = socket_peer(want + 7);

    int dup = fcntl(procfd, F_DUPFD_CLOEXEC, 3);
    _cleanup_closedir_ DIR *dir = dup >= 0 ? fdopendir(dup) : NULL;
    if (!dir) {
        if (dup >= 0)
            close(dup);
        return;
    }
    cand best = {0};
    best.score = -1;
    struct dirent *de;
    size_t seen = 0;
    /* Parents of the docker-proxy processes: a userland proxy runs, whatever any
     * configuration says, when one is a child of the daemon audited (2.16). */
    _cleanup_free_ long *proxy_ppid = NULL;
    size_t nproxy = 0, capproxy = 0;
    while ((de = readdir(dir)) && seen++ < MAX_PROCS) {
        char *end;
        long pid = strtol(de->d_name, &end, 10);
        if (*end || pid <= 0)
            continue;
        _cleanup_free_ char *pdir = dd_xasprintf("/proc/%ld", pid);
        /* comm first: cheap, and a process whose cmdline rewrote argv[0] still shows. */
        _cleanup_free_ char *commp = dd_xasprintf("%s/comm", pdir);
        _cleanup_buf_ dd_buf comm = DD_BUF_INIT;
        bool comm_ok = dd_rootfile_read(root, commp, DD_RF_IN_ROOT, 256, &comm) == 0;
        if (comm_ok && strcmp(comm.data, "docker-proxy\n") == 0) {
            long ppid = read_ppid(root, pdir);
            if (ppid > 0) {
                proxy_ppid = dd_xgrow(proxy_ppid, &capproxy, nproxy + 1, sizeof *proxy_ppid);
                proxy_ppid[nproxy++] = ppid;
            }
            continue;
        }
        if (comm_ok && strncmp(comm.data, "dockerd", 7) != 0)
            continue;
        cand c = {.pid = pid};
        c.argv = read_cmdline(root, pdir, &c.argc);
        if (!c.argv)
            continue;
        if (!dd_is_dockerd(c.argv[0]) && !(comm_ok && strcmp(comm.data, "dockerd\n") == 0)) {
            dd_strv_free(c.argv);
            continue;
        }
        h->ndockerd++;
        bool same = false;
        c.uid_known = read_uid(root, pdir, &c.uid, &same);
        bool trusted = c.uid_known && c.uid == 0 && same && exe_ok(root, pdir);
        if (!trusted && !(peer && pid == peer)) {
            /* Its command line and its --config-file are never read. */
            h->dockerd_ignored++;
            dd_strv_free(c.argv);
            continue;
        }
        c.score = score(f, root, &c, peer, want, &c.why);
        if (c.score > best.score || (c.score == best.score && pid < best.pid)) {
            dd_strv_free(best.argv);
            best = c;
        } else {
            dd_strv_free(c.argv);
        }
    }
    if (!best.argv)
        return;
    h->dockerd_pid = best.pid;
    h->dockerd_uid_known = best.uid_known;
    h->dockerd_uid = best.uid;
    h->dockerd_why = best.why;
    for (size_t i = 0; i < nproxy; i++)
        h->userland_proxies += proxy_ppid[i] == best.pid;
    _cleanup_free_ char *src =
        dd_xasprintf("%s/proc/%ld/cmdline", root == h->rootfd ? h->root : "", best.pid);
    dd_daemon_config_set_args(d, best.argc, (const char *const *)best.argv, src);
    dd_strv_free(best.argv);
}
