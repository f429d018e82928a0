#include "bench/host.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/daemon_config.h"
#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"

/* Bounds on what is read from the audited host: these files are small on any real host,
 * and a hostile or broken tree must not make drydock read without end. */
#define SMALL_FILE_MAX (1024 * 1024)
#define MAX_RULES_FILES 256
#define MAX_AUDIT_RULES 100000
#define MAX_REGISTRY_CERTS 4096

void dd_strv_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

static void strv_freep(char ***v)
{
    dd_strv_free(*v);
}
#define _cleanup_strv_ __attribute__((cleanup(strv_freep)))

static char *join_root(const char *root, const char *path)
{
    return dd_xasprintf("%s%s", root, path);
}

void dd_file_fact_clear(dd_file_fact *f)
{
    free(f->path);
    free(f->shown);
    free(f->resolved);
    memset(f, 0, sizeof *f);
}

void dd_host_stat(const dd_host_facts *h, const char *path, dd_file_fact *out)
{
    dd_file_fact_clear(out);
    out->path = dd_xstrdup(path);
    out->shown = join_root(h->root, path);
    out->resolved = dd_rootfile_resolve(h->rootfd, path);
    struct stat st;
    if (!out->resolved || dd_rootfile_stat(h->rootfd, path, DD_RF_IN_ROOT, &st) < 0) {
        if (errno != ENOENT && errno != ENOTDIR)
            out->err = errno;
        return;
    }
    out->exists = true;
    out->uid = st.st_uid;
    out->gid = st.st_gid;
    out->mode = st.st_mode;
}

/* Read a small regular file under root into `b`; -1 with errno on failure. */
static int read_in_root(const dd_host_facts *h, const char *path, dd_buf *b, size_t max)
{
    return dd_rootfile_read(h->rootfd, path, DD_RF_IN_ROOT, max, b);
}

static int split_words(const char *s, char ***argv, bool exec_prefixes)
{
    size_t n = 0, cap = 0;
    char **v = NULL;
    while (*s && isspace((unsigned char)*s))
        s++;
    /* systemd's special executable prefixes */
    while (exec_prefixes && (*s == '-' || *s == '@' || *s == '+' || *s == '!' || *s == ':'))
        s++;
    dd_buf w = DD_BUF_INIT;
    while (*s) {
        while (*s && isspace((unsigned char)*s))
            s++;
        if (!*s)
            break;
        dd_buf_reset(&w);
        dd_buf_puts(&w, "");
        char q = 0;
        for (; *s; s++) {
            if (q) {
                if (*s == q)
                    q = 0;
                else if (*s == '\\' && s[1])
                    dd_buf_putc(&w, *++s);
                else
                    dd_buf_putc(&w, *s);
            } else if (*s == '"' || *s == '\'') {
                q = *s;
            } else if (*s == '\\' && s[1]) {
                dd_buf_putc(&w, *++s);
            } else if (isspace((unsigned char)*s)) {
                break;
            } else {
                dd_buf_putc(&w, *s);
            }
        }
        v = dd_xgrow(v, &cap, n + 2, sizeof *v);
        v[n++] = dd_xstrdup(w.data);
    }
    dd_buf_free(&w);
    if (!v) {
        v = dd_xcalloc(1, sizeof *v);
    }
    v[n] = NULL;
    *argv = v;
    return (int)n;
}

int dd_split_exec(const char *s, char ***argv)
{
    return split_words(s, argv, true);
}

/* The last effective ExecStart= in a unit's text (an empty one resets, as in drop-ins).
 * Continuation lines ending in a backslash are joined. */
static void unit_exec_start(const char *text, char **exec)
{
    _cleanup_buf_ dd_buf logical = DD_BUF_INIT;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n && p[n - 1] == '\r')
            n--;
        bool cont = n && p[n - 1] == '\\';
        dd_buf_append(&logical, p, cont ? n - 1 : n);
        if (cont) {
            dd_buf_putc(&logical, ' ');
        } else {
            const char *l = logical.data ? logical.data : "";
            while (isspace((unsigned char)*l))
                l++;
            if (strncmp(l, "ExecStart", 9) == 0) {
                const char *q = l + 9;
                while (*q == ' ' || *q == '\t')
                    q++;
                if (*q == '=') {
                    q++;
                    while (*q == ' ' || *q == '\t')
                        q++;
                    free(*exec);
                    *exec = *q ? dd_xstrdup(q) : NULL;
                }
            }
            dd_buf_reset(&logical);
        }
        p += n + (nl ? (size_t)(nl - p - n) + 1 : 0);
        if (!nl)
            break;
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in a directory under root matching a suffix, sorted. */
static char **list_dir(const dd_host_facts *h, const char *dir, const char *suffix, size_t max,
                       size_t *n_out, int *err)
{
    *n_out = 0;
    *err = 0;
    int fd = dd_rootfile_open(h->rootfd, dir, O_RDONLY | O_DIRECTORY, DD_RF_IN_ROOT);
    _cleanup_closedir_ DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (errno != ENOENT && errno != ENOTDIR)
            *err = errno;
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char **v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    size_t sl = strlen(suffix);
    while ((de = readdir(d)) && n < max) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < sl || strcmp(de->d_name + l - sl, suffix) != 0)
            continue;
        v = dd_xgrow(v, &cap, n + 2, sizeof *v);
        v[n++] = dd_xstrdup(de->d_name);
    }
    if (v) {
        v[n] = NULL;
        qsort(v, n, sizeof *v, cmp_str);
    }
    *n_out = n;
    return v;
}

static const char *const unit_dirs[] = {
    "/etc/systemd/system", "/run/systemd/system",     "/usr/local/lib/systemd/system",
    "/lib/systemd/system", "/usr/lib/systemd/system",
};

/* The unit file systemd would load for `unit`: the first that exists in its search path.
 * A link to /dev/null there masks the unit (systemctl mask): systemd loads nothing, so
 * the unit's files are not in use, as docker-bench-security also decides. */
static void find_unit(const dd_host_facts *h, const char *unit, dd_file_fact *out)
{
    for (size_t i = 0; i < DD_ARRAY_LEN(unit_dirs); i++) {
        _cleanup_free_ char *p = dd_xasprintf("%s/%s", unit_dirs[i], unit);
        char t[16];
        ssize_t n = dd_rootfile_readlink(h->rootfd, p, t, sizeof t - 1);
        if (n == 9 && memcmp(t, "/dev/null", 9) == 0) {
            dd_file_fact_clear(out);
            out->path = dd_xstrdup(p);
            out->shown = join_root(h->root, p);
            out->masked = true;
            return;
        }
        dd_host_stat(h, p, out);
        if (out->exists || out->err)
            return;
    }
    /* Not found: name the unit so messages say what was looked for. */
    dd_file_fact_clear(out);
    out->path = dd_xstrdup(unit);
    out->shown = dd_xasprintf("%s (not in %s/etc/systemd/system, %s/lib/systemd/system, "
                              "%s/usr/lib/systemd/system)",
                              unit, h->root, h->root, h->root);
}

/* dockerd's arguments from docker.service's ExecStart (and its drop-ins) when no dockerd
 * runs: how the daemon will start is what a host audit of a stopped daemon should see. */
static bool args_from_unit(const dd_host_facts *h, dd_daemon_config *d)
{
    if (!h->docker_service.exists)
        return false;
    _cleanup_free_ char *exec = NULL;
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (read_in_root(h, h->docker_service.path, &b, SMALL_FILE_MAX) < 0)
        return false;
    unit_exec_start(b.data, &exec);
    static const char *const dropin_dirs[] = {"/etc/systemd/system/docker.service.d",
                                              "/run/systemd/system/docker.service.d"};
    for (size_t i = 0; i < DD_ARRAY_LEN(dropin_dirs); i++) {
        size_t n;
        int err;
        _cleanup_strv_ char **names = list_dir(h, dropin_dirs[i], ".conf", 256, &n, &err);
        for (size_t j = 0; j < n; j++) {
            _cleanup_free_ char *p = dd_xasprintf("%s/%s", dropin_dirs[i], names[j]);
            dd_buf_reset(&b);
            if (read_in_root(h, p, &b, SMALL_FILE_MAX) == 0)
                unit_exec_start(b.data, &exec);
        }
    }
    if (!exec)
        return false;
    _cleanup_strv_ char **argv = NULL;
    int argc = dd_split_exec(exec, &argv);
    if (argc < 1 || !dd_is_dockerd(argv[0]))
        return false;
    _cleanup_free_ char *src = dd_xasprintf("%s ExecStart", h->docker_service.shown);
    dd_daemon_config_set_args(d, argc, (const char *const *)argv, src);
    return true;
}

static void gather_dockerd(dd_bench_facts *f, dd_host_facts *h, dd_daemon_config *d)
{
    dd_host_find_dockerd(f, h, d);
    if (!h->dockerd_pid)
        args_from_unit(h, d);
}

/* ---- audit rules ------------------------------------------------------------------- */

static void add_rule(dd_host_facts *h, const char *path, const char *origin, bool loaded, bool dir,
                     bool watch, size_t *cap)
{
    if (h->naudit >= MAX_AUDIT_RULES || !*path)
        return;
    h->audit = dd_xgrow(h->audit, cap, h->naudit + 1, sizeof *h->audit);
    dd_audit_rule *r = &h->audit[h->naudit++];
    memset(r, 0, sizeof *r);
    r->path = dd_xstrdup(path);
    /* Strip trailing slashes so "/etc/docker/" matches "/etc/docker". */
    size_t l = strlen(r->path);
    while (l > 1 && r->path[l - 1] == '/')
        r->path[--l] = '\0';
    r->resolved = dd_rootfile_resolve(h->rootfd, r->path);
    if (!r->resolved)
        r->resolved = dd_xstrdup(r->path);
    r->origin = dd_xstrdup(origin);
    r->loaded = loaded;
    r->dir = dir;
    r->watch = watch;
}

void dd_host_parse_audit_rules(dd_host_facts *h, const char *text, size_t len, const char *origin,
                               bool loaded)
{
    /* The capacity is not stored in the facts; grow from the current count. */
    size_t cap = h->naudit;
    int lineno = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        _cleanup_free_ char *line = dd_xstrndup(p, n);
        p += n + 1;
        char *c = line;
        while (isspace((unsigned char)*c))
            c++;
        if (*c == '#' || !*c)
            continue;
        _cleanup_strv_ char **w = NULL;
        int nw = split_words(c, &w, false);
        _cleanup_free_ char *where =
            loaded ? dd_xstrdup(origin) : dd_xasprintf("%s:%d", origin, lineno);
        for (int i = 0; i < nw; i++) {
            if (strcmp(w[i], "-w") == 0 && i + 1 < nw) {
                add_rule(h, w[++i], where, loaded, false, true, &cap);
            } else if (strncmp(w[i], "-w", 2) == 0 && w[i][2]) {
                add_rule(h, w[i] + 2, where, loaded, false, true, &cap);
            } else if (strcmp(w[i], "-F") == 0 && i + 1 < nw) {
                const char *fv = w[++i];
                if (strncmp(fv, "path=", 5) == 0)
                    add_rule(h, fv + 5, where, loaded, false, false, &cap);
                else if (strncmp(fv, "dir=", 4) == 0)
                    add_rule(h, fv + 4, where, loaded, true, false, &cap);
            }
        }
    }
}

static bool path_under(const char *p, const char *dir)
{
    size_t l = strlen(dir);
    if (strcmp(dir, "/") == 0)
        return true;
    return strncmp(p, dir, l) == 0 && p[l] == '/';
}

const dd_audit_rule *dd_host_audit_find(const dd_host_facts *h, const char *path,
                                        const char *resolved, bool loaded)
{
    const dd_audit_rule *below = NULL;
    for (size_t i = 0; i < h->naudit; i++) {
        const dd_audit_rule *r = &h->audit[i];
        if (r->loaded != loaded)
            continue;
        if (strcmp(r->path, path) == 0 || (resolved && strcmp(r->resolved, resolved) == 0))
            return r;
        /* A watch on a directory covers its whole subtree (auditctl(8) -w). */
        if (!below && (r->dir || r->watch) &&
            (path_under(path, r->path) || (resolved && path_under(resolved, r->resolved))))
            below = r;
    }
    return below;
}

/* Run `auditctl -l` with a bounded output and a time limit, so a wedged audit subsystem
 * cannot hang the benchmark. */
static void run_auditctl(dd_host_facts *h)
{
    static const char *const cands[] = {"/sbin/auditctl", "/usr/sbin/auditctl",
                                        "/usr/bin/auditctl"};
    const char *bin = NULL;
    for (size_t i = 0; i < DD_ARRAY_LEN(cands); i++)
        if (access(cands[i], X_OK) == 0) {
            bin = cands[i];
            break;
        }
    if (!bin)
        return;
    int out[2];
    if (pipe2(out, O_CLOEXEC) < 0) {
        h->auditctl_error = dd_xasprintf("pipe: %s", strerror(errno));
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        h->auditctl_error = dd_xasprintf("fork: %s", strerror(errno));
        close(out[0]);
        close(out[1]);
        return;
    }
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(out[1], 2);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        execl(bin, "auditctl", "-l", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    h->auditctl_ran = true;
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    char chunk[4096];
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool timed_out = false;
    for (;;) {
        struct pollfd pfd = {.fd = out[0], .events = POLLIN};
        int pr = poll(&pfd, 1, 1000);
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (t1.tv_sec - t0.tv_sec > 10) {
            timed_out = true;
            break;
        }
        if (pr <= 0)
            continue;
        ssize_t r = read(out[0], chunk, sizeof chunk);
        if (r <= 0)
            break;
        if (b.len + (size_t)r <= SMALL_FILE_MAX)
            dd_buf_append(&b, chunk, (size_t)r);
    }
    close(out[0]);
    if (timed_out)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (timed_out) {
        h->auditctl_error = dd_xstrdup("auditctl -l did not answer within 10 s");
        return;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        /* Its first line says why (audit not compiled in, no permission...). */
        const char *msg = b.data ? b.data : "";
        size_t l = strcspn(msg, "\n");
        h->auditctl_error =
            dd_xasprintf("auditctl -l failed (exit %d)%s%.*s",
                         WIFEXITED(status) ? WEXITSTATUS(status) : -1, l ? ": " : "", (int)l, msg);
        return;
    }
    dd_host_parse_audit_rules(h, b.data ? b.data : "", b.len, "auditctl -l", true);
}

static void gather_audit(dd_host_facts *h)
{
    if (!*h->root)
        run_auditctl(h);
    size_t n;
    int err;
    _cleanup_strv_ char **names =
        list_dir(h, "/etc/audit/rules.d", ".rules", MAX_RULES_FILES, &n, &err);
    if (err)
        h->audit_files_error = dd_xasprintf("%s/etc/audit/rules.d: %s", h->root, strerror(err));
    for (size_t i = 0; i < n; i++) {
        _cleanup_free_ char *p = dd_xasprintf("/etc/audit/rules.d/%s", names[i]);
        _cleanup_buf_ dd_buf b = DD_BUF_INIT;
        if (read_in_root(h, p, &b, SMALL_FILE_MAX) < 0) {
            if (!h->audit_files_error)
                h->audit_files_error =
                    dd_xasprintf("%s%s: %s", h->root, p, dd_file_strerror(errno));
            continue;
        }
        _cleanup_free_ char *shown = dd_xasprintf("%s%s", h->root, p);
        dd_host_parse_audit_rules(h, b.data ? b.data : "", b.len, shown, false);
        h->naudit_files++;
    }
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (read_in_root(h, "/etc/audit/audit.rules", &b, SMALL_FILE_MAX) == 0) {
        _cleanup_free_ char *shown = dd_xasprintf("%s/etc/audit/audit.rules", h->root);
        dd_host_parse_audit_rules(h, b.data ? b.data : "", b.len, shown, false);
        h->naudit_files++;
    } else if (errno != ENOENT && errno != ENOTDIR && !h->audit_files_error) {
        h->audit_files_error =
            dd_xasprintf("%s/etc/audit/audit.rules: %s", h->root, strerror(errno));
    }
}

/* ---- docker group ------------------------------------------------------------------ */

static void gather_group(dd_host_facts *h, const dd_daemon_config *d)
{
    const char *g = dd_daemon_string(d, "group", NULL);
    h->docker_group = dd_xstrdup(g && *g ? g : "docker");
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (read_in_root(h, "/etc/group", &b, 16 * SMALL_FILE_MAX) < 0) {
        if (errno != ENOENT)
            h->group_error = dd_xasprintf("%s/etc/group: %s", h->root, strerror(errno));
        h->docker_members = dd_xstrdup("");
        return;
    }
    dd_buf members = DD_BUF_INIT;
    dd_buf_puts(&members, "");
    for (char *save = NULL, *line = strtok_r(b.data ? b.data : "", "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        /* name:password:gid:members */
        char *f[4] = {0};
        char *p = line;
        for (int i = 0; i < 4 && p; i++) {
            f[i] = p;
            p = strchr(p, ':');
            if (p)
                *p++ = '\0';
        }
        if (!f[0] || strcmp(f[0], h->docker_group) != 0 || !f[2])
            continue;
        h->docker_group_exists = true;
        h->docker_gid = (gid_t)strtoul(f[2], NULL, 10);
        if (f[3])
            dd_buf_puts(&members, f[3]);
        break;
    }
    /* Users whose primary group is docker are members too, though /etc/group omits them. */
    if (h->docker_group_exists) {
        _cleanup_buf_ dd_buf pw = DD_BUF_INIT;
        if (read_in_root(h, "/etc/passwd", &pw, 16 * SMALL_FILE_MAX) == 0 && pw.data) {
            for (char *save = NULL, *line = strtok_r(pw.data, "\n", &save); line;
                 line = strtok_r(NULL, "\n", &save)) {
                char *name = line, *c1 = strchr(line, ':');
                char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
                char *c3 = c2 ? strchr(c2 + 1, ':') : NULL;
                if (!c3)
                    continue;
                *c1 = '\0';
                if ((gid_t)strtoul(c3 + 1, NULL, 10) != h->docker_gid)
                    continue;
                dd_buf_printf(&members, "%s%s", members.len ? "," : "", name);
            }
        }
    }
    /* Trailing newline noise from /etc/group. */
    while (members.len &&
           (members.data[members.len - 1] == '\r' || members.data[members.len - 1] == ' '))
        members.data[--members.len] = '\0';
    h->docker_members = dd_buf_steal(&members);
}

/* ---- data root mount --------------------------------------------------------------- */

/* Whether `mp` is listed as a mount point in a mounts/mountinfo table. */
static bool mounts_list(const char *text, const char *mp, bool mountinfo)
{
    size_t want = strlen(mp);
    for (const char *line = text; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        /* mounts: "dev mountpoint type ..."; mountinfo: "id parent maj:min root mountpoint" */
        int field = mountinfo ? 4 : 1;
        const char *s = line, *e = line + n;
        for (int i = 0; i < field && s < e; i++) {
            s = memchr(s, ' ', (size_t)(e - s));
            if (!s)
                break;
            s++;
        }
        if (s && s < e) {
            const char *fe = memchr(s, ' ', (size_t)(e - s));
            size_t fl = fe ? (size_t)(fe - s) : (size_t)(e - s);
            if (fl == want && strncmp(s, mp, fl) == 0)
                return true;
        }
        line = nl ? nl + 1 : NULL;
    }
    return false;
}

static void gather_data_root(dd_bench_facts *f, dd_host_facts *h, const dd_daemon_config *d)
{
    const char *dr = dd_daemon_string(d, "data-root", NULL);
    if (!dr || !*dr)
        dr = dd_daemon_string(d, "graph", NULL);
    if ((!dr || !*dr) && f->info)
        dr = json_string_value(json_object_get(f->info, "DockerRootDir"));
    h->data_root = dd_xstrdup(dr && *dr ? dr : "/var/lib/docker");
    dd_host_stat(h, h->data_root, &h->data_root_fact);
    h->data_root_mount = -1;
    if (!h->data_root_fact.exists)
        return;

    /* A mounts table that belongs to the audited tree (a fixture, or a host /proc that is
     * a plain file copy, not procfs's link to self/mounts) names host paths directly. */
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (*h->root &&
        dd_rootfile_read(h->rootfd, "/proc/mounts", DD_RF_NOFOLLOW, 16 * SMALL_FILE_MAX, &b) == 0 &&
        b.len > 0) {
        h->data_root_mount = mounts_list(b.data, h->data_root, false);
        h->data_root_mount_how = dd_xasprintf("%s/proc/mounts", h->root);
        return;
    }
    /* Otherwise our own mount table, where the audited tree sits below root. */
    const char *in_root = h->data_root_fact.resolved;
    _cleanup_free_ char *root_real = *h->root ? realpath(h->root, NULL) : dd_xstrdup("");
    _cleanup_free_ char *full =
        root_real ? dd_xasprintf("%s%s", strcmp(root_real, "/") ? root_real : "", in_root) : NULL;
    dd_buf_reset(&b);
    if (full && dd_buf_read_file(&b, "/proc/self/mountinfo", 16 * SMALL_FILE_MAX) == 0 &&
        mounts_list(b.data, full, true)) {
        h->data_root_mount = 1;
        h->data_root_mount_how = dd_xstrdup("/proc/self/mountinfo");
        return;
    }
    /* Last: a different device than the parent directory means a mount point, as
     * mountpoint(1) decides (".." of the root is the root, also inside it). */
    _cleanup_free_ char *parent = dd_xasprintf("%s/..", in_root);
    struct stat a, p;
    if (dd_rootfile_stat(h->rootfd, in_root, 0, &a) == 0 &&
        dd_rootfile_stat(h->rootfd, parent, 0, &p) == 0) {
        h->data_root_mount = a.st_dev != p.st_dev || a.st_ino == p.st_ino;
        h->data_root_mount_how = dd_xstrdup("device numbers of the directory and its parent");
    }
}

/* ---- registry certificates --------------------------------------------------------- */

static void gather_registry_certs(dd_host_facts *h)
{
    dd_host_stat(h, "/etc/docker/certs.d", &h->certs_d);
    if (!h->certs_d.exists || !S_ISDIR(h->certs_d.mode))
        return;
    size_t nreg;
    int err;
    _cleanup_strv_ char **regs = list_dir(h, "/etc/docker/certs.d", "", 4096, &nreg, &err);
    if (err) {
        h->registry_certs_err = err;
        return;
    }
    size_t cap = 0;
    for (size_t i = 0; i < nreg; i++) {
        _cleanup_free_ char *rdir = dd_xasprintf("/etc/docker/certs.d/%s", regs[i]);
        size_t nf;
        _cleanup_strv_ char **files = list_dir(h, rdir, "", 4096, &nf, &err);
        if (err && !h->registry_certs_err)
            h->registry_certs_err = err;
        for (size_t j = 0; j < nf && h->nregistry_certs < MAX_REGISTRY_CERTS; j++) {
            _cleanup_free_ char *p = dd_xasprintf("%s/%s", rdir, files[j]);
            dd_file_fact ff = {0};
            dd_host_stat(h, p, &ff);
            if (ff.exists && !S_ISREG(ff.mode)) {
                dd_file_fact_clear(&ff);
                continue;
            }
            h->registry_certs =
                dd_xgrow(h->registry_certs, &cap, h->nregistry_certs + 1, sizeof ff);
            h->registry_certs[h->nregistry_certs++] = ff;
        }
    }
}

/* ---- sockets, TLS files, LSM ------------------------------------------------------- */

static void add_sock(dd_host_facts *h, const char *path, size_t *cap)
{
    for (size_t i = 0; i < h->ndocker_socks; i++)
        if (strcmp(h->docker_socks[i].path, path) == 0)
            return;
    h->docker_socks = dd_xgrow(h->docker_socks, cap, h->ndocker_socks + 1, sizeof(dd_file_fact));
    dd_file_fact *ff = &h->docker_socks[h->ndocker_socks++];
    memset(ff, 0, sizeof *ff);
    dd_host_stat(h, path, ff);
}

static void gather_sockets(dd_host_facts *h, const dd_daemon_config *d)
{
    size_t cap = 0;
    dd_setting s = dd_daemon_get(d, "hosts");
    size_t i;
    json_t *v;
    json_array_foreach(s.value, i, v)
    {
        const char *u = json_string_value(v);
        if (u && strncmp(u, "unix://", 7) == 0 && u[7] == '/')
            add_sock(h, u + 7, &cap);
    }
    /* No unix host given (or only fd:// socket activation): the default socket. */
    if (!h->ndocker_socks)
        add_sock(h, "/var/run/docker.sock", &cap);
}

/* A TLS file named by the configuration. With tlsverify and no path, dockerd uses its
 * defaults in root's ~/.docker (DOCKER_CERT_PATH aside): those are the files in use. */
static void stat_tls(dd_host_facts *h, const dd_daemon_config *d, const char *key, const char *dflt,
                     dd_file_fact *out)
{
    const char *p = dd_daemon_string(d, key, NULL);
    if (p && *p) {
        dd_host_stat(h, p, out);
        return;
    }
    if (dd_daemon_bool(d, "tlsverify", NULL) == 1) {
        _cleanup_free_ char *def = dd_xasprintf("/root/.docker/%s", dflt);
        dd_host_stat(h, def, out);
        out->dflt = true;
    }
}

static bool exists_in(int root, const char *path)
{
    struct stat st;
    return dd_rootfile_stat(root, path, DD_RF_IN_ROOT, &st) == 0;
}

static void gather_lsm(dd_host_facts *h)
{
    /* The kernel is shared with the audited host, so our /sys answers when ROOT has none. */
    _cleanup_close_ int own = *h->root ? dd_rootfile_dir("/") : -1;
    const int roots[] = {h->rootfd, own};
    const char *const prefixes[] = {h->root, ""};
    for (size_t i = 0; i < DD_ARRAY_LEN(roots) && roots[i] >= 0; i++) {
        int root = roots[i];
        _cleanup_buf_ dd_buf b = DD_BUF_INIT;
        if (dd_rootfile_read(root, "/sys/kernel/security/lsm", 0, 4096, &b) == 0) {
            h->lsm_known = true;
            h->lsm_source = dd_xasprintf("%s/sys/kernel/security/lsm", prefixes[i]);
            for (char *save = NULL, *t = strtok_r(b.data, ",\n", &save); t;
                 t = strtok_r(NULL, ",\n", &save)) {
                if (strcmp(t, "apparmor") == 0)
                    h->apparmor = true;
                if (strcmp(t, "selinux") == 0)
                    h->selinux = true;
            }
            /* Listed is not the same as enabled for SELinux: it also needs selinuxfs. */
            if (h->selinux)
                h->selinux = exists_in(root, "/sys/fs/selinux/enforce");
            if (h->apparmor) {
                _cleanup_buf_ dd_buf e = DD_BUF_INIT;
                if (dd_rootfile_read(root, "/sys/module/apparmor/parameters/enabled", 0, 64, &e) ==
                        0 &&
                    e.data[0] == 'N')
                    h->apparmor = false;
            }
            return;
        }
        /* Older kernels without the lsm file. */
        if (exists_in(root, "/sys/kernel")) {
            h->lsm_known = true;
            h->lsm_source = dd_xasprintf("%s/sys", prefixes[i]);
            h->apparmor = exists_in(root, "/sys/module/apparmor");
            h->selinux = exists_in(root, "/sys/fs/selinux/enforce");
            return;
        }
    }
}

/* Where the bind mounts of the containers in scope lead on the host (5.6, 5.32): a bind
 * of /var/run holds /run/docker.sock. Only for a local daemon, whose paths are ours. */
static void gather_binds(const dd_bench_facts *f, dd_host_facts *h)
{
    h->bind_sources = json_object();
    if (!f->engine || strncmp(dd_engine_host(f->engine), "unix://", 7) != 0)
        return;
    size_t i, k;
    const json_t *c, *m;
    json_array_foreach(f->containers, i, c)
    {
        json_array_foreach(json_object_get(c, "Mounts"), k, m)
        {
            const char *src = json_string_value(json_object_get(m, "Source"));
            const char *type = json_string_value(json_object_get(m, "Type"));
            if (!src || *src != '/' || (type && strcmp(type, "bind") != 0) ||
                json_object_get(h->bind_sources, src))
                continue;
            char *res = dd_rootfile_resolve(h->rootfd, src);
            if (res)
                json_object_set_new(h->bind_sources, src, json_string(res));
            free(res);
        }
    }
}

/* ---- entry points ------------------------------------------------------------------ */

static const char *const audit_paths[DD_AUDIT_N] = {
    [DD_AUDIT_DOCKERD] = "/usr/bin/dockerd",
    [DD_AUDIT_RUN_CONTAINERD] = "/run/containerd",
    [DD_AUDIT_VAR_LIB_DOCKER] = "/var/lib/docker",
    [DD_AUDIT_ETC_DOCKER] = "/etc/docker",
    [DD_AUDIT_DOCKER_SERVICE] = NULL, /* the unit file found */
    [DD_AUDIT_CONTAINERD_SOCK] = "/run/containerd/containerd.sock",
    [DD_AUDIT_DOCKER_SOCKET] = NULL, /* the unit file found */
    [DD_AUDIT_ETC_DEFAULT] = "/etc/default/docker",
    [DD_AUDIT_DAEMON_JSON] = NULL, /* the configuration file in use */
    [DD_AUDIT_CONTAINERD_TOML] = "/etc/containerd/config.toml",
    [DD_AUDIT_SYSCONFIG] = "/etc/sysconfig/docker",
    [DD_AUDIT_CONTAINERD] = "/usr/bin/containerd",
    [DD_AUDIT_SHIM] = "/usr/bin/containerd-shim",
    [DD_AUDIT_SHIM_V1] = "/usr/bin/containerd-shim-runc-v1",
    [DD_AUDIT_SHIM_V2] = "/usr/bin/containerd-shim-runc-v2",
    [DD_AUDIT_RUNC] = "/usr/bin/runc",
};

static void copy_fact(const dd_file_fact *from, dd_file_fact *to)
{
    dd_file_fact_clear(to);
    *to = *from;
    to->path = dd_xstrdup(from->path);
    to->shown = dd_xstrdup(from->shown);
    to->resolved = dd_xstrdup(from->resolved);
}

int dd_bench_gather_host(dd_bench_facts *f, dd_error *e)
{
    const char *root = f->opts && f->opts->root ? f->opts->root : "";
    _cleanup_free_ char *r = dd_xstrdup(root);
    size_t rl = strlen(r);
    while (rl > 0 && r[rl - 1] == '/')
        r[--rl] = '\0';
    int rootfd = dd_rootfile_dir(r);
    if (rootfd < 0) {
        if (errno == ENOTDIR)
            return dd_error_set(e, DD_ERR_USAGE, 0, "--root %s: not a directory", root);
        return dd_error_sys(e, errno, "--root %s", root);
    }

    dd_host_facts *h = dd_xcalloc(1, sizeof *h);
    h->root = steal_pointer(&r);
    h->rootfd = rootfd;
    dd_daemon_config *d = dd_daemon_config_new();

    find_unit(h, "docker.service", &h->docker_service);
    find_unit(h, "docker.socket", &h->docker_socket_unit);
    gather_dockerd(f, h, d);

    const char *cfg =
        d->config_file && *d->config_file ? d->config_file : "/etc/docker/daemon.json";
    {
        _cleanup_free_ char *shown = dd_xasprintf("%s%s", h->root, cfg);
        dd_daemon_config_read_file(d, shown, h->rootfd, cfg);
    }
    dd_daemon_config_merge(d);

    dd_host_stat(h, "/etc/docker", &h->etc_docker);
    dd_host_stat(h, cfg, &h->daemon_json);
    dd_host_stat(h, "/etc/default/docker", &h->etc_default_docker);
    dd_host_stat(h, "/etc/sysconfig/docker", &h->etc_sysconfig_docker);
    dd_host_stat(h, "/run/containerd/containerd.sock", &h->containerd_sock);
    stat_tls(h, d, "tlscacert", "ca.pem", &h->tlscacert);
    stat_tls(h, d, "tlscert", "cert.pem", &h->tlscert);
    stat_tls(h, d, "tlskey", "key.pem", &h->tlskey);
    gather_sockets(h, d);
    gather_registry_certs(h);

    for (int i = 0; i < DD_AUDIT_N; i++) {
        if (audit_paths[i])
            dd_host_stat(h, audit_paths[i], &h->audit_files[i]);
    }
    copy_fact(&h->docker_service, &h->audit_files[DD_AUDIT_DOCKER_SERVICE]);
    copy_fact(&h->docker_socket_unit, &h->audit_files[DD_AUDIT_DOCKER_SOCKET]);
    copy_fact(&h->daemon_json, &h->audit_files[DD_AUDIT_DAEMON_JSON]);
    /* 1.1.5 is about the data root, wherever it is configured. */
    gather_data_root(f, h, d);
    copy_fact(&h->data_root_fact, &h->audit_files[DD_AUDIT_VAR_LIB_DOCKER]);

    gather_audit(h);
    gather_group(h, d);
    gather_lsm(h);
    gather_binds(f, h);

    f->host = h;
    f->daemon = d;
    return 0;
}

void dd_host_facts_free(dd_host_facts *h)
{
    if (!h)
        return;
    free(h->root);
    if (h->rootfd >= 0)
        close(h->rootfd);
    if (h->bind_sources)
        json_decref(h->bind_sources);
    dd_file_fact *singles[] = {&h->docker_service,
                               &h->docker_socket_unit,
                               &h->etc_docker,
                               &h->daemon_json,
                               &h->etc_default_docker,
                               &h->etc_sysconfig_docker,
                               &h->containerd_sock,
                               &h->tlscacert,
                               &h->tlscert,
                               &h->tlskey,
                               &h->certs_d,
                               &h->data_root_fact};
    for (size_t i = 0; i < DD_ARRAY_LEN(singles); i++)
        dd_file_fact_clear(singles[i]);
    for (size_t i = 0; i < h->ndocker_socks; i++)
        dd_file_fact_clear(&h->docker_socks[i]);
    free(h->docker_socks);
    for (int i = 0; i < DD_AUDIT_N; i++)
        dd_file_fact_clear(&h->audit_files[i]);
    for (size_t i = 0; i < h->nregistry_certs; i++)
        dd_file_fact_clear(&h->registry_certs[i]);
    free(h->registry_certs);
    for (size_t i = 0; i < h->naudit; i++) {
        free(h->audit[i].path);
        free(h->audit[i].resolved);
        free(h->audit[i].origin);
    }
    free(h->audit);
    free(h->auditctl_error);
    free(h->audit_files_error);
    free(h->data_root);
    free(h->data_root_mount_how);
    free(h->docker_members);
    free(h->docker_group);
    free(h->group_error);
    free(h->lsm_source);
    free(h);
}
