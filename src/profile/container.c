/* Creating, following and measuring the container a profile is recorded from. */
#include "profile/container.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"

extern char **environ;

/* Start `docker ARGV...` against the engine's daemon, its stdout on out_fd and stderr on
 * err_fd, stdin /dev/null; *pid is the CLI's. */
static int docker_spawn(dd_engine *eng, char **argv, int out_fd, int err_fd, pid_t *pid,
                        dd_error *e)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    /* The same daemon drydock talks to, whatever DOCKER_HOST says. */
    size_t nenv = 0;
    while (environ[nenv])
        nenv++;
    char **env = dd_xcalloc(nenv + 2, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < nenv; i++)
        if (strncmp(environ[i], "DOCKER_HOST=", 12) != 0)
            env[k++] = environ[i];
    _cleanup_free_ char *host = dd_xasprintf("DOCKER_HOST=%s", dd_engine_host(eng));
    env[k++] = host;
    int rc = posix_spawnp(pid, "docker", &fa, NULL, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    if (rc != 0) {
        dd_error_sys(e, rc, "cannot run the docker CLI");
        return dd_error_hint(e, "--run, --exec and verify go through the docker CLI; "
                                "install it (Debian: docker.io)");
    }
    return 0;
}

/* Run `docker ARGV...` to its end; its stdout in out, stderr in err. */
static int docker_cli(dd_engine *eng, char **argv, dd_buf *out, dd_buf *err, int *status,
                      dd_error *e)
{
    int po[2], pe[2];
    if (pipe2(po, O_CLOEXEC) < 0)
        return dd_error_sys(e, errno, "cannot run docker");
    if (pipe2(pe, O_CLOEXEC) < 0) {
        close(po[0]);
        close(po[1]);
        return dd_error_sys(e, errno, "cannot run docker");
    }
    pid_t pid;
    int rc = docker_spawn(eng, argv, po[1], pe[1], &pid, e);
    close(po[1]);
    close(pe[1]);
    if (rc < 0) {
        close(po[0]);
        close(pe[0]);
        return -1;
    }
    /* stderr is small; read stdout to the end, then stderr. */
    char buf[4096];
    ssize_t n;
    while ((n = read(po[0], buf, sizeof buf)) > 0)
        if (out->len < (1u << 20))
            dd_buf_append(out, buf, (size_t)n);
    while ((n = read(pe[0], buf, sizeof buf)) > 0)
        if (err->len < (1u << 16))
            dd_buf_append(err, buf, (size_t)n);
    close(po[0]);
    close(pe[0]);
    waitpid(pid, status, 0);
    return 0;
}

int dd_ctr_exec_start(dd_engine *eng, const dd_ctr *c, int argc, char **argv, pid_t *pid,
                      dd_error *e)
{
    char **av = dd_xcalloc((size_t)argc + 4, sizeof *av);
    int n = 0;
    av[n++] = "docker";
    av[n++] = "exec";
    av[n++] = (char *)c->id;
    for (int i = 0; i < argc; i++)
        av[n++] = argv[i];
    /* The command's output goes to drydock's stderr: stdout is the profile's. */
    int rc = docker_spawn(eng, av, 2, 2, pid, e);
    free(av);
    return rc;
}

int dd_ctr_create(dd_engine *eng, char *const *extra, int nextra, int argc, char **argv,
                  dd_ctr *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    char **av = dd_xcalloc((size_t)(nextra + argc + 3), sizeof *av);
    int n = 0;
    av[n++] = "docker";
    av[n++] = "create";
    for (int i = 0; i < nextra; i++)
        av[n++] = extra[i];
    for (int i = 0; i < argc; i++)
        av[n++] = argv[i];
    _cleanup_buf_ dd_buf so = DD_BUF_INIT;
    _cleanup_buf_ dd_buf se = DD_BUF_INIT;
    int st = 0;
    int rc = docker_cli(eng, av, &so, &se, &st, e);
    free(av);
    if (rc < 0)
        return -1;
    /* The id is the last line (pull progress may come before it). */
    while (so.len && (so.data[so.len - 1] == '\n' || so.data[so.len - 1] == '\r'))
        so.data[--so.len] = '\0';
    const char *last = so.data ? strrchr(so.data, '\n') : NULL;
    last = last ? last + 1 : so.data;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || !last || strlen(last) != 64)
        return dd_error_set(e, DD_ERR_RUN, 0, "docker create failed: %.*s",
                            (int)strcspn(se.data ? se.data : "?", "\n"),
                            se.data ? se.data : "no output");
    memcpy(out->id, last, 64);
    out->id[64] = '\0';
    return dd_ctr_inspect(eng, out->id, out, e);
}

static char *str_at(const json_t *o, const char *a, const char *b)
{
    const json_t *v = json_object_get(o, a);
    if (b)
        v = json_object_get(v, b);
    return json_is_string(v) ? dd_xstrdup(json_string_value(v)) : NULL;
}

/* The container's directory in each hierarchy, from its init's /proc/PID/cgroup. */
static void cgroup_paths(dd_ctr *c)
{
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/cgroup", c->pid);
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (c->pid <= 0 || dd_buf_read_file(&b, p, 1 << 16) < 0)
        return;
    for (char *save = NULL, *l = strtok_r(b.data, "\n", &save); l;
         l = strtok_r(NULL, "\n", &save)) {
        char *ctrl = strchr(l, ':');
        char *path = ctrl ? strchr(ctrl + 1, ':') : NULL;
        if (!path || strstr(path, ".."))
            continue;
        *path++ = '\0';
        ctrl++;
        if (*ctrl == '\0') {
            free(c->cg_unified);
            c->cg_unified =
                dd_xasprintf("%s%s",
                             access("/sys/fs/cgroup/unified", F_OK) == 0 ? "/sys/fs/cgroup/unified"
                                                                         : "/sys/fs/cgroup",
                             path);
        } else if (strstr(ctrl, "pids")) {
            c->cg_pids = dd_xasprintf("/sys/fs/cgroup/pids%s", path);
        } else if (strcmp(ctrl, "memory") == 0) {
            c->cg_memory = dd_xasprintf("/sys/fs/cgroup/memory%s", path);
        } else if (strstr(ctrl, "cpuacct")) {
            c->cg_cpuacct = dd_xasprintf("/sys/fs/cgroup/%s%s", ctrl, path);
        }
    }
    struct stat st;
    if (c->cg_unified && stat(c->cg_unified, &st) == 0)
        c->cgroup_id = st.st_ino;
}

int dd_ctr_inspect(dd_engine *eng, const char *ref, dd_ctr *c, dd_error *e)
{
    _cleanup_free_ char *esc = dd_engine_escape(ref);
    _cleanup_free_ char *path = dd_xasprintf("/containers/%s/json", esc);
    _cleanup_json_ json_t *j = NULL;
    long status = 0;
    if (dd_engine_get_json(eng, path, &j, &status, e) < 0)
        return dd_error_prefix(e, "cannot inspect container %s", ref);
    const json_t *id = json_object_get(j, "Id");
    if (!json_is_string(id) || strlen(json_string_value(id)) != 64)
        return dd_error_set(e, DD_ERR_INPUT, 0, "container %s: the daemon sent no Id", ref);
    memcpy(c->id, json_string_value(id), 65);
    free(c->name);
    free(c->image);
    c->name = str_at(j, "Name", NULL);
    if (c->name && c->name[0] == '/')
        memmove(c->name, c->name + 1, strlen(c->name));
    c->image = str_at(j, "Config", "Image");
    const json_t *pid = json_object_get(json_object_get(j, "State"), "Pid");
    c->pid = json_is_integer(pid) ? (int)json_integer_value(pid) : 0;
    if (c->pid > 0)
        cgroup_paths(c);
    return 0;
}

int dd_ctr_precreate_cgroup(dd_engine *eng, dd_ctr *c, dd_error *e)
{
    _cleanup_json_ json_t *info = NULL;
    long status = 0;
    if (dd_engine_get_json(eng, "/info", &info, &status, e) < 0)
        return -1;
    const json_t *drv = json_object_get(info, "CgroupDriver");
    if (!json_is_string(drv) || strcmp(json_string_value(drv), "cgroupfs") != 0)
        return dd_error_set(e, DD_ERR_RUN, 0,
                            "the daemon's cgroup driver is not cgroupfs: the container's "
                            "cgroup cannot be known before it starts");
    /* runc (cgroupfs driver) puts a container in <parent>/<id>, the parent being "/docker"
     * unless --cgroup-parent says otherwise; it uses a directory that already exists. */
    _cleanup_free_ char *esc = dd_engine_escape(c->id);
    _cleanup_free_ char *path = dd_xasprintf("/containers/%s/json", esc);
    _cleanup_json_ json_t *j = NULL;
    if (dd_engine_get_json(eng, path, &j, &status, e) < 0)
        return -1;
    const json_t *parent = json_object_get(json_object_get(j, "HostConfig"), "CgroupParent");
    const char *par = json_is_string(parent) && json_string_length(parent)
                          ? json_string_value(parent)
                          : "/docker";
    if (strstr(par, "..") || par[0] != '/')
        return dd_error_set(e, DD_ERR_RUN, 0, "unusual cgroup parent '%s'", par);
    const char *base =
        access("/sys/fs/cgroup/unified", F_OK) == 0 ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup";
    _cleanup_free_ char *dir = dd_xasprintf("%s%s", base, par);
    mkdir(dir, 0755);
    free(c->cg_unified);
    c->cg_unified = dd_xasprintf("%s/%s", dir, c->id);
    if (mkdir(c->cg_unified, 0755) < 0 && errno != EEXIST)
        return dd_error_sys(e, errno, "cannot make the container's cgroup %s", c->cg_unified);
    struct stat st;
    if (stat(c->cg_unified, &st) < 0)
        return dd_error_sys(e, errno, "cannot stat %s", c->cg_unified);
    c->cgroup_id = st.st_ino;
    return 0;
}

static int post(dd_engine *eng, const dd_ctr *c, const char *what, dd_error *e)
{
    _cleanup_free_ char *path = dd_xasprintf("/containers/%s/%s", c->id, what);
    _cleanup_json_ json_t *out = NULL;
    long status = 0;
    if (dd_engine_post_json(eng, path, NULL, &out, &status, e) < 0)
        return dd_error_prefix(e, "container %.12s: %s", c->id, what);
    return 0;
}

int dd_ctr_start(dd_engine *eng, const dd_ctr *c, dd_error *e)
{
    return post(eng, c, "start", e);
}

int dd_ctr_running(dd_engine *eng, const dd_ctr *c, int *exit_code, dd_error *e)
{
    _cleanup_free_ char *path = dd_xasprintf("/containers/%s/json", c->id);
    _cleanup_json_ json_t *j = NULL;
    long status = 0;
    if (dd_engine_get_json(eng, path, &j, &status, e) < 0)
        return -1;
    const json_t *st = json_object_get(j, "State");
    const json_t *code = json_object_get(st, "ExitCode");
    *exit_code = json_is_integer(code) ? (int)json_integer_value(code) : -1;
    return json_is_true(json_object_get(st, "Running"));
}

int dd_ctr_stop_remove(dd_engine *eng, const dd_ctr *c, dd_error *e)
{
    /* DELETE is not in the engine client; the CLI does it with the same daemon. */
    char *argv[] = {"docker", "rm", "-f", (char *)c->id, NULL};
    _cleanup_buf_ dd_buf so = DD_BUF_INIT;
    _cleanup_buf_ dd_buf se = DD_BUF_INIT;
    int st = 0;
    return docker_cli(eng, argv, &so, &se, &st, e);
}

int dd_ctr_changes(dd_engine *eng, const dd_ctr *c, dd_names *out, dd_error *e)
{
    _cleanup_free_ char *path = dd_xasprintf("/containers/%s/changes", c->id);
    _cleanup_json_ json_t *j = NULL;
    long status = 0;
    if (dd_engine_get_json(eng, path, &j, &status, e) < 0)
        return dd_error_prefix(e, "cannot read the changes of container %.12s", c->id);
    size_t i;
    const json_t *ch;
    json_array_foreach(j, i, ch)
    {
        const json_t *p = json_object_get(ch, "Path"), *k = json_object_get(ch, "Kind");
        if (!json_is_string(p) || !json_is_integer(k) || json_string_length(p) > 4000 ||
            json_integer_value(k) < 0 || json_integer_value(k) > 2)
            continue;
        /* Kind: 0 modified, 1 added, 2 deleted (as `docker diff` prints C, A, D). */
        char line[4100];
        snprintf(line, sizeof line, "%c %s", "CAD"[json_integer_value(k)], json_string_value(p));
        dd_names_add(out, line);
    }
    dd_names_sort_unique(out);
    return 0;
}

static bool read_u64(const char *dir, const char *file, uint64_t *v)
{
    if (!dir)
        return false;
    _cleanup_free_ char *p = dd_xasprintf("%s/%s", dir, file);
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, p, 64) < 0 || !b.data)
        return false;
    char *end;
    unsigned long long x = strtoull(b.data, &end, 10);
    if (end == b.data)
        return false;
    *v = x;
    return true;
}

void dd_ctr_sample(const dd_ctr *c, dd_ctr_usage *u)
{
    uint64_t v;
    if (read_u64(c->cg_pids, "pids.current", &v) || read_u64(c->cg_unified, "pids.current", &v))
        if ((int64_t)v > u->peak_pids)
            u->peak_pids = (int64_t)v;
    /* v1 keeps the peak itself; v2 since 5.19 too (memory.peak). */
    if (read_u64(c->cg_memory, "memory.max_usage_in_bytes", &v) ||
        read_u64(c->cg_unified, "memory.peak", &v))
        if ((int64_t)v > u->peak_mem)
            u->peak_mem = (int64_t)v;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    if (read_u64(c->cg_cpuacct, "cpuacct.usage", &v)) {
        if (u->last_t > 0 && t > u->last_t && v >= u->last_cpu_ns) {
            double cpus = (double)(v - u->last_cpu_ns) / 1e9 / (t - u->last_t);
            if (cpus > u->peak_cpus)
                u->peak_cpus = cpus;
        } else if (u->peak_cpus < 0) {
            u->peak_cpus = 0;
        }
        u->last_cpu_ns = v;
        u->last_t = t;
    }
}

/* /proc/PID/net/{tcp,udp}{,6}: local port of each listening (0A) TCP socket, each UDP one. */
void dd_ctr_ports(const dd_ctr *c, dd_names *out)
{
    static const struct {
        const char *file, *proto;
        bool listen_only;
    } tabs[] = {
        {"tcp", "tcp", true}, {"tcp6", "tcp", true}, {"udp", "udp", false}, {"udp6", "udp", false}};
    for (size_t i = 0; c->pid > 0 && i < sizeof tabs / sizeof tabs[0]; i++) {
        char p[64];
        snprintf(p, sizeof p, "/proc/%d/net/%s", c->pid, tabs[i].file);
        _cleanup_buf_ dd_buf b = DD_BUF_INIT;
        if (dd_buf_read_file(&b, p, 4u << 20) < 0 || !b.data)
            continue;
        char *save = NULL;
        strtok_r(b.data, "\n", &save); /* header */
        for (char *l = strtok_r(NULL, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
            unsigned port, state;
            char local[80];
            if (sscanf(l, " %*d: %79[0-9A-Fa-f]:%x %*s %x", local, &port, &state) != 3)
                continue;
            if (tabs[i].listen_only && state != 0x0A)
                continue;
            char s[32];
            snprintf(s, sizeof s, "%s/%u", tabs[i].proto, port);
            dd_names_add(out, s);
        }
    }
    dd_names_sort_unique(out);
}

void dd_ctr_free(dd_ctr *c)
{
    free(c->name);
    free(c->image);
    free(c->cg_unified);
    free(c->cg_pids);
    free(c->cg_memory);
    free(c->cg_cpuacct);
    memset(c, 0, sizeof *c);
}
