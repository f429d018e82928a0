/* Gathering what a container can see about its own isolation. Everything comes from
 * /proc/self, /proc/self/mountinfo, /sys/fs/cgroup and stat(2); nothing is executed and
 * nothing is changed. A fact that cannot be read stays unknown: it is never guessed. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "inside/inside.h"
#include "inside/internal.h"
#include "report/rule.h"

/* /proc files are small; mountinfo of a busy host can reach a few hundred KiB. */
#define PROC_FILE_MAX (4u << 20)

int dd_inside_read(const char *root, const char *path, dd_buf *b)
{
    _cleanup_free_ char *full = dd_xasprintf("%s%s", root, path);
    dd_buf_reset(b);
    return dd_buf_read_file(b, full, PROC_FILE_MAX);
}

/* The value of "Key:\t..." in a /proc status-style text, or NULL. Points into `text`. */
static const char *status_field(const char *text, const char *key, size_t *len)
{
    size_t klen = strlen(key);
    for (const char *p = text; p && *p;) {
        if (strncmp(p, key, klen) == 0 && p[klen] == ':') {
            const char *v = p + klen + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            const char *end = strchr(v, '\n');
            *len = end ? (size_t)(end - v) : strlen(v);
            return v;
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return NULL;
}

static bool field_u64(const char *text, const char *key, int base, uint64_t *out)
{
    size_t len;
    const char *v = status_field(text, key, &len);
    if (!v || len == 0 || len > 40)
        return false;
    char tmp[48];
    memcpy(tmp, v, len);
    tmp[len] = '\0';
    char *end;
    errno = 0;
    unsigned long long x = strtoull(tmp, &end, base);
    if (errno || end == tmp)
        return false;
    *out = x;
    return true;
}

static void read_status(const char *root, dd_inside_facts *f)
{
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_inside_read(root, "/proc/self/status", &b) < 0)
        return;
    uint64_t v;
    if (field_u64(b.data, "CapEff", 16, &v))
        f->cap_eff = v;
    if (field_u64(b.data, "CapPrm", 16, &v))
        f->cap_prm = v;
    if (field_u64(b.data, "CapBnd", 16, &v))
        f->cap_bnd = v;
    if (field_u64(b.data, "CapAmb", 16, &v))
        f->cap_amb = v;
    if (field_u64(b.data, "CapInh", 16, &v))
        f->cap_inh = v;
    if (field_u64(b.data, "NoNewPrivs", 10, &v))
        f->no_new_privs = v != 0;
    if (field_u64(b.data, "Seccomp", 10, &v))
        f->seccomp_mode = (int)v;
    if (field_u64(b.data, "Seccomp_filters", 10, &v))
        f->seccomp_filters = (int)v;
    size_t len;
    const char *u = status_field(b.data, "Uid", &len);
    unsigned a, c;
    if (u && sscanf(u, "%u %u", &a, &c) == 2) {
        f->uid = a;
        f->euid = c;
    }
    const char *g = status_field(b.data, "Gid", &len);
    if (g && sscanf(g, "%u", &a) == 1)
        f->gid = a;
}

/* "0 0 4294967295" with the kernel's column padding squeezed to single spaces. */
static char *read_map(const char *root, const char *path)
{
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_inside_read(root, path, &b) < 0)
        return NULL;
    dd_buf out = DD_BUF_INIT;
    bool space = false;
    for (size_t i = 0; i < b.len; i++) {
        char ch = b.data[i];
        if (ch == ' ' || ch == '\t') {
            space = out.len > 0 && out.data[out.len - 1] != '\n';
            continue;
        }
        if (space && ch != '\n')
            dd_buf_putc(&out, ' ');
        space = false;
        dd_buf_putc(&out, ch);
    }
    while (out.len && out.data[out.len - 1] == '\n')
        out.data[--out.len] = '\0';
    if (!out.data)
        dd_buf_puts(&out, "");
    return dd_buf_steal(&out);
}

/* The host's initial namespaces have fixed inode numbers (include/uapi/linux/nsfs.h):
 * ipc, uts, user, pid, cgroup and time since Linux 3.8/5.6, net and mnt since 6.18.
 * Comparing with them needs nothing from outside the container. */
enum { NS_PID, NS_NET, NS_MNT }; /* their places in ns_table */
static const struct {
    const char *name;
    unsigned long init_ino;
    int since_major, since_minor;
} ns_table[DD_INSIDE_NNS] = {
    {"pid", 0xEFFFFFFCUL, 3, 8},    {"net", 0xEFFFFFF9UL, 6, 18}, {"mnt", 0xEFFFFFF8UL, 6, 18},
    {"uts", 0xEFFFFFFEUL, 3, 8},    {"ipc", 0xEFFFFFFFUL, 3, 8},  {"user", 0xEFFFFFFDUL, 3, 8},
    {"cgroup", 0xEFFFFFFBUL, 4, 6}, {"time", 0xEFFFFFFAUL, 5, 6},
};

static bool kernel_at_least(int major, int minor)
{
    struct utsname u;
    int ma = 0, mi = 0;
    if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
        return false;
    return ma > major || (ma == major && mi >= minor);
}

static void read_namespaces(const char *root, dd_inside_facts *f)
{
    for (size_t i = 0; i < DD_INSIDE_NNS; i++) {
        dd_inside_ns *n = &f->ns[i];
        n->name = ns_table[i].name;
        _cleanup_free_ char *p = dd_xasprintf("%s/proc/self/ns/%s", root, n->name);
        struct stat st;
        if (stat(p, &st) < 0) {
            snprintf(n->how, sizeof n->how, "cannot stat /proc/self/ns/%s: %s", n->name,
                     strerror(errno));
            continue;
        }
        n->inode = (unsigned long)st.st_ino;
        if (n->inode == ns_table[i].init_ino) {
            n->state = DD_NS_HOST;
            snprintf(n->how, sizeof n->how, "inode %#lx is the host's initial %s namespace",
                     n->inode, n->name);
        } else if (kernel_at_least(ns_table[i].since_major, ns_table[i].since_minor)) {
            n->state = DD_NS_OWN;
            snprintf(n->how, sizeof n->how, "inode %lu is not the host's initial one (%#lx)",
                     n->inode, ns_table[i].init_ino);
        } else {
            snprintf(n->how, sizeof n->how,
                     "this kernel gives the host's %s namespace no fixed inode (Linux < %d.%d)",
                     n->name, ns_table[i].since_major, ns_table[i].since_minor);
        }
    }
}

/* A 64-hex-digit container id following `after` in `s`, copied to out. */
static bool find_id(const char *s, const char *after, char out[65])
{
    for (const char *p = strstr(s, after); p; p = strstr(p + 1, after)) {
        const char *q = p + strlen(after);
        size_t n = 0;
        while (n < 64 && isxdigit((unsigned char)q[n]))
            n++;
        if (n == 64 && !isxdigit((unsigned char)q[64])) {
            memcpy(out, q, 64);
            out[64] = '\0';
            return true;
        }
    }
    return false;
}

static void add_how(dd_inside_facts *f, const char *what)
{
    size_t n = strlen(f->runtime_how);
    snprintf(f->runtime_how + n, sizeof f->runtime_how - n, "%s%s", n ? ", " : "", what);
}

static bool exists(const char *root, const char *path)
{
    _cleanup_free_ char *p = dd_xasprintf("%s%s", root, path);
    return access(p, F_OK) == 0;
}

static void detect_runtime(const char *root, const char *mountinfo, dd_inside_facts *f)
{
    const char *rt = NULL;
    _cleanup_buf_ dd_buf cg = DD_BUF_INIT;
    bool have_cg = dd_inside_read(root, "/proc/self/cgroup", &cg) == 0;
    /* Markers in order of how specific they are; every one found is named. */
    if (exists(root, "/.dockerenv")) {
        rt = "docker";
        add_how(f, "/.dockerenv exists");
    }
    if (exists(root, "/run/.containerenv")) {
        rt = rt ? rt : "podman";
        add_how(f, "/run/.containerenv exists");
    }
    if (have_cg) {
        static const struct {
            const char *needle, *runtime;
        } cgm[] = {
            {"kubepods", "kubernetes"},   {"/docker/", "docker"}, {"docker-", "docker"},
            {"libpod", "podman"},         {"/lxc/", "lxc"},       {"lxc.payload", "lxc"},
            {"containerd", "containerd"}, {"garden", "garden"},
        };
        for (size_t i = 0; i < DD_ARRAY_LEN(cgm); i++)
            if (strstr(cg.data, cgm[i].needle)) {
                if (!rt || strcmp(cgm[i].runtime, "kubernetes") == 0)
                    rt = cgm[i].runtime;
                char what[64];
                snprintf(what, sizeof what, "cgroup path has '%s'", cgm[i].needle);
                add_how(f, what);
                break;
            }
        if (!find_id(cg.data, "docker/", f->container_id))
            find_id(cg.data, "docker-", f->container_id);
    }
    /* runc bind-mounts /etc/hostname from the engine's container directory, so the id is
     * there even with a private cgroup namespace. */
    if (mountinfo && !f->container_id[0] && find_id(mountinfo, "/containers/", f->container_id))
        add_how(f, "/etc/hostname is mounted from the engine's containers/<id> directory");
    if (!rt && f->container_id[0])
        rt = "docker";
    /* A marker left in a host's or VM's root (some images of whole machines keep
     * /.dockerenv) does not make the host's own namespaces a container. */
    if (rt && f->ns[NS_PID].state == DD_NS_HOST && f->ns[NS_MNT].state == DD_NS_HOST) {
        add_how(f, "but this process is in the host's PID and mount namespaces");
        rt = NULL;
    }
    if (!rt && f->ns[NS_PID].state == DD_NS_OWN) {
        rt = "unknown";
        add_how(f, "in a PID namespace of its own, no runtime marker found");
    }
    if (!rt) {
        rt = "none";
        if (!f->runtime_how[0])
            add_how(f, "no container marker and the host's PID namespace");
    }
    snprintf(f->runtime, sizeof f->runtime, "%s", rt);
}

/* mountinfo's octal escapes (\040 for a space) decoded in place. */
static void unescape(char *s)
{
    char *w = s;
    for (char *r = s; *r;) {
        if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
            r[3] >= '0' && r[3] <= '7') {
            *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
            r += 4;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

int dd_inside_parse_mountinfo(const char *text, dd_inside_mount **out, size_t *nout)
{
    dd_inside_mount *v = NULL;
    size_t n = 0, cap = 0;
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        _cleanup_free_ char *l = dd_xstrndup(line, len);
        line = end ? end + 1 : NULL;
        /* id parent maj:min root target options [optional...] - fstype source superopts */
        char *save = NULL, *tok[6] = {0};
        char *t = strtok_r(l, " ", &save);
        for (int i = 0; i < 6 && t; i++, t = strtok_r(NULL, " ", &save))
            tok[i] = t;
        if (!tok[5])
            continue;
        while (t && strcmp(t, "-") != 0)
            t = strtok_r(NULL, " ", &save);
        char *fstype = t ? strtok_r(NULL, " ", &save) : NULL;
        char *source = fstype ? strtok_r(NULL, " ", &save) : NULL;
        if (!fstype)
            continue;
        v = dd_xgrow(v, &cap, n + 1, sizeof *v);
        dd_inside_mount *m = &v[n++];
        unescape(tok[3]);
        unescape(tok[4]);
        m->root = dd_xstrdup(tok[3]);
        m->target = dd_xstrdup(tok[4]);
        m->fstype = dd_xstrdup(fstype);
        m->source = dd_xstrdup(source ? source : "");
        m->ro = strncmp(tok[5], "ro", 2) == 0 && (tok[5][2] == ',' || tok[5][2] == '\0');
    }
    *out = v;
    *nout = n;
    return 0;
}

void dd_inside_mounts_free(dd_inside_mount *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].root);
        free(m[i].target);
        free(m[i].fstype);
        free(m[i].source);
    }
    free(m);
}

/* CIS 5.6's sensitive host directories (docker-bench-security's list). */
static const char *const sensitive_dirs[] = {"/",    "/boot", "/dev", "/etc",
                                             "/lib", "/proc", "/sys", "/usr"};

static bool is_disk_fs(const dd_inside_mount *m)
{
    static const char *const virt[] = {
        "proc",      "sysfs",   "tmpfs",       "devpts",     "mqueue",     "cgroup",
        "cgroup2",   "overlay", "shm",         "devtmpfs",   "securityfs", "debugfs",
        "tracefs",   "nsfs",    "bpf",         "fusectl",    "configfs",   "pstore",
        "hugetlbfs", "autofs",  "binfmt_misc", "rpc_pipefs", "efivarfs",   "selinuxfs"};
    for (size_t i = 0; i < DD_ARRAY_LEN(virt); i++)
        if (strcmp(m->fstype, virt[i]) == 0)
            return false;
    return true;
}

static void find_host_mounts(const dd_inside_mount *mounts, size_t n, dd_inside_facts *f)
{
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) {
        const dd_inside_mount *m = &mounts[i];
        if (strcmp(m->target, "/") == 0 || !is_disk_fs(m))
            continue;
        bool sensitive = false;
        for (size_t k = 0; k < DD_ARRAY_LEN(sensitive_dirs); k++)
            if (strcmp(m->root, sensitive_dirs[k]) == 0)
                sensitive = true;
        if (!sensitive)
            continue;
        f->host_mounts = dd_xgrow(f->host_mounts, &cap, f->nhost_mounts + 1, sizeof *m);
        dd_inside_mount *c = &f->host_mounts[f->nhost_mounts++];
        c->target = dd_xstrdup(m->target);
        c->root = dd_xstrdup(m->root);
        c->fstype = dd_xstrdup(m->fstype);
        c->source = dd_xstrdup(m->source);
        c->ro = m->ro;
    }
}

static const dd_inside_mount *mount_at(const dd_inside_mount *m, size_t n, const char *target)
{
    const dd_inside_mount *found = NULL;
    for (size_t i = 0; i < n; i++) /* the last one mounted on a path is the one seen */
        if (strcmp(m[i].target, target) == 0)
            found = &m[i];
    return found;
}

static void add_str(char ***v, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return;
    *v = dd_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = dd_xstrdup(s);
}

static bool socket_connects(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof a.sun_path)
        return false;
    strcpy(a.sun_path, path);
    _cleanup_close_ int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return false;
    return connect(fd, (struct sockaddr *)&a, sizeof a) == 0 || errno == EAGAIN;
}

static void find_sockets(const char *root, const dd_inside_mount *m, size_t n, dd_inside_facts *f)
{
    static const char *const known[] = {
        "/var/run/docker.sock",
        "/run/docker.sock",
        "/run/containerd/containerd.sock",
        "/var/run/containerd/containerd.sock",
        "/run/crio/crio.sock",
        "/var/run/crio/crio.sock",
        "/run/podman/podman.sock",
        "/var/run/cri-dockerd.sock",
    };
    size_t nk = DD_ARRAY_LEN(known);
    for (size_t i = 0; i < nk + n; i++) {
        const char *p = i < nk ? known[i] : m[i - nk].target;
        size_t len = strlen(p);
        if (i >= nk && (len < 5 || strcmp(p + len - 5, ".sock") != 0))
            continue;
        _cleanup_free_ char *full = dd_xasprintf("%s%s", root, p);
        struct stat st;
        if (stat(full, &st) == 0 && S_ISSOCK(st.st_mode) && socket_connects(full))
            add_str(&f->sockets, &f->nsockets, p);
    }
}

/* The device nodes runc creates in every container (the OCI runtime spec's default set). */
static const char *const default_devices[] = {"null",    "zero", "full",    "random",
                                              "urandom", "tty",  "console", "ptmx"};

static void find_devices(const char *root, dd_inside_facts *f)
{
    _cleanup_free_ char *dev = dd_xasprintf("%s/dev", root);
    _cleanup_closedir_ DIR *d = opendir(dev);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_type != DT_CHR && de->d_type != DT_BLK)
            continue;
        bool dflt = false;
        for (size_t i = 0; i < DD_ARRAY_LEN(default_devices); i++)
            if (strcmp(de->d_name, default_devices[i]) == 0)
                dflt = true;
        if (!dflt) {
            char p[300];
            snprintf(p, sizeof p, "/dev/%s", de->d_name);
            add_str(&f->devices, &f->ndevices, p);
        }
    }
    qsort(f->devices, f->ndevices, sizeof *f->devices, dd_inside_strcmp_p);
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_inside_read(root, "/sys/fs/cgroup/devices/devices.list", &b) == 0)
        f->devices_all = strstr(b.data, "a *:* rwm") != NULL;
}

int dd_inside_strcmp_p(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An integer file of the cgroup tree; "max" is unlimited (-1). */
static bool cg_int(const char *root, const char *path, int64_t *out)
{
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_inside_read(root, path, &b) < 0 || b.len == 0)
        return false;
    if (strncmp(b.data, "max", 3) == 0) {
        *out = -1;
        return true;
    }
    char *end;
    errno = 0;
    long long v = strtoll(b.data, &end, 10);
    if (errno || end == b.data)
        return false;
    *out = v;
    return true;
}

static void read_cgroup(const char *root, dd_inside_facts *f)
{
    f->mem_limit = f->pids_limit = f->cpu_quota_us = f->cpu_period_us = f->cpu_shares = -2;
    if (exists(root, "/sys/fs/cgroup/cgroup.controllers")) {
        f->cgroup_version = 2;
        cg_int(root, "/sys/fs/cgroup/memory.max", &f->mem_limit);
        cg_int(root, "/sys/fs/cgroup/pids.max", &f->pids_limit);
        _cleanup_buf_ dd_buf b = DD_BUF_INIT;
        if (dd_inside_read(root, "/sys/fs/cgroup/cpu.max", &b) == 0) {
            long long q = -1, p = 0;
            if (strncmp(b.data, "max", 3) == 0)
                sscanf(b.data + 3, "%lld", &p);
            else
                sscanf(b.data, "%lld %lld", &q, &p);
            f->cpu_quota_us = q;
            f->cpu_period_us = p;
        }
        int64_t w;
        /* cgroup v2 weight 1..10000 (default 100) is what runc maps shares 2..262144 to. */
        if (cg_int(root, "/sys/fs/cgroup/cpu.weight", &w))
            f->cpu_shares = w;
        return;
    }
    if (!exists(root, "/sys/fs/cgroup/memory") && !exists(root, "/sys/fs/cgroup/pids"))
        return;
    f->cgroup_version = 1;
    int64_t m;
    if (cg_int(root, "/sys/fs/cgroup/memory/memory.limit_in_bytes", &m))
        /* v1 prints "no limit" as the page-rounded maximum. */
        f->mem_limit = m >= (INT64_MAX / 4096) * 4096 - 4096 ? -1 : m;
    cg_int(root, "/sys/fs/cgroup/pids/pids.max", &f->pids_limit);
    if (!cg_int(root, "/sys/fs/cgroup/cpu/cpu.cfs_quota_us", &f->cpu_quota_us))
        cg_int(root, "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", &f->cpu_quota_us);
    if (!cg_int(root, "/sys/fs/cgroup/cpu/cpu.cfs_period_us", &f->cpu_period_us))
        cg_int(root, "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", &f->cpu_period_us);
    if (!cg_int(root, "/sys/fs/cgroup/cpu/cpu.shares", &f->cpu_shares))
        cg_int(root, "/sys/fs/cgroup/cpu,cpuacct/cpu.shares", &f->cpu_shares);
}

static void read_lsm(const char *root, dd_inside_facts *f)
{
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    /* The per-LSM file names the module; the shared attr/current does not. */
    if (dd_inside_read(root, "/proc/self/attr/apparmor/current", &b) == 0 && b.len) {
        snprintf(f->lsm, sizeof f->lsm, "apparmor");
    } else if (dd_inside_read(root, "/proc/self/attr/current", &b) == 0 && b.len) {
        /* SELinux contexts are user:role:type:level; AppArmor labels have no colon. */
        snprintf(f->lsm, sizeof f->lsm, "%s", strchr(b.data, ':') ? "selinux" : "apparmor");
    } else {
        return;
    }
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\0'))
        b.data[--b.len] = '\0';
    snprintf(f->lsm_label, sizeof f->lsm_label, "%s", b.data);
}

int dd_inside_gather(const char *root, dd_inside_facts *f, dd_error *e)
{
    memset(f, 0, sizeof *f);
    f->no_new_privs = -1;
    f->seccomp_mode = -1;
    _cleanup_free_ char *status = dd_xasprintf("%s/proc/self/status", root);
    if (access(status, R_OK) < 0)
        return dd_error_sys(e, errno, "cannot read %s (is /proc mounted?)", status);
    read_status(root, f);
    read_namespaces(root, f);
    f->uid_map = read_map(root, "/proc/self/uid_map");
    f->gid_map = read_map(root, "/proc/self/gid_map");
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    if (dd_inside_read(root, "/proc/sys/kernel/hostname", &b) == 0)
        snprintf(f->hostname, sizeof f->hostname, "%.*s", (int)strcspn(b.data, "\n"), b.data);

    dd_inside_mount *mounts = NULL;
    size_t nmounts = 0;
    bool have_mi = dd_inside_read(root, "/proc/self/mountinfo", &b) == 0;
    if (have_mi)
        dd_inside_parse_mountinfo(b.data, &mounts, &nmounts);
    detect_runtime(root, have_mi ? b.data : NULL, f);
    find_host_mounts(mounts, nmounts, f);
    find_sockets(root, mounts, nmounts, f);
    const dd_inside_mount *ps = mount_at(mounts, nmounts, "/proc/sys");
    const dd_inside_mount *proc = mount_at(mounts, nmounts, "/proc");
    /* Without a read-only bind over /proc/sys it is as writable as /proc. */
    f->procsys_writable = ps ? !ps->ro : (proc && !proc->ro);
    const dd_inside_mount *sys = mount_at(mounts, nmounts, "/sys");
    f->sys_writable = sys && !sys->ro;
    dd_inside_mounts_free(mounts, nmounts);

    read_lsm(root, f);
    struct statvfs sv;
    _cleanup_free_ char *slash = dd_xasprintf("%s/", root);
    f->rootfs_ro = statvfs(slash, &sv) == 0 && (sv.f_flag & ST_RDONLY);
    read_cgroup(root, f);
    find_devices(root, f);
    return 0;
}

static void syscalls_free(dd_inside_syscall *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].name);
    free(v);
}

void dd_inside_facts_free(dd_inside_facts *f)
{
    free(f->uid_map);
    free(f->gid_map);
    syscalls_free(f->blocked, f->nblocked);
    syscalls_free(f->capgated, f->ncapgated);
    for (size_t i = 0; i < f->nsockets; i++)
        free(f->sockets[i]);
    free(f->sockets);
    dd_inside_mounts_free(f->host_mounts, f->nhost_mounts);
    for (size_t i = 0; i < f->ndevices; i++)
        free(f->devices[i]);
    free(f->devices);
    memset(f, 0, sizeof *f);
}
