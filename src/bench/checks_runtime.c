/* Section 5 of the CIS Docker Benchmark 1.6.0: how containers run. Every check reads
 * the inspect object the daemon gave once (bench/gather.c); none calls the daemon.
 *
 * Where docker-bench-security is wrong, these checks say why in a comment. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bench/daemon_config.h"
#include "bench/host.h"
#include "bench/runtime.h"
#include "core/cleanup.h"
#include "core/mem.h"

static const json_t *hostcfg(const json_t *ctr)
{
    return json_object_get(ctr, "HostConfig");
}

static const char *hc_str(const json_t *ctr, const char *key)
{
    const char *s = json_string_value(json_object_get(hostcfg(ctr), key));
    return s ? s : "";
}

static json_int_t hc_int(const json_t *ctr, const char *key)
{
    return json_integer_value(json_object_get(hostcfg(ctr), key));
}

static const json_t *security_opt(const json_t *ctr)
{
    return json_object_get(hostcfg(ctr), "SecurityOpt");
}

/* A SecurityOpt boolean as dockerd reads it (Go's strconv.ParseBool): "key" alone is
 * true, "key=1", "key:true", "key=T"... 1 true, 0 false, -1 absent, -2 not a boolean. */
static int secopt_bool(const json_t *ctr, const char *key)
{
    static const char *const yes[] = {"1", "t", "T", "TRUE", "true", "True"};
    static const char *const no[] = {"0", "f", "F", "FALSE", "false", "False"};
    size_t i, kn = strlen(key);
    const json_t *v;
    int r = -1;
    json_array_foreach(json_object_get(json_object_get(ctr, "HostConfig"), "SecurityOpt"), i, v)
    {
        const char *s = json_string_value(v);
        if (!s || strncmp(s, key, kn) != 0 || (s[kn] && s[kn] != '=' && s[kn] != ':'))
            continue;
        if (!s[kn]) {
            r = 1;
            continue;
        }
        r = -2;
        for (size_t k = 0; k < DD_ARRAY_LEN(yes); k++) {
            if (strcmp(s + kn + 1, yes[k]) == 0)
                r = 1;
            if (strcmp(s + kn + 1, no[k]) == 0)
                r = 0;
        }
    }
    return r;
}

/* SecurityOpt entries are "key=value" or the older "key:value". */
static bool secopt_is(const json_t *ctr, const char *key, const char *value)
{
    size_t i;
    const json_t *v;
    size_t kn = strlen(key);
    json_array_foreach(security_opt(ctr), i, v)
    {
        const char *s = json_string_value(v);
        if (!s || strncmp(s, key, kn) != 0)
            continue;
        if (!value && s[kn] == '\0')
            return true;
        if (value && (s[kn] == '=' || s[kn] == ':') && strcmp(s + kn + 1, value) == 0)
            return true;
    }
    return false;
}

static bool is_running(const json_t *ctr)
{
    return json_is_true(dd_bench_path(ctr, "State.Running"));
}

static dd_status host_mode(const json_t *ctr, const char *key, const char *what, dd_buf *msg)
{
    const char *mode = hc_str(ctr, key);
    if (strcmp(mode, "host") == 0) {
        dd_buf_printf(msg, "shares the host's %s namespace (%s=host)", what, key);
        return DD_STATUS_FAIL;
    }
    dd_buf_printf(msg, "own %s namespace%s%s", what, *mode ? ": " : "", mode);
    return DD_STATUS_PASS;
}

/* ---- 5.1 ------------------------------------------------------------------------ */

void dd_check_5_1(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!f->info) {
        dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "could not read docker info: %s",
                      dd_bench_gather_error(f, "info") ? dd_bench_gather_error(f, "info") : "?");
        return;
    }
    const char *st = json_string_value(dd_bench_path(f->info, "Swarm.LocalNodeState"));
    if (dd_bench_swarm_active(f))
        dd_report_add(r, &c->rule, DD_STATUS_FAIL, "host",
                      "swarm mode is %s on this daemon; run 'docker swarm leave' if it is not "
                      "needed",
                      st);
    else
        dd_report_add(r, &c->rule, DD_STATUS_PASS, "host", "swarm mode is not enabled (%s)",
                      st && *st ? st : "inactive");
}

/* ---- 5.2 and 5.3: LSMs that may be absent -------------------------------------- */

static bool daemon_has_secopt(const dd_bench_facts *f, const char *name)
{
    return dd_bench_strv_has(json_object_get(f->info, "SecurityOptions"), name, true);
}

static dd_status apparmor_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    const char *p = json_string_value(json_object_get(ctr, "AppArmorProfile"));
    if (secopt_is(ctr, "apparmor", "unconfined") || !p || !*p || strcmp(p, "unconfined") == 0) {
        dd_buf_printf(msg, "runs without an AppArmor profile%s", p && *p ? " (unconfined)" : "");
        return DD_STATUS_FAIL;
    }
    dd_buf_printf(msg, "AppArmor profile %s", p);
    return DD_STATUS_PASS;
}

void dd_check_5_2(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!f->info) {
        dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "could not read docker info: %s",
                      dd_bench_gather_error(f, "info") ? dd_bench_gather_error(f, "info") : "?");
        return;
    }
    /* docker-bench-security warns for every container here; without AppArmor in the
     * kernel there is nothing a user could enable, so it does not apply. */
    if (!daemon_has_secopt(f, "name=apparmor")) {
        dd_report_add(r, &c->rule, DD_STATUS_SKIPPED, "host",
                      "AppArmor is not available on this host (the daemon reports no apparmor "
                      "security option)");
        return;
    }
    dd_bench_each_container(c, f, r, apparmor_eval);
}

static dd_status selinux_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    const char *label = json_string_value(json_object_get(ctr, "ProcessLabel"));
    if (secopt_is(ctr, "label", "disable") || !label || !*label) {
        dd_buf_puts(msg, "runs without an SELinux label (label=disable or none set)");
        return DD_STATUS_FAIL;
    }
    dd_buf_printf(msg, "SELinux process label %s", label);
    return DD_STATUS_PASS;
}

void dd_check_5_3(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (!f->info) {
        dd_report_add(r, &c->rule, DD_STATUS_ERROR, "host", "could not read docker info: %s",
                      dd_bench_gather_error(f, "info") ? dd_bench_gather_error(f, "info") : "?");
        return;
    }
    if (!daemon_has_secopt(f, "name=selinux")) {
        dd_report_add(r, &c->rule, DD_STATUS_SKIPPED, "host",
                      "SELinux is not available on this host (the daemon does not run with "
                      "SELinux support)");
        return;
    }
    dd_bench_each_container(c, f, r, selinux_eval);
}

/* ---- 5.4 capabilities ------------------------------------------------------------ */

/* Docker's default capability set (moby oci/caps/defaults.go). Adding one of these back
 * after --cap-drop ALL is what the benchmark recommends, so it is no finding;
 * docker-bench-security warns on any non-empty CapAdd, even that. */
static const char *const default_caps[] = {
    "CHOWN",  "DAC_OVERRIDE", "FSETID",  "FOWNER",           "MKNOD",      "NET_RAW", "SETGID",
    "SETUID", "SETFCAP",      "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",    "AUDIT_WRITE",
};

static const char *cap_name(const char *s)
{
    return strncasecmp(s, "CAP_", 4) == 0 ? s + 4 : s;
}

static bool is_default_cap(const char *s)
{
    for (size_t i = 0; i < DD_ARRAY_LEN(default_caps); i++)
        if (strcasecmp(cap_name(s), default_caps[i]) == 0)
            return true;
    return false;
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_4)
static dd_status dd_check_5_4_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    const json_t *add = json_object_get(hostcfg(ctr), "CapAdd");
    const json_t *drop = json_object_get(hostcfg(ctr), "CapDrop");
    size_t i;
    const json_t *v;
    int extra = 0;
    json_array_foreach(add, i, v)
    {
        const char *s = json_string_value(v);
        if (!s || is_default_cap(s))
            continue;
        dd_buf_printf(msg, "%s%s",
                      extra++ ? ", " : "adds capabilities beyond Docker's default: ", cap_name(s));
    }
    if (extra)
        return DD_STATUS_FAIL;
    bool drop_all = dd_bench_strv_has(drop, "ALL", false) || dd_bench_strv_has(drop, "all", false);
    if (drop_all)
        dd_buf_printf(msg, "drops all capabilities%s",
                      json_array_size(add) ? " and adds back "
                                             "only default ones"
                                           : "");
    else
        dd_buf_printf(msg, "no capabilities added (drops %zu)", json_array_size(drop));
    return DD_STATUS_PASS;
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_5)
static dd_status dd_check_5_5_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    if (json_is_true(json_object_get(hostcfg(ctr), "Privileged"))) {
        dd_buf_puts(msg, "runs privileged (--privileged)");
        return DD_STATUS_FAIL;
    }
    dd_buf_puts(msg, "not privileged");
    return DD_STATUS_PASS;
}

/* ---- the Docker socket behind a bind mount (5.6, 5.32) -----------------------------

 * A bind of a directory that holds the daemon's socket hands the daemon over just as a
 * bind of the socket does: -v /var/run:/x gives /x/docker.sock. The sockets are the
 * daemon's (every unix -H, else the default), the one drydock talks to, and containerd's;
 * each is compared as written and as resolved inside --root (/var/run -> /run), against
 * the bind source as written and as resolved (bench/host.c gather_binds). */

static bool is_under(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (n == 1 && dir[0] == '/')
        return true;
    return strncmp(dir, path, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The socket `src` (a bind source) holds, or NULL. */
static const char *holds_socket(const dd_bench_facts *f, const char *src)
{
    const dd_host_facts *h = f->host;
    if (!h || !src)
        return NULL;
    const char *srcs[] = {src, json_string_value(json_object_get(h->bind_sources, src))};
    const char *eng = f->engine && strncmp(dd_engine_host(f->engine), "unix://", 7) == 0
                          ? dd_engine_host(f->engine) + 7
                          : NULL;
    for (size_t k = 0; k < DD_ARRAY_LEN(srcs) && srcs[k]; k++) {
        for (size_t i = 0; i <= h->ndocker_socks; i++) {
            const dd_file_fact *ff =
                i < h->ndocker_socks ? &h->docker_socks[i] : &h->containerd_sock;
            if ((ff->path && is_under(srcs[k], ff->path)) ||
                (ff->resolved && is_under(srcs[k], ff->resolved)))
                return ff->path;
        }
        if (eng && is_under(srcs[k], eng))
            return eng;
    }
    return NULL;
}

/* ---- 5.6 sensitive host directories ------------------------------------------------ */

static const char *const sensitive_dirs[] = {"/boot", "/dev", "/etc", "/lib",
                                             "/proc", "/sys", "/usr"};

/* "/" itself, or one of the directories above (the directory or anything below it). */
static const char *sensitive(const char *src, bool *whole)
{
    *whole = false;
    if (strcmp(src, "/") == 0) {
        *whole = true;
        return "/";
    }
    for (size_t i = 0; i < DD_ARRAY_LEN(sensitive_dirs); i++) {
        size_t n = strlen(sensitive_dirs[i]);
        if (strncmp(src, sensitive_dirs[i], n) == 0 && (src[n] == '\0' || src[n] == '/')) {
            *whole = src[n] == '\0' || strcmp(src + n, "/") == 0;
            return sensitive_dirs[i];
        }
    }
    return NULL;
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_6)
static dd_status dd_check_5_6_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    size_t i;
    const json_t *m;
    int bad = 0, ro_files = 0;
    dd_buf ro = DD_BUF_INIT;
    json_array_foreach(json_object_get(ctr, "Mounts"), i, m)
    {
        const char *type = json_string_value(json_object_get(m, "Type"));
        const char *src = json_string_value(json_object_get(m, "Source"));
        const char *dst = json_string_value(json_object_get(m, "Destination"));
        if (!src || (type && strcmp(type, "bind") != 0))
            continue;
        bool rw = json_is_true(json_object_get(m, "RW"));
        const char *sock = holds_socket(f, src);
        if (sock) {
            dd_buf_printf(msg, "%smounts host %s %s at %s, which holds the socket %s",
                          bad++ ? "; " : "", src, rw ? "read-write" : "read-only", dst ? dst : "?",
                          sock);
            continue;
        }
        bool whole;
        if (!sensitive(src, &whole))
            continue;
        /* A read-only bind of one file below /etc (localtime, resolv.conf) is common and
         * harmless; the whole directory, or anything writable, is not. */
        if (!rw && !whole) {
            dd_buf_printf(&ro, "%s%s", ro_files++ ? ", " : "", src);
            continue;
        }
        dd_buf_printf(msg, "%smounts host %s %s at %s", bad++ ? "; " : "", src,
                      rw ? "read-write" : "read-only", dst ? dst : "?");
    }
    if (bad) {
        dd_buf_free(&ro);
        return DD_STATUS_FAIL;
    }
    if (ro_files)
        dd_buf_printf(msg, "only read-only binds below sensitive directories: %s", ro.data);
    else
        dd_buf_puts(msg, "no sensitive host directory mounted");
    dd_buf_free(&ro);
    return DD_STATUS_PASS;
}

/* ---- 5.7 sshd, from the process list the daemon gives (/top) ------------------------ */

/* The program name of a ps CMD column: "/usr/sbin/sshd -D" -> "sshd",
 * "sshd: /usr/sbin/sshd -D [listener]" -> "sshd". */
static bool is_sshd(const char *cmd)
{
    while (isspace((unsigned char)*cmd))
        cmd++;
    size_t n = strcspn(cmd, " \t:");
    const char *base = cmd;
    for (const char *p = cmd; p < cmd + n; p++)
        if (*p == '/')
            base = p + 1;
    return (size_t)(cmd + n - base) == 4 && strncmp(base, "sshd", 4) == 0;
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_7)
static dd_status dd_check_5_7_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    const char *id = json_string_value(json_object_get(ctr, "Id"));
    if (!is_running(ctr)) {
        dd_buf_puts(msg, "not running, so it runs no sshd");
        return DD_STATUS_PASS;
    }
    const json_t *top = id ? json_object_get(f->tops, id) : NULL;
    if (!top) {
        _cleanup_free_ char *key = dd_xasprintf("top:%s", id ? id : "");
        const char *why = dd_bench_gather_error(f, key);
        dd_buf_printf(msg, "could not list its processes: %s", why ? why : "no answer");
        return DD_STATUS_ERROR;
    }
    const json_t *titles = json_object_get(top, "Titles");
    size_t col = (size_t)-1, i;
    const json_t *v;
    json_array_foreach(titles, i, v)
    {
        const char *t = json_string_value(v);
        if (t && (strcmp(t, "CMD") == 0 || strcmp(t, "COMMAND") == 0))
            col = i;
    }
    if (col == (size_t)-1) {
        dd_buf_puts(msg, "the daemon's process list has no CMD column");
        return DD_STATUS_ERROR;
    }
    int found = 0;
    json_array_foreach(json_object_get(top, "Processes"), i, v)
    {
        const char *cmd = json_string_value(json_array_get(v, col));
        if (cmd && is_sshd(cmd)) {
            dd_buf_printf(msg, "%s%s", found++ ? ", " : "runs sshd: ", cmd);
        }
    }
    if (found)
        return DD_STATUS_FAIL;
    dd_buf_printf(msg, "no sshd among %zu processes",
                  json_array_size(json_object_get(top, "Processes")));
    return DD_STATUS_PASS;
}

/* ---- ports: 5.8, 5.9, 5.14 -------------------------------------------------------- */

typedef void (*port_fn)(const char *cport, const char *ip, const char *hport, void *ud);

/* Published ports from the configuration (also for stopped containers) and from the
 * running state (ports the image EXPOSEs and -P published). Duplicates are harmless:
 * the callers only collect text. */
static void each_port(const json_t *ctr, port_fn fn, void *ud)
{
    const json_t *maps[2] = {json_object_get(hostcfg(ctr), "PortBindings"),
                             dd_bench_path(ctr, "NetworkSettings.Ports")};
    json_t *seen = json_object();
    for (int k = 0; k < 2; k++) {
        const char *cport;
        const json_t *arr;
        json_object_foreach((json_t *)maps[k], cport, arr)
        {
            size_t i;
            const json_t *b;
            json_array_foreach(arr, i, b)
            {
                const char *ip = json_string_value(json_object_get(b, "HostIp"));
                const char *hp = json_string_value(json_object_get(b, "HostPort"));
                _cleanup_free_ char *key =
                    dd_xasprintf("%s|%s|%s", cport, ip ? ip : "", hp ? hp : "");
                if (json_object_get(seen, key))
                    continue;
                json_object_set_new(seen, key, json_true());
                fn(cport, ip ? ip : "", hp ? hp : "", ud);
            }
        }
    }
    json_decref(seen);
}

typedef struct port_acc {
    dd_buf *msg;
    int bad, all;
} port_acc;

static void priv_port(const char *cport, const char *ip, const char *hport, void *ud)
{
    port_acc *a = ud;
    a->all++;
    /* An empty HostPort means "any free port", chosen from the ephemeral range. A range
     * "80-90" starts at its first number. */
    char *end;
    long p = strtol(hport, &end, 10);
    if (end == hport || p <= 0 || p >= 1024)
        return;
    dd_buf_printf(a->msg, "%s%s:%ld -> %s", a->bad++ ? ", " : "maps privileged host port ",
                  *ip ? ip : "*", p, cport);
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_8)
static dd_status dd_check_5_8_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    port_acc a = {msg, 0, 0};
    each_port(ctr, priv_port, &a);
    if (a.bad)
        return DD_STATUS_FAIL;
    dd_buf_printf(msg, a.all ? "no privileged host port among %d published" : "publishes no ports",
                  a.all);
    return DD_STATUS_PASS;
}

static void list_port(const char *cport, const char *ip, const char *hport, void *ud)
{
    port_acc *a = ud;
    dd_buf_printf(a->msg, "%s%s:%s -> %s", a->all++ ? ", " : "publishes ", *ip ? ip : "*",
                  *hport ? hport : "(any)", cport);
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_9)
static dd_status dd_check_5_9_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    port_acc a = {msg, 0, 0};
    each_port(ctr, list_port, &a);
    if (!a.all)
        dd_buf_puts(msg, "publishes no ports");
    else
        dd_buf_puts(msg, "; verify each one is needed");
    return DD_STATUS_INFO;
}

/* The unspecified address, IPv4 or IPv6, whatever its spelling. */
static bool is_wildcard_ip(const char *ip)
{
    char buf[INET6_ADDRSTRLEN + 2];
    size_t n = strlen(ip);
    if (n >= 2 && ip[0] == '[' && ip[n - 1] == ']' && n - 2 < sizeof buf) {
        memcpy(buf, ip + 1, n - 2);
        buf[n - 2] = '\0';
        ip = buf;
    }
    struct in_addr a4;
    struct in6_addr a6;
    if (inet_pton(AF_INET, ip, &a4) == 1)
        return a4.s_addr == INADDR_ANY;
    return inet_pton(AF_INET6, ip, &a6) == 1 && IN6_IS_ADDR_UNSPECIFIED(&a6);
}

static void wildcard_port(const char *cport, const char *ip, const char *hport, void *ud)
{
    port_acc *a = ud;
    a->all++;
    /* docker-bench-security only looks for 0.0.0.0; the IPv6 wildcard listens on every
     * interface too, in any spelling the daemon keeps as given ("::", "0:0:0:0:0:0:0:0",
     * "::0"). */
    if (!is_wildcard_ip(ip))
        return;
    dd_buf_printf(a->msg, "%s%s:%s -> %s", a->bad++ ? ", " : "binds every host interface: ", ip,
                  *hport ? hport : "(any)", cport);
}

/* The addresses the ports are bound to. A running container's NetworkSettings.Ports is
 * what the daemon actually bound. Otherwise the configuration (PortBindings) is all
 * there is, and an empty HostIp there is not "every interface" but the daemon's "ip"
 * setting (0.0.0.0 unless dockerd --ip says otherwise). */
static void each_bound_port(const dd_bench_facts *f, const json_t *ctr, port_fn fn, void *ud)
{
    const json_t *actual = dd_bench_path(ctr, "NetworkSettings.Ports");
    bool bound = false;
    const char *cport;
    const json_t *arr;
    if (is_running(ctr))
        json_object_foreach((json_t *)actual, cport, arr)
        {
            bound |= json_array_size(arr) > 0;
        }
    const char *dflt = f->daemon ? dd_daemon_string(f->daemon, "ip", NULL) : NULL;
    if (!dflt || !*dflt)
        dflt = "0.0.0.0";
    json_object_foreach((json_t *)(bound ? actual : json_object_get(hostcfg(ctr), "PortBindings")),
                        cport, arr)
    {
        size_t i;
        const json_t *b;
        json_array_foreach(arr, i, b)
        {
            const char *ip = json_string_value(json_object_get(b, "HostIp"));
            const char *hp = json_string_value(json_object_get(b, "HostPort"));
            fn(cport, ip && *ip ? ip : dflt, hp ? hp : "", ud);
        }
    }
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_14)
static dd_status dd_check_5_14_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    port_acc a = {msg, 0, 0};
    each_bound_port(f, ctr, wildcard_port, &a);
    if (a.bad)
        return DD_STATUS_FAIL;
    dd_buf_printf(
        msg, a.all ? "all %d published ports bound to a specific address" : "publishes no ports",
        a.all);
    return DD_STATUS_PASS;
}

/* ---- namespaces: 5.10, 5.16, 5.17, 5.21, 5.31 -------------------------------------- */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_10)
static dd_status dd_check_5_10_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    return host_mode(ctr, "NetworkMode", "network", msg);
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_16)
static dd_status dd_check_5_16_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    return host_mode(ctr, "PidMode", "process", msg);
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_17)
static dd_status dd_check_5_17_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    return host_mode(ctr, "IpcMode", "IPC", msg);
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_21)
static dd_status dd_check_5_21_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    return host_mode(ctr, "UTSMode", "UTS", msg);
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_31)
static dd_status dd_check_5_31_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    return host_mode(ctr, "UsernsMode", "user", msg);
}

/* ---- resources: 5.11, 5.12, 5.29 ------------------------------------------------- */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_11)
static dd_status dd_check_5_11_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    json_int_t mem = hc_int(ctr, "Memory");
    if (mem <= 0) {
        dd_buf_puts(msg, "no memory limit");
        return DD_STATUS_FAIL;
    }
    dd_buf_printf(msg, "memory limited to %lld MiB", (long long)(mem >> 20));
    return DD_STATUS_PASS;
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_12)
static dd_status dd_check_5_12_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    json_int_t shares = hc_int(ctr, "CpuShares"), nano = hc_int(ctr, "NanoCpus"),
               quota = hc_int(ctr, "CpuQuota");
    const char *cpuset = hc_str(ctr, "CpusetCpus");
    /* 1024 is the default weight: `--cpu-shares 1024` sets no priority (CIS audit: "0 or
     * 1024 means CPU shares are not in place"). */
    if (shares == 1024)
        shares = 0;
    if (shares <= 0 && nano <= 0 && quota <= 0 && !*cpuset) {
        dd_buf_puts(msg, "no CPU shares, quota or cpuset set");
        return DD_STATUS_FAIL;
    }
    if (nano > 0)
        dd_buf_printf(msg, "limited to %.2f CPUs", (double)nano / 1e9);
    else if (shares > 0)
        dd_buf_printf(msg, "CPU shares %lld", (long long)shares);
    else if (quota > 0)
        dd_buf_printf(msg, "CPU quota %lld", (long long)quota);
    else
        dd_buf_printf(msg, "pinned to CPUs %s", cpuset);
    return DD_STATUS_PASS;
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_29)
static dd_status dd_check_5_29_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    json_int_t lim = hc_int(ctr, "PidsLimit");
    if (lim <= 0) {
        dd_buf_puts(msg, "no PIDs limit (fork bombs can exhaust the host)");
        return DD_STATUS_FAIL;
    }
    dd_buf_printf(msg, "PIDs limited to %lld", (long long)lim);
    return DD_STATUS_PASS;
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_13)
static dd_status dd_check_5_13_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    if (!json_is_true(json_object_get(hostcfg(ctr), "ReadonlyRootfs"))) {
        dd_buf_puts(msg, "root filesystem is writable");
        return DD_STATUS_FAIL;
    }
    dd_buf_puts(msg, "root filesystem is read-only");
    return DD_STATUS_PASS;
}

/* ---- 5.15 restart policy ---------------------------------------------------------- */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_15)
static dd_status dd_check_5_15_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    const json_t *rp = json_object_get(hostcfg(ctr), "RestartPolicy");
    const char *name = json_string_value(json_object_get(rp, "Name"));
    json_int_t max = json_integer_value(json_object_get(rp, "MaximumRetryCount"));
    if (!name || !*name || strcmp(name, "no") == 0) {
        dd_buf_puts(msg, "no restart policy");
        return DD_STATUS_PASS;
    }
    /* docker-bench-security only compares the retry count, so "always" (retries 0)
     * passes there; it restarts forever, which is what the benchmark warns about. */
    if (strcmp(name, "on-failure") != 0) {
        dd_buf_printf(msg, "restart policy '%s' restarts without limit", name);
        return DD_STATUS_FAIL;
    }
    if (max <= 0 || max > 5) {
        dd_buf_printf(msg, "on-failure with %s retries (at most 5)",
                      max <= 0 ? "unlimited" : "too many");
        if (max > 0)
            dd_buf_printf(msg, ": %lld", (long long)max);
        return DD_STATUS_FAIL;
    }
    dd_buf_printf(msg, "on-failure:%lld", (long long)max);
    return DD_STATUS_PASS;
}

/* ---- manual observations: 5.18, 5.19 ---------------------------------------------- */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_18)
static dd_status dd_check_5_18_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    size_t i;
    const json_t *d;
    int n = 0;
    json_array_foreach(json_object_get(hostcfg(ctr), "Devices"), i, d)
    {
        const char *h = json_string_value(json_object_get(d, "PathOnHost"));
        const char *p = json_string_value(json_object_get(d, "CgroupPermissions"));
        dd_buf_printf(msg, "%s%s (%s)", n++ ? ", " : "host devices: ", h ? h : "?", p ? p : "?");
    }
    if (!n)
        dd_buf_puts(msg, "no host devices");
    else
        dd_buf_puts(msg, "; verify each one is needed");
    return DD_STATUS_INFO;
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_19)
static dd_status dd_check_5_19_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    size_t i;
    const json_t *u;
    int n = 0;
    json_array_foreach(json_object_get(hostcfg(ctr), "Ulimits"), i, u)
    {
        const char *name = json_string_value(json_object_get(u, "Name"));
        dd_buf_printf(msg, "%s%s=%lld:%lld", n++ ? ", " : "overrides ulimits: ", name ? name : "?",
                      (long long)json_integer_value(json_object_get(u, "Soft")),
                      (long long)json_integer_value(json_object_get(u, "Hard")));
    }
    if (!n)
        dd_buf_puts(msg, "uses the daemon's default ulimits");
    return DD_STATUS_INFO;
}

/* ---- 5.20 mount propagation --------------------------------------------------------- */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_20)
static dd_status dd_check_5_20_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    size_t i;
    const json_t *m;
    int n = 0;
    json_array_foreach(json_object_get(ctr, "Mounts"), i, m)
    {
        const char *p = json_string_value(json_object_get(m, "Propagation"));
        if (p && (strcmp(p, "shared") == 0 || strcmp(p, "rshared") == 0)) {
            const char *dst = json_string_value(json_object_get(m, "Destination"));
            dd_buf_printf(msg, "%s%s (%s)",
                          n++ ? ", " : "mounts with shared propagation: ", dst ? dst : "?", p);
        }
    }
    if (n)
        return DD_STATUS_FAIL;
    dd_buf_puts(msg, "no shared mount propagation");
    return DD_STATUS_PASS;
}

/* ---- 5.22 seccomp ------------------------------------------------------------------ */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_22)
static dd_status dd_check_5_22_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    if (secopt_is(ctr, "seccomp", "unconfined")) {
        dd_buf_puts(msg, "seccomp disabled (seccomp=unconfined)");
        return DD_STATUS_FAIL;
    }
    /* A privileged container never gets a seccomp filter, whatever its options say. */
    if (json_is_true(json_object_get(hostcfg(ctr), "Privileged"))) {
        dd_buf_puts(msg, "privileged, so no seccomp filter applies");
        return DD_STATUS_FAIL;
    }
    if (f->info && !daemon_has_secopt(f, "name=seccomp")) {
        dd_buf_puts(msg, "the daemon runs without seccomp support, so no filter applies");
        return DD_STATUS_FAIL;
    }
    dd_buf_puts(msg, "seccomp profile applied");
    return DD_STATUS_PASS;
}

/* ---- 5.25 cgroup parent ---------------------------------------------------------- */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_25)
static dd_status dd_check_5_25_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    const char *p = hc_str(ctr, "CgroupParent");
    if (*p) {
        dd_buf_printf(msg, "runs under a custom cgroup parent %s; confirm it is intended", p);
        return DD_STATUS_FAIL;
    }
    dd_buf_puts(msg, "default cgroup");
    return DD_STATUS_PASS;
}

/* ---- 5.26 no-new-privileges ------------------------------------------------------- */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_26)
static dd_status dd_check_5_26_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    int nnp = secopt_bool(ctr, "no-new-privileges");
    if (nnp == 1) {
        dd_buf_puts(msg, "no-new-privileges is set");
        return DD_STATUS_PASS;
    }
    if (nnp == 0) {
        dd_buf_puts(msg, "no-new-privileges is explicitly off");
        return DD_STATUS_FAIL;
    }
    /* The daemon's default applies to every container that does not say otherwise. */
    if (f->daemon && dd_daemon_bool(f->daemon, "no-new-privileges", NULL) == 1) {
        dd_buf_puts(msg, "no-new-privileges is the daemon's default");
        return DD_STATUS_PASS;
    }
    dd_buf_puts(msg, "no-new-privileges is not set: setuid binaries can gain privileges");
    return DD_STATUS_FAIL;
}

/* ---- 5.27 health ------------------------------------------------------------------ */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_27)
static dd_status dd_check_5_27_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    const json_t *test = dd_bench_path(ctr, "Config.Healthcheck.Test");
    const char *first = json_string_value(json_array_get(test, 0));
    if (!first || strcmp(first, "NONE") == 0) {
        dd_buf_puts(msg, first ? "health check disabled (--no-healthcheck)" : "no health check");
        return DD_STATUS_FAIL;
    }
    const char *status = json_string_value(dd_bench_path(ctr, "State.Health.Status"));
    dd_buf_printf(msg, "health check set%s%s", status ? ", status " : "", status ? status : "");
    return DD_STATUS_PASS;
}

/* ---- 5.28 image pinning (manual) ------------------------------------------------- */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_28)
static dd_status dd_check_5_28_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    const char *img = json_string_value(dd_bench_path(ctr, "Config.Image"));
    if (!img)
        img = "";
    const char *slash = strrchr(img, '/');
    const char *colon = strrchr(slash ? slash : img, ':');
    if (strstr(img, "@sha256:"))
        dd_buf_printf(msg, "image %s is pinned by digest", img);
    else if (strncmp(img, "sha256:", 7) == 0)
        dd_buf_printf(msg, "started from image id %.19s", img);
    else if (!colon || strcmp(colon, ":latest") == 0)
        dd_buf_printf(msg, "image %s uses the mutable tag 'latest'; pin a version or digest", img);
    else
        dd_buf_printf(msg, "image %s uses a tag; tags can move, a digest cannot", img);
    return DD_STATUS_INFO;
}

/* ---- 5.30 default bridge (manual) ------------------------------------------------- */

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_30)
static dd_status dd_check_5_30_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    (void)f;
    const json_t *nets = dd_bench_path(ctr, "NetworkSettings.Networks");
    const char *mode = hc_str(ctr, "NetworkMode");
    if (json_object_get(nets, "bridge") || strcmp(mode, "bridge") == 0 ||
        strcmp(mode, "default") == 0) {
        dd_buf_puts(msg, "attached to the default bridge (docker0); use a user-defined network");
        return DD_STATUS_INFO;
    }
    dd_buf_printf(msg, "not on the default bridge (network mode %s)", *mode ? mode : "?");
    return DD_STATUS_INFO;
}

/* ---- 5.32 docker.sock ------------------------------------------------------------- */

static bool names_docker_sock(const char *p)
{
    const char *base = p ? strrchr(p, '/') : NULL;
    base = base ? base + 1 : p;
    return base && strcmp(base, "docker.sock") == 0;
}

DD_BENCH_PER_CONTAINER_CHECK(dd_check_5_32)
static dd_status dd_check_5_32_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg)
{
    size_t i;
    const json_t *m;
    int n = 0;
    json_array_foreach(json_object_get(ctr, "Mounts"), i, m)
    {
        const char *src = json_string_value(json_object_get(m, "Source"));
        const char *dst = json_string_value(json_object_get(m, "Destination"));
        const char *type = json_string_value(json_object_get(m, "Type"));
        const char *sock = !type || strcmp(type, "bind") == 0 ? holds_socket(f, src) : NULL;
        if (names_docker_sock(src) || names_docker_sock(dst))
            dd_buf_printf(msg, "%s%s at %s",
                          n++ ? ", " : "mounts the Docker socket: ", src ? src : "?",
                          dst ? dst : "?");
        else if (sock)
            dd_buf_printf(msg, "%s%s at %s (it holds %s)",
                          n++ ? ", " : "mounts the Docker socket: ", src, dst ? dst : "?", sock);
    }
    if (n)
        return DD_STATUS_FAIL;
    dd_buf_puts(msg, "Docker socket not mounted");
    return DD_STATUS_PASS;
}
