#include "bench/harden.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/daemon_config.h"
#include "bench/host.h"
#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"

static dd_harden_change *add_change(dd_harden_plan *p, const char *key, dd_harden_action a,
                                    const json_t *old, const json_t *nv, const char *cis,
                                    const char *why)
{
    p->changes = dd_xrealloc(p->changes, (p->nchanges + 1) * sizeof *p->changes);
    dd_harden_change *c = &p->changes[p->nchanges++];
    memset(c, 0, sizeof *c);
    c->key = dd_xstrdup(key);
    c->action = a;
    c->old_value = old ? json_dumps(old, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    c->new_value = nv ? json_dumps(nv, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    c->cis = cis;
    c->why = dd_xstrdup(why);
    return c;
}

/* What a hardened value is. `better` says whether the current value already is at least
 * as strict (then it is kept). */
typedef bool (*ok_fn)(const json_t *cur);

static bool is_false(const json_t *v)
{
    return json_is_false(v);
}
static bool is_true(const json_t *v)
{
    return json_is_true(v);
}
static bool is_info(const json_t *v)
{
    return json_is_string(v) && strcmp(json_string_value(v), "info") == 0;
}
static bool nonempty_string(const json_t *v)
{
    return json_is_string(v) && json_string_length(v) > 0;
}

static const struct setting {
    const char *key;
    const char *value_json; /* the hardened value */
    ok_fn ok;
    const char *cis;
    const char *why;
} settings[] = {
    {"icc", "false", is_false, "2.2",
     "containers on the default bridge can no longer reach each other; link the ones that "
     "must talk through a user-defined network"},
    {"userns-remap", "\"default\"", nonempty_string, "2.9",
     "root in a container maps to an unprivileged host user (dockremap, from /etc/subuid and "
     "/etc/subgid). Existing images and containers live under a new data-root subdirectory "
     "and are not visible until pulled/created again; --privileged and host namespaces need "
     "--userns=host"},
    {"live-restore", "true", is_true, "2.15",
     "containers keep running while dockerd restarts or is upgraded (not supported in swarm "
     "mode)"},
    {"no-new-privileges", "true", is_true, "2.14",
     "processes in containers cannot gain privileges through setuid/setgid binaries unless a "
     "container opts out"},
    {"log-level", "\"info\"", is_info, "2.3",
     "info records what an audit needs without debug output's sensitive detail"},
    {"userland-proxy", "false", is_false, "2.16",
     "published ports use iptables hairpin NAT instead of one docker-proxy process per port"},
};

/* Keys whose present value weakens security and which have no universally safe value:
 * removed so dockerd's secure default applies. */
static const struct weak {
    const char *key;
    bool (*weak)(const json_t *v);
    const char *cis;
    const char *why;
} weak_keys[] = {
    {"iptables", is_false, "2.4",
     "Docker must manage iptables to keep the firewall consistent with container networking"},
    {"debug", is_true, "2.3", "debug logging records sensitive detail"},
    {"experimental", is_true, "2.18", "experimental features are not for production"},
};

static bool nonempty(const json_t *v)
{
    return (json_is_array(v) && json_array_size(v) > 0) ||
           (json_is_object(v) && json_object_size(v) > 0) || nonempty_string(v);
}

static bool is_unconfined(const json_t *v)
{
    return json_is_string(v) && strcmp(json_string_value(v), "unconfined") == 0;
}

static const struct weak weak_keys2[] = {
    {"insecure-registries", nonempty, "2.5",
     "insecure registries are reached without TLS verification; give them certificates "
     "(/etc/docker/certs.d/<registry>/ca.crt) instead"},
    {"seccomp-profile", is_unconfined, "2.17",
     "\"unconfined\" turns seccomp off for every container; Docker's default profile applies "
     "instead"},
};

static bool is_tcp(const char *h)
{
    return strncmp(h, "tcp://", 6) == 0 || (!strstr(h, "://") && strchr(h, ':'));
}

/* Settings a human has to provide: reported, never invented. */
static void advice(dd_harden_plan *p, const dd_bench_facts *f, const json_t *cfg)
{
    const dd_daemon_config *d = f->daemon;
    dd_setting hosts = dd_daemon_get(d, "hosts");
    dd_setting verify = dd_daemon_get(d, "tlsverify");
    size_t i;
    const json_t *h;
    json_array_foreach(hosts.value, i, h)
    {
        const char *s = json_string_value(h);
        if (s && is_tcp(s) && !json_is_true(verify.value)) {
            _cleanup_free_ char *w = dd_xasprintf(
                "%s is a TCP listener without TLS client verification: set \"tlsverify\": true, "
                "\"tlscacert\", \"tlscert\" and \"tlskey\" with your certificates, or listen on "
                "the unix socket only",
                s);
            add_change(p, "hosts", DD_HARDEN_ADVICE, hosts.value, NULL, "2.7", w);
            break;
        }
    }
    const char *ld = dd_daemon_string(d, "log-driver", NULL);
    if (!ld || strcmp(ld, "json-file") == 0 || strcmp(ld, "local") == 0)
        add_change(p, "log-driver", DD_HARDEN_ADVICE, json_object_get(cfg, "log-driver"), NULL,
                   "2.13",
                   "logs stay on this host; choose a remote driver (syslog, fluentd, gelf...) "
                   "with \"log-driver\" and \"log-opts\" for your log server");
    if (!nonempty(dd_daemon_get(d, "authorization-plugins").value))
        add_change(p, "authorization-plugins", DD_HARDEN_ADVICE, NULL, NULL, "2.12",
                   "anyone who reaches the daemon can run any command; install an authorization "
                   "plugin and list it in \"authorization-plugins\"");
    const char *sd = dd_daemon_string(d, "storage-driver", NULL);
    if (sd && strcmp(sd, "aufs") == 0)
        add_change(p, "storage-driver", DD_HARDEN_ADVICE, json_object_get(cfg, "storage-driver"),
                   NULL, "2.6",
                   "aufs is deprecated; move to overlay2 after exporting what you need (images "
                   "and containers of one driver are invisible to another)");
}

/* A file named on the command line: resolved from the current directory, as the user
 * meant it, so inside "/". */
static dd_harden_file user_file(const char *path)
{
    if (path[0] == '/')
        return (dd_harden_file){dd_xstrdup(""), dd_xstrdup(path)};
    _cleanup_free_ char *cwd = getcwd(NULL, 0);
    return (dd_harden_file){dd_xstrdup(""), dd_xasprintf("%s/%s", cwd ? cwd : ".", path)};
}

int dd_harden_build(const dd_bench_facts *f, const char *daemon_json, const char *audit_rules_path,
                    dd_harden_plan *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    if (!f->host || !f->daemon)
        return dd_error_set(e, DD_ERR_RUN, 0, "host facts were not gathered");
    const dd_host_facts *h = f->host;
    dd_daemon_config *d = f->daemon;

    /* --daemon-json FILE replaces the file in the gathered configuration. */
    if (daemon_json) {
        dd_daemon_config_read_file(d, daemon_json, -1, daemon_json);
        dd_daemon_config_merge(d);
    }
    if (!dd_daemon_config_ok(d))
        return dd_error_set(e, DD_ERR_INPUT, d->file_errno, "%s", d->file_error);

    out->daemon_json_path = dd_xstrdup(daemon_json ? daemon_json : d->file);
    out->daemon_json_file =
        daemon_json ? user_file(daemon_json)
                    : (dd_harden_file){dd_xstrdup(h->root), dd_xstrdup(h->daemon_json.path)};
    out->daemon_json_exists = d->file_exists;
    json_t *cfg = d->file_json ? json_deep_copy(d->file_json) : json_object();
    out->config = cfg;

    for (size_t i = 0; i < DD_ARRAY_LEN(settings); i++) {
        const struct setting *s = &settings[i];
        json_t *want = json_loads(s->value_json, JSON_DECODE_ANY, NULL);
        const json_t *flag = json_object_get(d->flags, s->key);
        const json_t *cur = json_object_get(cfg, s->key);
        if (flag) {
            /* Adding it to daemon.json would stop dockerd from starting. */
            if (s->ok(flag)) {
                add_change(out, s->key, DD_HARDEN_FLAG, flag, NULL, s->cis,
                           "already hardened on the dockerd command line; not repeated in "
                           "daemon.json (dockerd refuses a setting given in both)");
            } else {
                _cleanup_free_ char *w = dd_xasprintf(
                    "set on the dockerd command line (%s): change it there to %s; %s",
                    d->args_source ? d->args_source : "dockerd", s->value_json, s->why);
                add_change(out, s->key, DD_HARDEN_FLAG, flag, want, s->cis, w);
            }
        } else if (cur && s->ok(cur)) {
            add_change(out, s->key, DD_HARDEN_KEEP, cur, NULL, s->cis, s->why);
        } else {
            add_change(out, s->key, cur ? DD_HARDEN_CHANGE : DD_HARDEN_ADD, cur, want, s->cis,
                       s->why);
            json_object_set(cfg, s->key, want);
            out->changed = true;
        }
        json_decref(want);
    }
    const struct weak *lists[] = {weak_keys, weak_keys2};
    size_t lens[] = {DD_ARRAY_LEN(weak_keys), DD_ARRAY_LEN(weak_keys2)};
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lens[l]; i++) {
            const struct weak *w = &lists[l][i];
            const json_t *flag = json_object_get(d->flags, w->key);
            json_t *cur = json_object_get(cfg, w->key);
            if (flag && w->weak(flag)) {
                _cleanup_free_ char *why =
                    dd_xasprintf("set on the dockerd command line (%s): remove it there; %s",
                                 d->args_source ? d->args_source : "dockerd", w->why);
                add_change(out, w->key, DD_HARDEN_FLAG, flag, NULL, w->cis, why);
            }
            if (cur && w->weak(cur)) {
                add_change(out, w->key, DD_HARDEN_REMOVE, cur, NULL, w->cis, w->why);
                json_object_del(cfg, w->key);
                out->changed = true;
            }
        }
    advice(out, f, cfg);

    static const char rules[] = "/etc/audit/rules.d/docker.rules";
    out->audit_rules_path =
        audit_rules_path ? dd_xstrdup(audit_rules_path) : dd_xasprintf("%s%s", h->root, rules);
    out->audit_rules_file = audit_rules_path
                                ? user_file(audit_rules_path)
                                : (dd_harden_file){dd_xstrdup(h->root), dd_xstrdup(rules)};
    out->audit_rules = dd_harden_audit_rules(f);
    return 0;
}

void dd_harden_plan_free(dd_harden_plan *p)
{
    free(p->daemon_json_path);
    if (p->config)
        json_decref(p->config);
    for (size_t i = 0; i < p->nchanges; i++) {
        free(p->changes[i].key);
        free(p->changes[i].old_value);
        free(p->changes[i].new_value);
        free(p->changes[i].why);
    }
    free(p->changes);
    free(p->audit_rules_path);
    free(p->audit_rules);
    dd_harden_file *files[] = {&p->daemon_json_file, &p->audit_rules_file};
    for (size_t i = 0; i < DD_ARRAY_LEN(files); i++) {
        free(files[i]->root);
        free(files[i]->path);
    }
    memset(p, 0, sizeof *p);
}

/* auditctl can watch a missing file as long as its directory exists. */
static bool parent_exists(const dd_host_facts *h, const char *path)
{
    _cleanup_free_ char *dir = dd_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return false;
    slash[slash == dir ? 1 : 0] = '\0';
    struct stat st;
    return dd_rootfile_stat(h->rootfd, dir, DD_RF_IN_ROOT, &st) == 0 && S_ISDIR(st.st_mode);
}

char *dd_harden_audit_rules(const dd_bench_facts *f)
{
    const dd_host_facts *h = f->host;
    dd_buf b = DD_BUF_INIT;
    dd_buf_puts(&b, "# Docker audit rules, CIS Docker Benchmark 1.6.0 section 1.1 "
                    "(written by drydock harden).\n"
                    "# Load with: augenrules --load   Check with: auditctl -l | grep docker\n");
    const struct {
        const char *cis;
        const char *path;
    } targets[] = {
        {"1.1.3", "/usr/bin/dockerd"},
        {"1.1.4", "/run/containerd"},
        {"1.1.5", h->data_root ? h->data_root : "/var/lib/docker"},
        {"1.1.6", "/etc/docker"},
        {"1.1.7", h->docker_service.exists ? h->docker_service.path
                                           : "/usr/lib/systemd/system/docker.service"},
        {"1.1.8", "/run/containerd/containerd.sock"},
        {"1.1.9", h->docker_socket_unit.exists ? h->docker_socket_unit.path
                                               : "/usr/lib/systemd/system/docker.socket"},
        {"1.1.10", "/etc/default/docker"},
        {"1.1.11", h->daemon_json.path ? h->daemon_json.path : "/etc/docker/daemon.json"},
        {"1.1.12", "/etc/containerd/config.toml"},
        {"1.1.13", "/etc/sysconfig/docker"},
        {"1.1.14", "/usr/bin/containerd"},
        {"1.1.15", "/usr/bin/containerd-shim"},
        {"1.1.16", "/usr/bin/containerd-shim-runc-v1"},
        {"1.1.17", "/usr/bin/containerd-shim-runc-v2"},
        {"1.1.18", "/usr/bin/runc"},
    };
    for (size_t i = 0; i < DD_ARRAY_LEN(targets); i++) {
        bool ok = parent_exists(h, targets[i].path);
        /* auditctl -R has no trailing comments: the reference goes on its own line. */
        dd_buf_printf(&b, "# CIS %s%s\n%s-w %s -k docker\n", targets[i].cis,
                      ok ? "" : " (its directory does not exist on this host)", ok ? "" : "# ",
                      targets[i].path);
    }
    return dd_buf_steal(&b);
}

static const char *action_name(dd_harden_action a)
{
    static const char *const n[] = {"add", "change", "remove", "keep", "advice", "flag"};
    return n[a];
}

json_t *dd_harden_plan_json(const dd_harden_plan *p)
{
    json_t *changes = json_array();
    for (size_t i = 0; i < p->nchanges; i++) {
        const dd_harden_change *c = &p->changes[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "key", c->key, "action",
                              action_name(c->action), "cis", c->cis, "why", c->why);
        if (c->old_value)
            json_object_set_new(o, "old", json_loads(c->old_value, JSON_DECODE_ANY, NULL));
        if (c->new_value)
            json_object_set_new(o, "new", json_loads(c->new_value, JSON_DECODE_ANY, NULL));
        json_array_append_new(changes, o);
    }
    return json_pack("{s:{s:s, s:O, s:b}, s:o, s:{s:s, s:s}}", "daemon_json", "path",
                     p->daemon_json_path, "config", p->config, "changed", p->changed, "changes",
                     changes, "audit_rules", "path", p->audit_rules_path, "text", p->audit_rules);
}

static int write_file(const dd_harden_file *hf, const char *data, size_t len, mode_t mode,
                      bool backup, dd_error *e)
{
    _cleanup_close_ int root = dd_rootfile_dir(hf->root);
    if (root < 0)
        return dd_error_sys(e, errno, "%s", *hf->root ? hf->root : "/");
    if (dd_rootfile_replace(root, hf->path, data, len, mode, backup, e) < 0)
        return *hf->root ? dd_error_prefix(e, "--root %s", hf->root) : -1;
    return 0;
}

int dd_harden_write(const dd_harden_plan *p, dd_error *e)
{
    if (p->changed || !p->daemon_json_exists) {
        _cleanup_free_ char *text = json_dumps(p->config, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (!text)
            return dd_error_set(e, DD_ERR_RUN, 0, "cannot encode the hardened configuration");
        size_t n = strlen(text);
        _cleanup_free_ char *withnl = dd_xasprintf("%s\n", text);
        if (write_file(&p->daemon_json_file, withnl, n + 1, 0644, true, e) < 0)
            return -1;
    }
    return write_file(&p->audit_rules_file, p->audit_rules, strlen(p->audit_rules), 0640, false, e);
}
