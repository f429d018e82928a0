/* CIS Docker Benchmark 1.6.0 sections 1 to 3: host, daemon configuration, configuration
 * files. Every check reads the facts gathered once (bench/host.c, bench/daemon_config.c);
 * none touches the filesystem or the daemon itself.
 *
 * Where docker-bench-security is wrong, the reason is given next to the check: modes
 * are compared as bitmasks, TLS is looked for in daemon.json as well as on the command
 * line, settings given only in daemon.json (cgroup-parent) are seen, and an unreadable
 * fact is an ERROR, never a WARN. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench/bench.h"
#include "bench/daemon_config.h"
#include "bench/host.h"
#include "bench/mode.h"
#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"

#define CIS_URL "https://www.cisecurity.org/benchmark/docker"

/* ---- helpers ----------------------------------------------------------------------- */

__attribute__((format(printf, 4, 5))) static dd_finding *add(dd_report *r, const dd_bench_check *c,
                                                             dd_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    _cleanup_free_ char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    return dd_report_add(r, &c->rule, st, "host", "%s", msg ? msg : "");
}

static void set_path(dd_finding *fd, const char *path, int line, int column)
{
    if (!fd || !path)
        return;
    free(fd->path);
    fd->path = dd_xstrdup(path);
    fd->line = line;
    fd->column = column;
}

static bool no_host_facts(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (f->host && f->daemon)
        return false;
    add(r, c, DD_STATUS_ERROR, "host facts were not gathered");
    return true;
}

/* The configuration cannot be judged when daemon.json exists but is unreadable or
 * malformed: dockerd itself would refuse to start, and any verdict would be a guess. */
static bool config_broken(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (no_host_facts(c, f, r))
        return true;
    const dd_daemon_config *d = f->daemon;
    if (dd_daemon_config_ok(d))
        return false;
    dd_finding *fd = add(r, c, DD_STATUS_ERROR, "%s", d->file_error);
    if (d->file_malformed)
        set_path(fd, d->file, d->file_line, d->file_column);
    else
        set_path(fd, d->file, 0, 0);
    return true;
}

/* Where a verdict about a setting came from, appended to messages. When no dockerd
 * command line was found, an unset value might still be set by flags we cannot see. */
static char *why(const dd_bench_facts *f, const dd_setting *s)
{
    if (s->value)
        return dd_setting_describe(f->daemon, s);
    if (f->daemon->have_args)
        return dd_xasprintf("%s is not set on the dockerd command line (%s) or in %s", s->key,
                            f->daemon->args_source,
                            f->daemon->file ? f->daemon->file : "daemon.json");
    return dd_xasprintf("%s is not set in %s; no dockerd command line was found", s->key,
                        f->daemon->file ? f->daemon->file : "daemon.json");
}

/* Attach the daemon.json location to a finding about a setting from the file. */
static void locate(dd_finding *fd, const dd_bench_facts *f, const dd_setting *s)
{
    if (fd && s->source == DD_CFG_FILE)
        set_path(fd, f->daemon->file, s->line, 0);
}

/* dockerd refuses to start when a setting is both a flag and in daemon.json. */
static bool conflict(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                     const dd_setting *s)
{
    if (!s->conflict)
        return false;
    _cleanup_free_ char *fv = dd_json_short(s->value);
    _cleanup_free_ char *jv = dd_json_short(s->file_value);
    const char *flag = dd_daemon_flag_name(s->key);
    dd_finding *fd = add(r, c, DD_STATUS_FAIL,
                         "%s is set both on the dockerd command line (--%s=%s) and in %s "
                         "(\"%s\": %s): dockerd refuses to start with both; keep one",
                         s->key, flag ? flag : s->key, fv, f->daemon->file, s->key, jv);
    set_path(fd, f->daemon->file, s->line, 0);
    return true;
}

/* Fetch a setting; on a conflict the finding is already added and NULL returned. */
static bool get(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r, const char *key,
                dd_setting *s)
{
    *s = dd_daemon_get(f->daemon, key);
    return !conflict(c, f, r, s);
}

static bool value_nonempty(const json_t *v)
{
    if (!v || json_is_null(v))
        return false;
    if (json_is_array(v))
        return json_array_size(v) > 0;
    if (json_is_object(v))
        return json_object_size(v) > 0;
    if (json_is_string(v))
        return json_string_length(v) > 0;
    return true;
}

static const json_t *info_get(const dd_bench_facts *f, const char *key)
{
    return f->info ? json_object_get(f->info, key) : NULL;
}

static bool info_secopt(const dd_bench_facts *f, const char *prefix)
{
    const json_t *so = info_get(f, "SecurityOptions");
    size_t i;
    const json_t *v;
    json_array_foreach(so, i, v)
    {
        const char *s = json_string_value(v);
        if (s && strncmp(s, prefix, strlen(prefix)) == 0)
            return true;
    }
    return false;
}

/* Whether /info states a list of security options at all (an old or partial answer
 * does not say userns is off). */
static bool info_has(const dd_bench_facts *f, const char *key)
{
    const json_t *v = info_get(f, key);
    return v && !json_is_null(v);
}

/* What the running daemon states (docker info) wins over what its configuration says: a
 * daemon.json edited but never applied (dockerd not restarted), or the files of another
 * daemon, must not decide a check. When both are known and disagree, an INFO line of its
 * own says so. `cfg` is the configuration's value in words, `info` the daemon's. */
static void mismatch_seen(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                          const char *key, bool differ, const char *cfg, const char *info,
                          const char *seen_in)
{
    if (!differ || !f->host || !f->daemon || !dd_daemon_config_ok(f->daemon))
        return;
    dd_setting s = dd_daemon_get(f->daemon, key);
    _cleanup_free_ char *w = why(f, &s);
    locate(add(r, c, DD_STATUS_INFO,
               "the configuration says %s (%s) but the running daemon reports %s (%s): the "
               "change was not applied (restart dockerd), or the configuration read is not "
               "this daemon's",
               cfg, w, info, seen_in),
           f, &s);
}

static void runtime_mismatch(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                             const char *key, bool differ, const char *cfg, const char *info)
{
    mismatch_seen(c, f, r, key, differ, cfg, info, "docker info");
}

static const char *on_off(bool on)
{
    return on ? "enabled" : "disabled";
}

/* ---- section 1.1: partition, docker group, audit rules ------------------------------- */

static void check_1_1_1(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (config_broken(c, f, r))
        return;
    const dd_host_facts *h = f->host;
    const dd_file_fact *dr = &h->data_root_fact;
    if (dr->err) {
        add(r, c, DD_STATUS_ERROR, "cannot stat %s: %s", dr->shown, strerror(dr->err));
        return;
    }
    if (!dr->exists) {
        add(r, c, DD_STATUS_INFO, "Directory not found: %s", dr->shown);
        return;
    }
    if (h->data_root_mount < 0) {
        add(r, c, DD_STATUS_ERROR, "could not tell whether %s is a mount point", dr->shown);
        return;
    }
    if (h->data_root_mount)
        add(r, c, DD_STATUS_PASS, "%s is a separate mount (%s)", h->data_root,
            h->data_root_mount_how);
    else
        add(r, c, DD_STATUS_FAIL, "%s is not a separate partition (%s)", h->data_root,
            h->data_root_mount_how);
}

static void check_1_1_2(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (no_host_facts(c, f, r))
        return;
    const dd_host_facts *h = f->host;
    if (h->group_error) {
        add(r, c, DD_STATUS_ERROR, "%s", h->group_error);
        return;
    }
    if (!h->docker_group_exists) {
        add(r, c, DD_STATUS_INFO, "no group '%s' in %s/etc/group", h->docker_group, h->root);
        return;
    }
    if (!*h->docker_members) {
        add(r, c, DD_STATUS_PASS, "group '%s' has no members", h->docker_group);
        return;
    }
    const dd_bench_opts *o = f->opts;
    if (o && o->ntrusted_users) {
        /* --trusted-users names who is trusted: anyone else in the group fails. */
        _cleanup_free_ char *members = dd_xstrdup(h->docker_members);
        dd_buf bad = DD_BUF_INIT;
        char *save = NULL;
        for (char *u = strtok_r(members, ", ", &save); u; u = strtok_r(NULL, ", ", &save)) {
            bool ok = false;
            for (size_t k = 0; k < o->ntrusted_users && !ok; k++)
                ok = strcmp(o->trusted_users[k], u) == 0;
            if (!ok)
                dd_buf_printf(&bad, "%s%s", bad.len ? ", " : "", u);
        }
        if (bad.len)
            add(r, c, DD_STATUS_FAIL, "untrusted users in group '%s': %s", h->docker_group,
                bad.data);
        else
            add(r, c, DD_STATUS_PASS, "every member of group '%s' is trusted: %s",
                h->docker_group, h->docker_members);
        dd_buf_free(&bad);
        return;
    }
    /* Membership is root-equivalent; only a human knows who is trusted. */
    add(r, c, DD_STATUS_INFO, "Users in group '%s' (root-equivalent, verify each is trusted): %s",
        h->docker_group, h->docker_members);
}

static const dd_audit_target audit_target_of[] = {
    /* indexed by the rule's position in 1.1.3 .. 1.1.18 */
    DD_AUDIT_DOCKERD,        DD_AUDIT_RUN_CONTAINERD,
    DD_AUDIT_VAR_LIB_DOCKER, DD_AUDIT_ETC_DOCKER,
    DD_AUDIT_DOCKER_SERVICE, DD_AUDIT_CONTAINERD_SOCK,
    DD_AUDIT_DOCKER_SOCKET,  DD_AUDIT_ETC_DEFAULT,
    DD_AUDIT_DAEMON_JSON,    DD_AUDIT_CONTAINERD_TOML,
    DD_AUDIT_SYSCONFIG,      DD_AUDIT_CONTAINERD,
    DD_AUDIT_SHIM,           DD_AUDIT_SHIM_V1,
    DD_AUDIT_SHIM_V2,        DD_AUDIT_RUNC,
};

static void check_audit(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (no_host_facts(c, f, r))
        return;
    const dd_host_facts *h = f->host;
    /* "1.1.N": N-3 indexes the targets. */
    int n = atoi(c->rule.cis + 4);
    if (n < 3 || n > 18) {
        add(r, c, DD_STATUS_ERROR, "no audit target for %s", c->rule.cis);
        return;
    }
    dd_audit_target t = audit_target_of[n - 3];
    const dd_file_fact *ff = &h->audit_files[t];
    /* 1.1.3 and 1.1.4 apply whether or not the path exists (docker-bench does the same);
     * the others do not apply to a file that is not there. */
    bool always = t == DD_AUDIT_DOCKERD || t == DD_AUDIT_RUN_CONTAINERD;
    if (ff->err) {
        add(r, c, DD_STATUS_ERROR, "cannot stat %s: %s", ff->shown, strerror(ff->err));
        return;
    }
    if (!always && !ff->exists) {
        dd_finding *fd =
            add(r, c, DD_STATUS_INFO, "%s not found: %s",
                t == DD_AUDIT_VAR_LIB_DOCKER || t == DD_AUDIT_ETC_DOCKER ? "Directory" : "File",
                ff->shown);
        (void)fd;
        return;
    }
    const char *path = ff->path;
    bool loaded_ok = h->auditctl_ran && !h->auditctl_error;
    const dd_audit_rule *lr = loaded_ok ? dd_host_audit_find(h, path, ff->resolved, true) : NULL;
    const dd_audit_rule *fr = dd_host_audit_find(h, path, ff->resolved, false);
    const char *how = "";
    if ((lr && strcmp(lr->path, path) != 0) || (!lr && fr && strcmp(fr->path, path) != 0))
        how = " (a watch on a parent directory)";
    if (lr) {
        add(r, c, DD_STATUS_PASS, "%s is audited: rule on %s in %s%s", path, lr->path, lr->origin,
            how);
        return;
    }
    if (fr && loaded_ok) {
        dd_finding *fd = add(r, c, DD_STATUS_FAIL,
                             "%s has a rule in %s but it is not loaded (auditctl -l does not "
                             "list it; run augenrules --load)",
                             path, fr->origin);
        (void)fd;
        return;
    }
    if (fr) {
        add(r, c, DD_STATUS_PASS, "%s is audited: rule on %s in %s%s", path, fr->path, fr->origin,
            how);
        return;
    }
    if (h->audit_files_error) {
        add(r, c, DD_STATUS_ERROR,
            "no loaded audit rule for %s and the rules files could not "
            "be read: %s",
            path, h->audit_files_error);
        return;
    }
    if (h->auditctl_error)
        add(r, c, DD_STATUS_FAIL, "no audit rule for %s in %s/etc/audit (%s)", path, h->root,
            h->auditctl_error);
    else if (loaded_ok)
        add(r, c, DD_STATUS_FAIL, "no audit rule for %s (auditctl -l, %s/etc/audit)", path,
            h->root);
    else
        add(r, c, DD_STATUS_FAIL,
            "no audit rule for %s in %s/etc/audit/rules.d/*.rules or "
            "audit.rules",
            path, h->root);
}

/* ---- section 1.2 ------------------------------------------------------------------- */

static void check_1_2_2(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    const char *v = f->version ? json_string_value(json_object_get(f->version, "Version")) : NULL;
    if (!v) {
        add(r, c, DD_STATUS_INFO,
            "the daemon's version is unknown (%s); check with your "
            "vendor that the installed Docker is supported and patched",
            f->engine_error.msg[0] ? f->engine_error.msg : "daemon not reached");
        return;
    }
    /* Manual in CIS: whether a version is current depends on the vendor's support. */
    add(r, c, DD_STATUS_INFO,
        "Using Docker %s: verify it is up to date and supported by your "
        "vendor",
        v);
}

/* ---- section 2: daemon configuration ----------------------------------------------- */

static void check_2_1(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (f->host && f->host->dockerd_ignored)
        add(r, c, DD_STATUS_INFO,
            "%d process%s named dockerd ignored: neither root's dockerd binary nor the "
            "listener of the socket drydock talks to, so %s command line%s never read",
            f->host->dockerd_ignored, f->host->dockerd_ignored == 1 ? "" : "es",
            f->host->dockerd_ignored == 1 ? "its" : "their",
            f->host->dockerd_ignored == 1 ? " was" : "s were");
    if (info_secopt(f, "name=rootless")) {
        add(r, c, DD_STATUS_PASS, "the daemon runs rootless (docker info SecurityOptions)");
        return;
    }
    /* Which process is audited, and why it is that one (bench/dockerd.c). */
    const char *why = f->host && f->host->dockerd_why ? f->host->dockerd_why : "";
    if (f->host && f->host->dockerd_uid_known && f->host->dockerd_uid != 0) {
        add(r, c, DD_STATUS_PASS, "dockerd (pid %ld) runs as uid %u (audited: %s)",
            f->host->dockerd_pid, (unsigned)f->host->dockerd_uid, why);
        return;
    }
    if (f->host && f->host->dockerd_uid_known)
        add(r, c, DD_STATUS_INFO,
            "dockerd (pid %ld) runs as root; consider rootless mode where "
            "your workloads allow it (audited: %s)",
            f->host->dockerd_pid, why);
    else
        add(r, c, DD_STATUS_INFO, "%s", c->audit);
}

/* The default bridge's enable_icc as the running daemon set it: 1, 0, or -1 unknown. */
static int bridge_icc(const dd_bench_facts *f)
{
    size_t i;
    const json_t *net;
    json_array_foreach(f->networks, i, net)
    {
        const char *name = json_string_value(json_object_get(net, "Name"));
        const char *drv = json_string_value(json_object_get(net, "Driver"));
        if (!name || !drv || strcmp(name, "bridge") != 0 || strcmp(drv, "bridge") != 0)
            continue;
        const char *v = json_string_value(json_object_get(json_object_get(net, "Options"),
                                                          "com.docker.network.bridge.enable_icc"));
        if (v && strcmp(v, "true") == 0)
            return 1;
        if (v && strcmp(v, "false") == 0)
            return 0;
    }
    return -1;
}

static void check_2_2(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting s, br;
    if (config_broken(c, f, r) || !get(c, f, r, "icc", &s) || !get(c, f, r, "bridge", &br))
        return;
    _cleanup_free_ char *w = why(f, &s);
    /* With the default bridge disabled there is no default-bridge traffic to restrict. */
    if (json_is_string(br.value) && strcmp(json_string_value(br.value), "none") == 0) {
        _cleanup_free_ char *wb = why(f, &br);
        locate(add(r, c, DD_STATUS_PASS, "the default bridge is disabled (%s)", wb), f, &br);
        return;
    }
    int b = json_is_boolean(s.value) ? json_is_true(s.value) : s.value ? -2 : -1;
    /* The default bridge's options are what the running daemon applied: they win over the
     * configuration, as /info's facts do (a daemon.json edit never applied passes nothing). */
    int live = bridge_icc(f);
    if (live >= 0) {
        add(r, c, live ? DD_STATUS_FAIL : DD_STATUS_PASS,
            "inter-container communication is %s on the default bridge (docker network "
            "inspect bridge: com.docker.network.bridge.enable_icc=%s)",
            on_off(live), live ? "true" : "false");
        mismatch_seen(c, f, r, "icc", b != -2 && (b != 0) != (live != 0),
                      b == 0 ? "icc disabled" : "icc enabled",
                      live ? "icc enabled" : "icc disabled", "docker network inspect bridge");
        return;
    }
    dd_finding *fd;
    if (b == 0)
        fd = add(r, c, DD_STATUS_PASS, "inter-container communication is disabled (%s)", w);
    else if (b == 1)
        fd = add(r, c, DD_STATUS_FAIL, "inter-container communication is enabled (%s)", w);
    else if (b == -2)
        fd = add(r, c, DD_STATUS_FAIL, "icc has a value dockerd does not accept (%s)", w);
    else
        fd = add(r, c, DD_STATUS_FAIL, "inter-container communication is enabled by default (%s)",
                 w);
    locate(fd, f, &s);
}

static void check_2_3(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting s, dbg;
    const json_t *idbg = info_get(f, "Debug");
    if (json_is_true(idbg)) {
        add(r, c, DD_STATUS_FAIL, "debug logging is on (docker info)");
        runtime_mismatch(c, f, r, "debug", !json_is_true(dd_daemon_get(f->daemon, "debug").value),
                         "debug off", "debug on");
        return;
    }
    if (config_broken(c, f, r) || !get(c, f, r, "log-level", &s) || !get(c, f, r, "debug", &dbg))
        return;
    if (json_is_true(dbg.value) && json_is_false(idbg)) {
        runtime_mismatch(c, f, r, "debug", true, "debug on", "debug off");
    } else if (json_is_true(dbg.value)) {
        _cleanup_free_ char *w = why(f, &dbg);
        locate(add(r, c, DD_STATUS_FAIL, "debug logging is on (%s)", w), f, &dbg);
        return;
    }
    _cleanup_free_ char *w = why(f, &s);
    const char *lvl = json_string_value(s.value);
    dd_finding *fd;
    if (!s.value)
        fd = add(r, c, DD_STATUS_PASS, "log level is dockerd's default, info (%s)", w);
    else if (lvl && strcmp(lvl, "info") == 0)
        fd = add(r, c, DD_STATUS_PASS, "log level is info (%s)", w);
    else
        fd = add(r, c, DD_STATUS_FAIL, "log level is not info (%s)", w);
    locate(fd, f, &s);
}

static void check_2_4(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "iptables", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    dd_finding *fd;
    if (json_is_false(s.value))
        fd = add(r, c, DD_STATUS_FAIL, "Docker may not manage iptables (%s)", w);
    else if (s.value && !json_is_boolean(s.value))
        fd = add(r, c, DD_STATUS_FAIL, "iptables has a value dockerd does not accept (%s)", w);
    else
        fd = add(r, c, DD_STATUS_PASS, "Docker manages iptables (%s)", w);
    locate(fd, f, &s);
}

static void check_2_5(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "insecure-registries", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    dd_finding *fd;
    if (value_nonempty(s.value))
        fd = add(r, c, DD_STATUS_FAIL, "insecure registries are configured (%s)", w);
    else
        fd = add(r, c, DD_STATUS_PASS, "no insecure registry is configured (%s)", w);
    locate(fd, f, &s);
}

static void check_2_6(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    const char *drv = json_string_value(info_get(f, "Driver"));
    if (drv) {
        add(r, c, strcmp(drv, "aufs") == 0 ? DD_STATUS_FAIL : DD_STATUS_PASS,
            "storage driver is %s (docker info)", drv);
        const char *cfg = f->daemon ? dd_daemon_string(f->daemon, "storage-driver", NULL) : NULL;
        _cleanup_free_ char *cw = cfg ? dd_xasprintf("storage driver %s", cfg) : NULL;
        _cleanup_free_ char *iw = dd_xasprintf("storage driver %s", drv);
        runtime_mismatch(c, f, r, "storage-driver", cfg && *cfg && strcmp(cfg, drv) != 0, cw, iw);
        return;
    }
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "storage-driver", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    const char *v = json_string_value(s.value);
    dd_finding *fd;
    if (v && strcmp(v, "aufs") == 0)
        fd = add(r, c, DD_STATUS_FAIL, "storage driver is aufs (%s)", w);
    else
        fd = add(r, c, DD_STATUS_PASS, "storage driver is not aufs (%s)", w);
    locate(fd, f, &s);
}

/* A -H value that means TCP: tcp://..., or host:port without a scheme (dockerd's
 * default protocol). unix://, fd:// and npipe:// are local. */
static bool is_tcp_host(const char *h)
{
    if (strncmp(h, "tcp://", 6) == 0)
        return true;
    if (strstr(h, "://"))
        return false;
    return strchr(h, ':') != NULL;
}

/* All interfaces: 0.0.0.0, [::], ::, or no address at all ("tcp://:2375"). docker-bench
 * and many scanners only know 0.0.0.0. */
static const char *wildcard_kind(const char *h)
{
    const char *a = strncmp(h, "tcp://", 6) == 0 ? h + 6 : h;
    if (strncmp(a, "0.0.0.0", 7) == 0)
        return "all IPv4 interfaces";
    if (strncmp(a, "[::]", 4) == 0 || strcmp(a, "::") == 0 || strncmp(a, ":::", 3) == 0)
        return "all IPv4 and IPv6 interfaces";
    if (a[0] == ':' || a[0] == '\0')
        return "all interfaces";
    return NULL;
}

static void check_2_7(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting hosts, verify, tls, ca, cert, key;
    if (config_broken(c, f, r) || !get(c, f, r, "hosts", &hosts) ||
        !get(c, f, r, "tlsverify", &verify) || !get(c, f, r, "tls", &tls) ||
        !get(c, f, r, "tlscacert", &ca) || !get(c, f, r, "tlscert", &cert) ||
        !get(c, f, r, "tlskey", &key))
        return;
    size_t ntcp = 0, i;
    const json_t *v;
    const json_t *list = hosts.value;
    json_t *single = NULL;
    if (json_is_string(list)) {
        single = json_array();
        json_array_append(single, (json_t *)list);
        list = single;
    }
    json_array_foreach(list, i, v)
    {
        const char *h = json_string_value(v);
        if (!h || !is_tcp_host(h))
            continue;
        ntcp++;
        const char *wild = wildcard_kind(h);
        _cleanup_free_ char *where = dd_setting_describe(f->daemon, &hosts);
        dd_buf miss = DD_BUF_INIT;
        dd_buf_puts(&miss, "");
        if (!json_is_true(verify.value))
            dd_buf_puts(&miss, " tlsverify");
        /* Unset paths mean dockerd's defaults in root's ~/.docker, which count when the
         * files are there (bench/host.c). */
        const dd_host_facts *hf = f->host;
        bool dflt = hf->tlscacert.dflt || hf->tlscert.dflt || hf->tlskey.dflt;
        if (!value_nonempty(ca.value) && !(hf->tlscacert.dflt && hf->tlscacert.exists))
            dd_buf_puts(&miss, " tlscacert");
        if (!value_nonempty(cert.value) && !(hf->tlscert.dflt && hf->tlscert.exists))
            dd_buf_puts(&miss, " tlscert");
        if (!value_nonempty(key.value) && !(hf->tlskey.dflt && hf->tlskey.exists))
            dd_buf_puts(&miss, " tlskey");
        dd_finding *fd;
        if (!miss.len) {
            fd = dd_report_add(
                r, &c->rule, DD_STATUS_PASS, h,
                "TLS with client certificate verification%s%s (tlsverify from %s, "
                "certificates from %s)",
                wild ? " on " : "", wild ? wild : "", dd_cfg_source_name(verify.source),
                dflt ? "dockerd's defaults in /root/.docker" : dd_cfg_source_name(cert.source));
        } else if (json_is_true(tls.value) || json_is_true(verify.value)) {
            fd = dd_report_add(r, &c->rule, DD_STATUS_FAIL, h,
                               "listening on TCP%s%s with TLS but without client verification; "
                               "missing:%s (%s)",
                               wild ? ", " : "", wild ? wild : "", miss.data, where);
        } else {
            fd = dd_report_add(r, &c->rule, DD_STATUS_FAIL, h,
                               "listening on TCP%s%s without TLS; missing:%s (%s)",
                               wild ? ", " : "", wild ? wild : "", miss.data, where);
        }
        dd_buf_free(&miss);
        locate(fd, f, &hosts);
    }
    if (single)
        json_decref(single);
    if (ntcp)
        return;
    _cleanup_free_ char *w = why(f, &hosts);
    locate(add(r, c, DD_STATUS_INFO, "Docker daemon not listening on TCP (%s)", w), f, &hosts);
}

static void check_2_8(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "default-ulimits", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    /* Manual in CIS: whether the limits fit is a policy question, so INFO either way. */
    if (value_nonempty(s.value))
        locate(add(r, c, DD_STATUS_INFO, "default ulimits are set; review them (%s)", w), f, &s);
    else
        add(r, c, DD_STATUS_INFO, "Default ulimit doesn't appear to be set (%s)", w);
}

static void check_2_9(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    if (info_has(f, "SecurityOptions")) {
        bool on = info_secopt(f, "name=userns");
        add(r, c, on ? DD_STATUS_PASS : DD_STATUS_FAIL,
            "user namespace remapping is %s (docker info SecurityOptions)", on ? "on" : "off");
        bool cfg = f->daemon && value_nonempty(dd_daemon_get(f->daemon, "userns-remap").value);
        runtime_mismatch(c, f, r, "userns-remap", cfg != on,
                         cfg ? "userns-remap on" : "userns-remap off",
                         on ? "userns-remap on" : "userns-remap off");
        return;
    }
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "userns-remap", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    if (value_nonempty(s.value)) {
        locate(add(r, c, DD_STATUS_PASS, "user namespace remapping is on (%s)", w), f, &s);
        return;
    }
    if (info_secopt(f, "name=userns")) {
        add(r, c, DD_STATUS_PASS, "user namespaces are on (docker info SecurityOptions)");
        return;
    }
    locate(add(r, c, DD_STATUS_FAIL, "user namespace remapping is off (%s)", w), f, &s);
}

static void check_2_10(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "cgroup-parent", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    /* docker-bench's daemon.json test (`grep -v ''`) never matches, so a cgroup-parent
     * set in daemon.json goes unseen there. */
    if (value_nonempty(s.value))
        locate(add(r, c, DD_STATUS_FAIL,
                   "Confirm cgroup usage: a default cgroup parent is set (%s)", w),
               f, &s);
    else
        add(r, c, DD_STATUS_PASS, "the default cgroup parent is used (%s)", w);
}

static void check_2_11(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "storage-opts", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    size_t i;
    const json_t *v;
    json_array_foreach(s.value, i, v)
    {
        const char *o = json_string_value(v);
        if (o && strncmp(o, "dm.basesize", 11) == 0) {
            locate(add(r, c, DD_STATUS_FAIL, "base device size is changed: %s (%s)", o, w), f, &s);
            return;
        }
    }
    add(r, c, DD_STATUS_PASS, "base device size is not changed (%s)", w);
}

static void check_2_12(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    const json_t *plugins = info_get(f, "Plugins");
    if (json_is_object(plugins)) {
        /* null when there are none */
        const json_t *az = json_object_get(plugins, "Authorization");
        bool on = value_nonempty(az);
        _cleanup_free_ char *list = on ? dd_json_short(az) : NULL;
        if (on)
            add(r, c, DD_STATUS_PASS, "authorization plugins in use: %s (docker info)", list);
        else
            add(r, c, DD_STATUS_FAIL, "no authorization plugin (docker info)");
        bool cfg =
            f->daemon && value_nonempty(dd_daemon_get(f->daemon, "authorization-plugins").value);
        runtime_mismatch(c, f, r, "authorization-plugins", cfg != on,
                         cfg ? "an authorization plugin" : "no authorization plugin",
                         on ? "an authorization plugin" : "no authorization plugin");
        return;
    }
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "authorization-plugins", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    if (value_nonempty(s.value))
        locate(add(r, c, DD_STATUS_PASS, "an authorization plugin is configured (%s)", w), f, &s);
    else
        add(r, c, DD_STATUS_FAIL, "no authorization plugin (%s)", w);
}

static void check_2_13(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    const char *drv = json_string_value(info_get(f, "LoggingDriver"));
    _cleanup_free_ char *w = NULL;
    dd_setting s = {.key = "log-driver"};
    if (!drv) {
        if (config_broken(c, f, r) || !get(c, f, r, "log-driver", &s))
            return;
        drv = json_string_value(s.value);
        w = why(f, &s);
        if (!drv)
            drv = "json-file";
    } else {
        w = dd_xstrdup("docker info");
        const char *cfg = f->daemon ? dd_daemon_string(f->daemon, "log-driver", NULL) : NULL;
        if (!cfg || !*cfg)
            cfg = "json-file";
        _cleanup_free_ char *cw = dd_xasprintf("logging driver %s", cfg);
        _cleanup_free_ char *iw = dd_xasprintf("logging driver %s", drv);
        runtime_mismatch(c, f, r, "log-driver", strcmp(cfg, drv) != 0, cw, iw);
    }
    /* Local drivers keep logs on the host only. */
    bool local =
        strcmp(drv, "json-file") == 0 || strcmp(drv, "local") == 0 || strcmp(drv, "none") == 0;
    locate(add(r, c, local ? DD_STATUS_FAIL : DD_STATUS_PASS, "logging driver is %s (%s)", drv, w),
           f, &s);
}

static void check_2_14(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "no-new-privileges", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    if (json_is_true(s.value))
        locate(add(r, c, DD_STATUS_PASS, "no-new-privileges is the default (%s)", w), f, &s);
    else
        locate(add(r, c, DD_STATUS_FAIL, "containers may gain new privileges (%s)", w), f, &s);
}

static void check_2_15(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    const json_t *swarm = info_get(f, "Swarm");
    const char *st = json_string_value(json_object_get(swarm, "LocalNodeState"));
    if (st && strcmp(st, "active") == 0) {
        add(r, c, DD_STATUS_INFO, "swarm mode is active, and live restore is incompatible with it");
        return;
    }
    const json_t *lr = info_get(f, "LiveRestoreEnabled");
    if (json_is_boolean(lr)) {
        bool on = json_is_true(lr);
        add(r, c, on ? DD_STATUS_PASS : DD_STATUS_FAIL, "live restore is %s (docker info)",
            on_off(on));
        bool cfg = f->daemon && json_is_true(dd_daemon_get(f->daemon, "live-restore").value);
        _cleanup_free_ char *cw = dd_xasprintf("live restore %s", on_off(cfg));
        _cleanup_free_ char *iw = dd_xasprintf("live restore %s", on_off(on));
        runtime_mismatch(c, f, r, "live-restore", cfg != on, cw, iw);
        return;
    }
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "live-restore", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    if (json_is_true(s.value))
        locate(add(r, c, DD_STATUS_PASS, "live restore is enabled (%s)", w), f, &s);
    else
        locate(add(r, c, DD_STATUS_FAIL, "live restore is disabled (%s)", w), f, &s);
}

static void check_2_16(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "userland-proxy", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    /* A docker-proxy child of the daemon is the running fact; without one (no published
     * port yet) only the configuration can tell. */
    if (f->host && f->host->userland_proxies > 0) {
        add(r, c, DD_STATUS_FAIL,
            "the userland proxy is enabled: %d docker-proxy process%s of dockerd (pid %ld)",
            f->host->userland_proxies, f->host->userland_proxies == 1 ? "" : "es",
            f->host->dockerd_pid);
        mismatch_seen(c, f, r, "userland-proxy", json_is_false(s.value), "userland-proxy false",
                      "a userland proxy", "its docker-proxy children");
        return;
    }
    if (json_is_false(s.value))
        locate(add(r, c, DD_STATUS_PASS, "the userland proxy is disabled (%s)", w), f, &s);
    else
        locate(add(r, c, DD_STATUS_FAIL, "the userland proxy is enabled (%s)", w), f, &s);
}

static void check_2_17(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "seccomp-profile", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    const char *p = json_string_value(s.value);
    /* "unconfined" turns seccomp off for every container: not a matter of taste. */
    if (p && strcmp(p, "unconfined") == 0) {
        locate(add(r, c, DD_STATUS_FAIL, "seccomp is disabled for all containers (%s)", w), f, &s);
        return;
    }
    if (p && *p) {
        locate(add(r, c, DD_STATUS_INFO,
                   "a daemon-wide custom seccomp profile is applied: review "
                   "it (%s)",
                   w),
               f, &s);
        return;
    }
    if (info_secopt(f, "name=seccomp,profile=default"))
        add(r, c, DD_STATUS_INFO, "Docker's default seccomp profile is applied (docker info)");
    else
        add(r, c, DD_STATUS_INFO,
            "no custom seccomp profile (%s); Docker's default applies where "
            "the kernel supports seccomp",
            w);
}

static void check_2_18(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    /* docker-bench calls this deprecated for Docker > 19.03 and only prints INFO; the
     * setting still exists and still enables unstable features, so check it. */
    const json_t *ev = f->version ? json_object_get(f->version, "Experimental") : NULL;
    const json_t *ei = info_get(f, "ExperimentalBuild");
    if (json_is_true(ev) || json_is_true(ei)) {
        add(r, c, DD_STATUS_FAIL, "experimental features are enabled (docker %s)",
            json_is_true(ev) ? "version" : "info");
        return;
    }
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, "experimental", &s))
        return;
    _cleanup_free_ char *w = why(f, &s);
    if (json_is_true(s.value))
        locate(add(r, c, DD_STATUS_FAIL, "experimental features are enabled (%s)", w), f, &s);
    else
        locate(add(r, c, DD_STATUS_PASS, "experimental features are off (%s)", w), f, &s);
}

/* ---- section 3: files -------------------------------------------------------------- */

typedef struct file_rule {
    bool owner;          /* ownership check, else permissions */
    unsigned allowed;    /* permissions: the most permissive mode allowed */
    bool group_docker;   /* ownership root:<docker group> instead of root:root */
    const char *missing; /* INFO text when the file is absent */
} file_rule;

static void judge_file(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                       const dd_file_fact *ff, const file_rule *fr, const char *target)
{
    const dd_host_facts *h = f->host;
    dd_finding *fd;
    if (ff->masked) {
        fd = dd_report_add(r, &c->rule, DD_STATUS_SKIPPED, target,
                           "%s is masked (a link to /dev/null): the unit is not in use", ff->shown);
        set_path(fd, ff->shown, 0, 0);
        return;
    }
    if (ff->err) {
        fd = dd_report_add(r, &c->rule, DD_STATUS_ERROR, target, "cannot stat %s: %s", ff->shown,
                           dd_file_strerror(ff->err));
        set_path(fd, ff->shown, 0, 0);
        return;
    }
    if (!ff->exists) {
        dd_report_add(r, &c->rule, DD_STATUS_INFO, target, "%s: %s", fr->missing, ff->shown);
        return;
    }
    if (fr->owner) {
        const char *gname = fr->group_docker ? h->docker_group : "root";
        bool gid_ok;
        if (fr->group_docker)
            gid_ok = h->docker_group_exists && ff->gid == h->docker_gid;
        else
            gid_ok = ff->gid == 0;
        if (ff->uid == 0 && gid_ok)
            fd = dd_report_add(r, &c->rule, DD_STATUS_PASS, target, "%s is owned by root:%s",
                               ff->shown, gname);
        else if (fr->group_docker && !h->docker_group_exists)
            fd = dd_report_add(r, &c->rule, DD_STATUS_FAIL, target,
                               "Wrong ownership for %s: %u:%u, and there is no group '%s' in "
                               "%s/etc/group",
                               ff->shown, (unsigned)ff->uid, (unsigned)ff->gid, gname, h->root);
        else
            fd = dd_report_add(r, &c->rule, DD_STATUS_FAIL, target,
                               "Wrong ownership for %s: %u:%u, expected root:%s (0:%u)", ff->shown,
                               (unsigned)ff->uid, (unsigned)ff->gid, gname,
                               fr->group_docker ? (unsigned)h->docker_gid : 0u);
    } else {
        char have[8], want[8], extra[8];
        dd_mode_format(ff->mode, have, sizeof have);
        dd_mode_format(fr->allowed, want, sizeof want);
        if (dd_mode_at_most(ff->mode, fr->allowed)) {
            fd = dd_report_add(r, &c->rule, DD_STATUS_PASS, target, "%s has mode %s (at most %s)",
                               ff->shown, have, want);
        } else {
            dd_mode_format(dd_mode_excess(ff->mode, fr->allowed), extra, sizeof extra);
            fd = dd_report_add(r, &c->rule, DD_STATUS_FAIL, target,
                               "Wrong permissions for %s: mode %s grants %s beyond %s", ff->shown,
                               have, extra, want);
        }
    }
    set_path(fd, ff->shown, 0, 0);
}

#define FILE_CHECK(name, field, owner_, allowed_, docker_, missing_)                               \
    static void name(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)               \
    {                                                                                              \
        if (no_host_facts(c, f, r))                                                                \
            return;                                                                                \
        static const file_rule fr = {owner_, allowed_, docker_, missing_};                         \
        judge_file(c, f, r, &f->host->field, &fr, "host");                                         \
    }

FILE_CHECK(check_3_1, docker_service, true, 0, false, "File not found")
FILE_CHECK(check_3_2, docker_service, false, 0644, false, "File not found")
FILE_CHECK(check_3_3, docker_socket_unit, true, 0, false, "File not found")
FILE_CHECK(check_3_4, docker_socket_unit, false, 0644, false, "File not found")
FILE_CHECK(check_3_5, etc_docker, true, 0, false, "Directory not found")
FILE_CHECK(check_3_6, etc_docker, false, 0755, false, "Directory not found")
FILE_CHECK(check_3_17, daemon_json, true, 0, false, "File not found")
FILE_CHECK(check_3_18, daemon_json, false, 0644, false, "File not found")
FILE_CHECK(check_3_19, etc_default_docker, true, 0, false, "File not found")
FILE_CHECK(check_3_20, etc_default_docker, false, 0644, false, "File not found")
FILE_CHECK(check_3_21, etc_sysconfig_docker, false, 0644, false, "File not found")
FILE_CHECK(check_3_22, etc_sysconfig_docker, true, 0, false, "File not found")
FILE_CHECK(check_3_23, containerd_sock, true, 0, false, "File not found")
FILE_CHECK(check_3_24, containerd_sock, false, 0660, false, "File not found")

/* 3.7/3.8: every file below certs.d, one finding each. docker-bench only looks at *.crt
 * and reports the directory; client keys (client.key) matter at least as much. */
static void registry_certs(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                           const file_rule *fr)
{
    if (no_host_facts(c, f, r))
        return;
    const dd_host_facts *h = f->host;
    if (h->certs_d.err) {
        add(r, c, DD_STATUS_ERROR, "cannot stat %s: %s", h->certs_d.shown,
            strerror(h->certs_d.err));
        return;
    }
    if (!h->certs_d.exists) {
        add(r, c, DD_STATUS_INFO, "Directory not found: %s", h->certs_d.shown);
        return;
    }
    if (h->registry_certs_err)
        add(r, c, DD_STATUS_ERROR, "cannot read %s: %s", h->certs_d.shown,
            strerror(h->registry_certs_err));
    for (size_t i = 0; i < h->nregistry_certs; i++)
        judge_file(c, f, r, &h->registry_certs[i], fr, "host");
    if (!h->nregistry_certs && !h->registry_certs_err)
        add(r, c, DD_STATUS_PASS, "no certificate files in %s", h->certs_d.shown);
}

static void check_3_7(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    static const file_rule fr = {true, 0, false, "File not found"};
    registry_certs(c, f, r, &fr);
}

static void check_3_8(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    static const file_rule fr = {false, 0444, false, "File not found"};
    registry_certs(c, f, r, &fr);
}

/* 3.9-3.14: the TLS files named by the configuration (flag or daemon.json). */
static void tls_file(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                     const char *key, const dd_file_fact *ff, const file_rule *fr, const char *what)
{
    dd_setting s;
    if (config_broken(c, f, r) || !get(c, f, r, key, &s))
        return;
    if (!ff->path) {
        add(r, c, DD_STATUS_INFO, "No %s configured (%s not set)", what, key);
        return;
    }
    judge_file(c, f, r, ff, fr, "host");
}

#define TLS_CHECK(name, key, field, owner_, allowed_, what)                                        \
    static void name(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)               \
    {                                                                                              \
        if (no_host_facts(c, f, r))                                                                \
            return;                                                                                \
        static const file_rule fr = {owner_, allowed_, false, "No " what " found"};                \
        tls_file(c, f, r, key, &f->host->field, &fr, what);                                        \
    }

TLS_CHECK(check_3_9, "tlscacert", tlscacert, true, 0, "TLS CA certificate")
TLS_CHECK(check_3_10, "tlscacert", tlscacert, false, 0444, "TLS CA certificate")
TLS_CHECK(check_3_11, "tlscert", tlscert, true, 0, "TLS server certificate")
TLS_CHECK(check_3_12, "tlscert", tlscert, false, 0444, "TLS server certificate")
TLS_CHECK(check_3_13, "tlskey", tlskey, true, 0, "TLS key")
TLS_CHECK(check_3_14, "tlskey", tlskey, false, 0400, "TLS key")

/* 3.15/3.16: every unix socket dockerd listens on (default /var/run/docker.sock). */
static void docker_socks(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                         const file_rule *fr)
{
    if (config_broken(c, f, r))
        return;
    for (size_t i = 0; i < f->host->ndocker_socks; i++)
        judge_file(c, f, r, &f->host->docker_socks[i], fr, "host");
}

static void check_3_15(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    static const file_rule fr = {true, 0, true, "File not found"};
    docker_socks(c, f, r, &fr);
}

static void check_3_16(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)
{
    static const file_rule fr = {false, 0660, false, "File not found"};
    docker_socks(c, f, r, &fr);
}

/* ---- the table --------------------------------------------------------------------- */

#define AUDIT_REM(p)                                                                               \
    "Install auditd and add \"-w " p " -k docker\" to a file in /etc/audit/rules.d/, then "        \
    "load it (augenrules --load or restart auditd). `drydock harden --audit-rules FILE` "          \
    "writes every rule of section 1.1."
#define AUDIT_RAT                                                                                  \
    "The Docker daemon runs as root; changes to its binaries, configuration and state "            \
    "should leave an audit trail."

/* Every row reads the host facts (DD_BENCH_NEEDS_HOST); section 2 (and 1.1.1, 1.2.2) also
 * read what the running daemon states (DD_BENCH_READS_INFO). */
static const dd_bench_check rows[] = {
    /* 1.1 Linux Hosts Specific Configuration */
    {
        .rule = {.id = "CIS-1.1.1",
                 .title = "Ensure a separate partition for containers has been created",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = "Images and containers fill /var/lib/docker; on the root filesystem "
                              "they can make the host unusable.",
                 .remediation = "Create a separate partition (or logical volume) for the Docker "
                                "data root (/var/lib/docker by default) and mount it there.",
                 .cis = "1.1.1",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_1_1_1,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-1.1.2",
                 .title = "Ensure only trusted users are allowed to control Docker daemon",
                 .severity = DD_SEV_MEDIUM,
                 .group = "1.1",
                 .rationale = "Members of the docker group can start privileged containers: they "
                              "are root on the host.",
                 .remediation = "Remove untrusted users from the docker group (gpasswd -d USER "
                                "docker); add only trusted ones (usermod -aG docker USER).",
                 .cis = "1.1.2",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_1_1_2,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.3",
                 .title = "Ensure auditing is configured for the Docker daemon",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/usr/bin/dockerd"),
                 .cis = "1.1.3",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.4",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/run/containerd",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/run/containerd"),
                 .cis = "1.1.4",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.5",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/var/lib/docker",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/var/lib/docker"),
                 .cis = "1.1.5",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.6",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/etc/docker",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/etc/docker"),
                 .cis = "1.1.6",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.7",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "docker.service",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/lib/systemd/system/docker.service"),
                 .cis = "1.1.7",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.8",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "containerd.sock",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/run/containerd/containerd.sock"),
                 .cis = "1.1.8",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.9",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "docker.socket",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/lib/systemd/system/docker.socket"),
                 .cis = "1.1.9",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.10",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/etc/default/docker",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/etc/default/docker"),
                 .cis = "1.1.10",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.11",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/etc/docker/daemon.json",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/etc/docker/daemon.json"),
                 .cis = "1.1.11",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.12",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/etc/containerd/config.toml",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/etc/containerd/config.toml"),
                 .cis = "1.1.12",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.13",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/etc/sysconfig/docker",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/etc/sysconfig/docker"),
                 .cis = "1.1.13",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.14",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/usr/bin/containerd",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/usr/bin/containerd"),
                 .cis = "1.1.14",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.15",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/usr/bin/containerd-shim",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/usr/bin/containerd-shim"),
                 .cis = "1.1.15",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.16",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/usr/bin/containerd-shim-runc-v1",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/usr/bin/containerd-shim-runc-v1"),
                 .cis = "1.1.16",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.17",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/usr/bin/containerd-shim-runc-v2",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/usr/bin/containerd-shim-runc-v2"),
                 .cis = "1.1.17",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-1.1.18",
                 .title = "Ensure auditing is configured for Docker files and directories - "
                          "/usr/bin/runc",
                 .severity = DD_SEV_LOW,
                 .group = "1.1",
                 .rationale = AUDIT_RAT,
                 .remediation = AUDIT_REM("/usr/bin/runc"),
                 .cis = "1.1.18",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_audit,
        .needs = DD_BENCH_NEEDS_HOST,
    },

    /* 1.2 General Configuration */
    {
        .rule = {.id = "CIS-1.2.1",
                 .title = "Ensure the container host has been Hardened",
                 .severity = DD_SEV_INFO,
                 .group = "1.2",
                 .rationale = "Containers share the host kernel: a weak host weakens every "
                              "container.",
                 .remediation = "Harden the host with a benchmark for its operating system (for "
                                "example the CIS benchmark for the distribution), and keep it "
                                "patched.",
                 .cis = "1.2.1",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .needs = DD_BENCH_NEEDS_HOST,
        .audit = "Check the host against a hardening guide for its operating system (CIS "
                 "distribution benchmark, lynis audit system).",
    },
    {
        .rule = {.id = "CIS-1.2.2",
                 .title = "Ensure that the version of Docker is up to date",
                 .severity = DD_SEV_INFO,
                 .group = "1.2",
                 .rationale = "Old Docker releases carry known vulnerabilities.",
                 .remediation = "Follow Docker's releases and your vendor's security updates; "
                                "update as your change process allows.",
                 .cis = "1.2.2",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = check_1_2_2,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
        .audit = "Compare `docker version` with the releases your vendor supports.",
    },

    /* 2 Docker daemon configuration */
    {
        .rule = {.id = "CIS-2.1",
                 .title = "Run the Docker daemon as a non-root user, if possible",
                 .severity = DD_SEV_INFO,
                 .group = "2",
                 .rationale = "A rootless daemon limits what a daemon or container escape can "
                              "reach.",
                 .remediation = "Where the workloads allow it, install Docker in rootless mode "
                                "(dockerd-rootless-setuptool.sh install) as described in Docker's "
                                "documentation.",
                 .cis = "2.1",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL | DD_RULE_LEVEL2},
        .fn = check_2_1,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
        .audit = "Check whether dockerd runs as root (ps -o user= -C dockerd) and whether rootless "
                 "mode fits your workloads.",
    },
    {
        .rule = {.id = "CIS-2.2",
                 .title = "Ensure network traffic is restricted between containers on the default "
                          "bridge",
                 .severity = DD_SEV_MEDIUM,
                 .group = "2",
                 .rationale = "By default every container on the default bridge can reach every "
                              "other one.",
                 .remediation = "Set \"icc\": false in /etc/docker/daemon.json (or run dockerd "
                                "--icc=false) and link containers that must talk through "
                                "user-defined networks.",
                 .cis = "2.2",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_2_2,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.3",
                 .title = "Ensure the logging level is set to 'info'",
                 .severity = DD_SEV_LOW,
                 .group = "2",
                 .rationale = "info records what an audit needs; debug records far more, including "
                              "sensitive data.",
                 .remediation = "Set \"log-level\": \"info\" in daemon.json (or dockerd "
                                "--log-level=info), or leave it unset; do not enable debug.",
                 .cis = "2.3",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_2_3,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.4",
                 .title = "Ensure Docker is allowed to make changes to iptables",
                 .severity = DD_SEV_MEDIUM,
                 .group = "2",
                 .rationale = "Docker keeps the firewall consistent with container networking only "
                              "when it may manage iptables.",
                 .remediation = "Do not run dockerd with --iptables=false or \"iptables\": false.",
                 .cis = "2.4",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_2_4,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.5",
                 .title = "Ensure insecure registries are not used",
                 .severity = DD_SEV_HIGH,
                 .group = "2",
                 .rationale = "An insecure registry is reached without TLS verification: images "
                              "can be replaced in transit.",
                 .remediation = "Remove --insecure-registry flags and \"insecure-registries\" from "
                                "daemon.json; give registries valid TLS certificates.",
                 .cis = "2.5",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_2_5,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.6",
                 .title = "Ensure aufs storage driver is not used",
                 .severity = DD_SEV_MEDIUM,
                 .group = "2",
                 .rationale = "aufs is unmaintained, has known kernel crashes and is removed from "
                              "current Docker.",
                 .remediation = "Use overlay2 (or another supported driver): do not start dockerd "
                                "with --storage-driver aufs.",
                 .cis = "2.6",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_2_6,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.7",
                 .title = "Ensure TLS authentication for Docker daemon is configured",
                 .severity = DD_SEV_CRITICAL,
                 .group = "2",
                 .rationale = "Whoever reaches a TCP socket without TLS client verification "
                              "controls the daemon, and so the host.",
                 .remediation = "Listen only on the unix socket, or set tlsverify, tlscacert, "
                                "tlscert and tlskey (flags or daemon.json) for every tcp:// host, "
                                "as in Docker's \"Protect the Docker daemon socket\".",
                 .cis = "2.7",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_2_7,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.8",
                 .title = "Ensure the default ulimit is configured appropriately",
                 .severity = DD_SEV_LOW,
                 .group = "2",
                 .rationale = "Default ulimits keep one container from exhausting host resources.",
                 .remediation = "Set default ulimits that fit your policy: \"default-ulimits\" in "
                                "daemon.json or dockerd --default-ulimit nofile=1024:2048.",
                 .cis = "2.8",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL},
        .fn = check_2_8,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
        .audit = "Review the daemon's default-ulimits against your policy.",
    },
    {
        .rule = {.id = "CIS-2.9",
                 .title = "Enable user namespace support",
                 .severity = DD_SEV_MEDIUM,
                 .group = "2",
                 .rationale = "With user namespaces, root in a container is an unprivileged user "
                              "on the host.",
                 .remediation = "Create /etc/subuid and /etc/subgid entries and set "
                                "\"userns-remap\": \"default\" in daemon.json (or dockerd "
                                "--userns-remap=default).",
                 .cis = "2.9",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_2_9,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.10",
                 .title = "Ensure the default cgroup usage has been confirmed",
                 .severity = DD_SEV_LOW,
                 .group = "2",
                 .rationale = "A non-default cgroup parent moves every container's resource limits "
                              "elsewhere.",
                 .remediation = "Leave cgroup-parent unset unless needed; if it is set, confirm "
                                "the cgroup and its limits are intended.",
                 .cis = "2.10",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_2_10,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.11",
                 .title = "Ensure base device size is not changed until needed",
                 .severity = DD_SEV_LOW,
                 .group = "2",
                 .rationale = "A larger base device size can let containers fill the host's "
                              "storage.",
                 .remediation = "Remove dm.basesize from --storage-opt / \"storage-opts\" until it "
                                "is needed.",
                 .cis = "2.11",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_2_11,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.12",
                 .title = "Ensure that authorization for Docker client commands is enabled",
                 .severity = DD_SEV_MEDIUM,
                 .group = "2",
                 .rationale = "Without an authorization plugin anyone who reaches the daemon can "
                              "run any command.",
                 .remediation = "Install an authorization plugin and start dockerd with "
                                "--authorization-plugin=PLUGIN or \"authorization-plugins\" in "
                                "daemon.json.",
                 .cis = "2.12",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_2_12,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.13",
                 .title = "Ensure centralized and remote logging is configured",
                 .severity = DD_SEV_LOW,
                 .group = "2",
                 .rationale = "Logs kept only on the host can be lost or erased by whoever "
                              "compromises it.",
                 .remediation = "Use a remote logging driver (syslog, journald forwarding, "
                                "fluentd, gelf, ...): \"log-driver\" and \"log-opts\" in "
                                "daemon.json.",
                 .cis = "2.13",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED | DD_RULE_LEVEL2},
        .fn = check_2_13,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.14",
                 .title = "Ensure containers are restricted from acquiring new privileges",
                 .severity = DD_SEV_MEDIUM,
                 .group = "2",
                 .rationale = "setuid binaries in a container can otherwise raise a process's "
                              "privileges.",
                 .remediation = "Set \"no-new-privileges\": true in daemon.json (or dockerd "
                                "--no-new-privileges).",
                 .cis = "2.14",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_2_14,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.15",
                 .title = "Ensure live restore is enabled",
                 .severity = DD_SEV_LOW,
                 .group = "2",
                 .rationale = "Containers keep running while the daemon is restarted or upgraded.",
                 .remediation = "Set \"live-restore\": true in daemon.json (or dockerd "
                                "--live-restore).",
                 .cis = "2.15",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_2_15,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.16",
                 .title = "Ensure Userland Proxy is Disabled",
                 .severity = DD_SEV_LOW,
                 .group = "2",
                 .rationale = "The userland proxy is an extra process per published port and more "
                              "attack surface than hairpin NAT.",
                 .remediation = "Set \"userland-proxy\": false in daemon.json (or dockerd "
                                "--userland-proxy=false).",
                 .cis = "2.16",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_2_16,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },
    {
        .rule = {.id = "CIS-2.17",
                 .title = "Ensure that a daemon-wide custom seccomp profile is applied if "
                          "appropriate",
                 .severity = DD_SEV_MEDIUM,
                 .group = "2",
                 .rationale = "seccomp limits the system calls containers can make; never turn it "
                              "off daemon-wide.",
                 .remediation = "Keep Docker's default profile or set \"seccomp-profile\" in "
                                "daemon.json to a reviewed profile; never \"unconfined\".",
                 .cis = "2.17",
                 .url = CIS_URL,
                 .flags = DD_RULE_MANUAL | DD_RULE_LEVEL2},
        .fn = check_2_17,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
        .audit = "Review which seccomp profile the daemon applies (docker info --format "
                 "'{{.SecurityOptions}}').",
    },
    {
        .rule = {.id = "CIS-2.18",
                 .title = "Ensure that experimental features are not implemented in production",
                 .severity = DD_SEV_LOW,
                 .group = "2",
                 .rationale = "Experimental features are not stable and not supported.",
                 .remediation = "Do not run dockerd with --experimental or \"experimental\": true "
                                "in production.",
                 .cis = "2.18",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_2_18,
        .needs = DD_BENCH_NEEDS_HOST | DD_BENCH_READS_INFO,
    },

    /* 3 Docker daemon configuration files */
    {
        .rule = {.id = "CIS-3.1",
                 .title = "Ensure that the docker.service file ownership is set to root:root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "docker.service decides how the daemon starts; only root may change "
                              "it.",
                 .remediation = "chown root:root on the docker.service unit (systemctl show -p "
                                "FragmentPath docker.service).",
                 .cis = "3.1",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_1,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.2",
                 .title = "Ensure that docker.service file permissions are appropriately set",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "docker.service decides how the daemon starts; only root may write "
                              "it.",
                 .remediation = "chmod 644 on the docker.service unit.",
                 .cis = "3.2",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_2,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.3",
                 .title = "Ensure that docker.socket file ownership is set to root:root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "docker.socket decides who can reach the daemon; only root may "
                              "change it.",
                 .remediation = "chown root:root on the docker.socket unit (systemctl show -p "
                                "FragmentPath docker.socket).",
                 .cis = "3.3",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_3,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.4",
                 .title = "Ensure that docker.socket file permissions are set to 644 or more "
                          "restrictive",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "docker.socket decides who can reach the daemon; only root may write "
                              "it.",
                 .remediation = "chmod 644 on the docker.socket unit.",
                 .cis = "3.4",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_4,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.5",
                 .title = "Ensure that the /etc/docker directory ownership is set to root:root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "/etc/docker holds the daemon configuration and TLS material.",
                 .remediation = "chown root:root /etc/docker",
                 .cis = "3.5",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_5,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.6",
                 .title = "Ensure that /etc/docker directory permissions are set to 755 or more "
                          "restrictively",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "/etc/docker holds the daemon configuration and TLS material; only "
                              "root may write it.",
                 .remediation = "chmod 755 /etc/docker",
                 .cis = "3.6",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_6,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.7",
                 .title = "Ensure that registry certificate file ownership is set to root:root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "Registry certificates decide which registries the daemon trusts.",
                 .remediation = "chown root:root /etc/docker/certs.d/<registry>/*",
                 .cis = "3.7",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_7,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.8",
                 .title = "Ensure that registry certificate file permissions are set to 444 or "
                          "more restrictively",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "Registry certificates decide which registries the daemon trusts; "
                              "nobody may change them.",
                 .remediation = "chmod 444 /etc/docker/certs.d/<registry>/*",
                 .cis = "3.8",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_8,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.9",
                 .title = "Ensure that TLS CA certificate file ownership is set to root:root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "The CA certificate decides which clients may control the daemon.",
                 .remediation = "chown root:root on the file named by tlscacert.",
                 .cis = "3.9",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_9,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.10",
                 .title = "Ensure that TLS CA certificate file permissions are set to 444 or more "
                          "restrictively",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "The CA certificate decides which clients may control the daemon; "
                              "nobody may change it.",
                 .remediation = "chmod 444 on the file named by tlscacert.",
                 .cis = "3.10",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_10,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.11",
                 .title = "Ensure that Docker server certificate file ownership is set to "
                          "root:root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "The server certificate identifies the daemon to clients.",
                 .remediation = "chown root:root on the file named by tlscert.",
                 .cis = "3.11",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_11,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.12",
                 .title = "Ensure that the Docker server certificate file permissions are set to "
                          "444 or more restrictively",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "The server certificate identifies the daemon to clients; nobody may "
                              "change it.",
                 .remediation = "chmod 444 on the file named by tlscert.",
                 .cis = "3.12",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_12,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.13",
                 .title = "Ensure that the Docker server certificate key file ownership is set to "
                          "root:root",
                 .severity = DD_SEV_HIGH,
                 .group = "3",
                 .rationale = "Whoever holds the server key can impersonate the daemon.",
                 .remediation = "chown root:root on the file named by tlskey.",
                 .cis = "3.13",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_13,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.14",
                 .title = "Ensure that the Docker server certificate key file permissions are set "
                          "to 400",
                 .severity = DD_SEV_HIGH,
                 .group = "3",
                 .rationale = "Whoever can read the server key can impersonate the daemon.",
                 .remediation = "chmod 400 on the file named by tlskey.",
                 .cis = "3.14",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_14,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.15",
                 .title = "Ensure that the Docker socket file ownership is set to root:docker",
                 .severity = DD_SEV_HIGH,
                 .group = "3",
                 .rationale = "Access to the Docker socket is root on the host; only root and the "
                              "docker group may have it.",
                 .remediation = "chown root:docker /var/run/docker.sock (and every other unix "
                                "socket in hosts).",
                 .cis = "3.15",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_15,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.16",
                 .title = "Ensure that the Docker socket file permissions are set to 660 or more "
                          "restrictively",
                 .severity = DD_SEV_HIGH,
                 .group = "3",
                 .rationale = "Access to the Docker socket is root on the host; others must not "
                              "have it.",
                 .remediation = "chmod 660 /var/run/docker.sock (and every other unix socket in "
                                "hosts).",
                 .cis = "3.16",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_16,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.17",
                 .title = "Ensure that the daemon.json file ownership is set to root:root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "daemon.json configures the daemon.",
                 .remediation = "chown root:root /etc/docker/daemon.json",
                 .cis = "3.17",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_17,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.18",
                 .title = "Ensure that daemon.json file permissions are set to 644 or more "
                          "restrictive",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "daemon.json configures the daemon; only root may write it.",
                 .remediation = "chmod 644 /etc/docker/daemon.json",
                 .cis = "3.18",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_18,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.19",
                 .title = "Ensure that the /etc/default/docker file ownership is set to root:root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "/etc/default/docker can pass options to the daemon.",
                 .remediation = "chown root:root /etc/default/docker",
                 .cis = "3.19",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_19,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.20",
                 .title = "Ensure that the /etc/default/docker file permissions are set to 644 or "
                          "more restrictively",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "/etc/default/docker can pass options to the daemon; only root may "
                              "write it.",
                 .remediation = "chmod 644 /etc/default/docker",
                 .cis = "3.20",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_20,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.21",
                 .title = "Ensure that the /etc/sysconfig/docker file permissions are set to 644 "
                          "or more restrictively",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "/etc/sysconfig/docker can pass options to the daemon; only root may "
                              "write it.",
                 .remediation = "chmod 644 /etc/sysconfig/docker",
                 .cis = "3.21",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_21,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.22",
                 .title = "Ensure that the /etc/sysconfig/docker file ownership is set to "
                          "root:root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "3",
                 .rationale = "/etc/sysconfig/docker can pass options to the daemon.",
                 .remediation = "chown root:root /etc/sysconfig/docker",
                 .cis = "3.22",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_22,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.23",
                 .title = "Ensure that the Containerd socket file ownership is set to root:root",
                 .severity = DD_SEV_HIGH,
                 .group = "3",
                 .rationale = "Access to containerd's socket bypasses Docker entirely and is root "
                              "on the host.",
                 .remediation = "chown root:root /run/containerd/containerd.sock",
                 .cis = "3.23",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_23,
        .needs = DD_BENCH_NEEDS_HOST,
    },
    {
        .rule = {.id = "CIS-3.24",
                 .title = "Ensure that the Containerd socket file permissions are set to 660 or "
                          "more restrictively",
                 .severity = DD_SEV_HIGH,
                 .group = "3",
                 .rationale = "Access to containerd's socket bypasses Docker entirely and is root "
                              "on the host.",
                 .remediation = "chmod 660 /run/containerd/containerd.sock",
                 .cis = "3.24",
                 .url = CIS_URL,
                 .flags = DD_RULE_SCORED},
        .fn = check_3_24,
        .needs = DD_BENCH_NEEDS_HOST,
    },
};

const dd_rule_table dd_bench_host_table =
    DD_RULE_TABLE("bench", "CIS Docker Benchmark 1.6.0", rows);
