/* The compose/Kubernetes rule table. Each row implements one CIS Docker Benchmark 1.6.0
 * section 5 check (the `cis` column) and/or one Pod Security Standards control (the
 * alias, "PSS-baseline-..." or "PSS-restricted-...", accepted wherever a rule id is), with
 * a function for Compose services, Kubernetes pods and Kubernetes containers as applies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "dockerfile/dockerfile.h"
#include "manifest/internal.h"
#include "secrets/secrets.h"

#define PSS     "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
#define CIS_URL "https://www.cisecurity.org/benchmark/docker"

/* ---- helpers ------------------------------------------------------------------------ */

static const dd_tnode *get(const dd_tnode *n, const char *k)
{
    return dd_t_get(n, k);
}

static const dd_tnode *get2(const dd_tnode *n, const char *a, const char *b)
{
    return dd_t_get(dd_t_get(n, a), b);
}

static bool is_str(const dd_tnode *n, const char *s)
{
    const char *v = dd_t_str(n);
    return v && strcasecmp(v, s) == 0;
}

/* Capabilities Docker grants by default and PSS baseline allows to add. */
static bool baseline_cap(const char *cap)
{
    static const char *const ok[] = {
        "AUDIT_WRITE",      "CHOWN",   "DAC_OVERRIDE", "FOWNER",  "FSETID", "KILL",      "MKNOD",
        "NET_BIND_SERVICE", "SETFCAP", "SETGID",       "SETPCAP", "SETUID", "SYS_CHROOT"};
    if (strncasecmp(cap, "CAP_", 4) == 0)
        cap += 4;
    for (size_t i = 0; i < DD_ARRAY_LEN(ok); i++)
        if (strcasecmp(cap, ok[i]) == 0)
            return true;
    return false;
}

static bool has_all(const dd_tnode *list)
{
    for (size_t i = 0; list && list->kind == DD_T_ARR && i < list->n; i++)
        if (is_str(&list->kids[i], "ALL") || is_str(&list->kids[i], "CAP_ALL"))
            return true;
    return false;
}

/* Host paths CIS 5.6 names as sensitive, and the container runtimes' sockets (5.32). */
static bool runtime_socket(const char *p)
{
    static const char *const socks[] = {"/var/run/docker.sock",
                                        "/run/docker.sock",
                                        "/run/containerd/containerd.sock",
                                        "/var/run/containerd/containerd.sock",
                                        "/var/run/crio/crio.sock",
                                        "/run/podman/podman.sock"};
    for (size_t i = 0; i < DD_ARRAY_LEN(socks); i++)
        if (strcmp(p, socks[i]) == 0)
            return true;
    return p[0] == '/' && strstr(p, "docker.sock") != NULL;
}

static bool sensitive_path(const char *p)
{
    static const char *const dirs[] = {"/",
                                       "/boot",
                                       "/dev",
                                       "/etc",
                                       "/lib",
                                       "/proc",
                                       "/sys",
                                       "/usr",
                                       "/var/run",
                                       "/run",
                                       "/root",
                                       "/var/lib/docker",
                                       "/var/lib/kubelet"};
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        n--;
    for (size_t i = 0; i < DD_ARRAY_LEN(dirs); i++)
        if (strlen(dirs[i]) == n && strncmp(p, dirs[i], n) == 0)
            return true;
    return false;
}

/* A compose volume's host path: "SRC:DST[:MODE]" with SRC a path, or {type: bind, source}. */
/* `s` with Compose's interpolation done as far as the file alone can: `$$` is `$`, and
 * `${VAR:-default}` / `${VAR-default}` are their default (what a deploy without VAR set
 * mounts). False when a variable without a default is left (`$VAR`, `${VAR}`,
 * `${VAR:?err}`): the value is known only at deploy time. */
static bool compose_interpolate(const char *s, char *out, size_t outsz)
{
    size_t o = 0;
    bool known = true;
    while (*s && o + 1 < outsz) {
        if (s[0] != '$') {
            out[o++] = *s++;
        } else if (s[1] == '$') {
            out[o++] = '$';
            s += 2;
        } else if (s[1] == '{') {
            const char *end = strchr(s, '}');
            if (!end) {
                known = false;
                break;
            }
            const char *def = NULL;
            for (const char *q = s + 2; q < end; q++)
                if (*q == '-' || (*q == ':' && q[1] == '-')) {
                    def = q + (*q == ':' ? 2 : 1);
                    break;
                } else if (*q == '?' || *q == ':') {
                    break;
                }
            if (def)
                for (; def < end && o + 1 < outsz; def++)
                    out[o++] = *def;
            else
                known = false;
            s = end + 1;
        } else {
            known = false; /* $VAR */
            s++;
            while (*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
                   (*s >= '0' && *s <= '9'))
                s++;
        }
    }
    out[o] = '\0';
    return known && !*s;
}

/* The host path a Compose volume binds (short "SRC:DST[:MODE]" or long syntax, variables
 * interpolated by compose_interpolate), or NULL for a named or anonymous volume, or a
 * source known only at deploy time; `*dst` is then still the container path, when known
 * (a socket mounted at /var/run/docker.sock is the socket, whatever variable names it). */
static const char *compose_bind_source(const dd_tnode *v, char *buf, size_t bufsz, const char **dst,
                                       char *dbuf, size_t dbufsz)
{
    *dst = NULL;
    const char *s = dd_t_str(v);
    bool known;
    if (s) {
        known = compose_interpolate(s, buf, bufsz);
        char *colon = strchr(buf, ':');
        if (!colon)
            return NULL; /* an anonymous volume */
        *colon = '\0';
        snprintf(dbuf, dbufsz, "%.*s", (int)strcspn(colon + 1, ":"), colon + 1);
        *dst = dbuf;
        if (!known || (buf[0] != '/' && buf[0] != '.' && buf[0] != '~'))
            return NULL; /* a named volume, or known only at deploy time */
        return buf;
    }
    const char *type = dd_t_gets(v, "type");
    const char *target = dd_t_gets(v, "target");
    if (target && compose_interpolate(target, dbuf, dbufsz))
        *dst = dbuf;
    if (!type || strcmp(type, "bind") != 0 || !dd_t_gets(v, "source"))
        return NULL;
    return compose_interpolate(dd_t_gets(v, "source"), buf, bufsz) ? buf : NULL;
}

/* ---- compose checks -------------------------------------------------------------------- */

static void c_privileged(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *p = get(s, "privileged");
    if (dd_t_true(p))
        mf_emit(c, p, true, "service %s runs privileged: every device and capability of the host",
                svc);
}

static void c_cap_add(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *l = get(s, "cap_add");
    for (size_t i = 0; l && l->kind == DD_T_ARR && i < l->n; i++) {
        const char *cap = dd_t_str(&l->kids[i]);
        if (cap && !baseline_cap(cap))
            mf_emit(c, &l->kids[i], false, "service %s adds capability %s", svc, cap);
    }
}

static void c_cap_drop(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    if (!has_all(get(s, "cap_drop")))
        mf_emit(c, s, true, "service %s does not drop all capabilities (cap_drop: [ALL])", svc);
}

static void host_mode(mf_ctx *c, const char *svc, const dd_tnode *s, const char *key)
{
    const dd_tnode *v = get(s, key);
    if (is_str(v, "host"))
        mf_emit(c, v, true, "service %s: %s: host shares the host's namespace", svc, key);
}

static void c_host_net(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    host_mode(c, svc, s, "network_mode");
}
static void c_host_pid(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    host_mode(c, svc, s, "pid");
}
static void c_host_ipc(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    host_mode(c, svc, s, "ipc");
}
static void c_host_uts(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    host_mode(c, svc, s, "uts");
}
static void c_host_userns(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    host_mode(c, svc, s, "userns_mode");
}

static void c_volumes(mf_ctx *c, const char *svc, const dd_tnode *s, bool sock)
{
    const dd_tnode *l = get(s, "volumes");
    for (size_t i = 0; l && l->kind == DD_T_ARR && i < l->n; i++) {
        char buf[4096], dbuf[4096];
        const char *dst;
        const char *src =
            compose_bind_source(&l->kids[i], buf, sizeof buf, &dst, dbuf, sizeof dbuf);
        if (!src) {
            const char *raw =
                dd_t_str(&l->kids[i]) ? dd_t_str(&l->kids[i]) : dd_t_gets(&l->kids[i], "source");
            if (sock && dst && runtime_socket(dst) && raw && strchr(raw, '$'))
                mf_emit(c, &l->kids[i], false,
                        "service %s mounts a host path set at deploy time at %s, the container "
                        "runtime socket's path: root on the host if it is the socket",
                        svc, dst);
            continue;
        }
        if (sock && runtime_socket(src))
            mf_emit(c, &l->kids[i], false,
                    "service %s mounts the container runtime socket %s: root on the host", svc,
                    src);
        else if (!sock && !runtime_socket(src) && sensitive_path(src))
            mf_emit(c, &l->kids[i], false, "service %s mounts the host's %s", svc, src);
    }
}

static void c_docker_sock(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    c_volumes(c, svc, s, true);
}
static void c_sensitive(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    c_volumes(c, svc, s, false);
}

static void c_devices(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *l = get(s, "devices");
    for (size_t i = 0; l && l->kind == DD_T_ARR && i < l->n; i++)
        mf_emit(c, &l->kids[i], false, "service %s is given the host device %s", svc,
                dd_t_str(&l->kids[i]) ? dd_t_str(&l->kids[i]) : "(long syntax)");
}

static void c_read_only(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    if (!dd_t_true(get(s, "read_only")))
        mf_emit(c, s, true, "service %s has a writable root filesystem (read_only: true)", svc);
}

/* security_opt items, spelled "key:value" or "key=value". */
static const dd_tnode *secopt(const dd_tnode *s, const char *key, const char *value)
{
    const dd_tnode *l = get(s, "security_opt");
    size_t kl = strlen(key);
    for (size_t i = 0; l && l->kind == DD_T_ARR && i < l->n; i++) {
        const char *o = dd_t_str(&l->kids[i]);
        if (!o || strncasecmp(o, key, kl) != 0)
            continue;
        const char *v = o + kl;
        if (!value && (*v == '\0' || *v == ':' || *v == '='))
            return &l->kids[i];
        if (value && (*v == ':' || *v == '=') && strcasecmp(v + 1, value) == 0)
            return &l->kids[i];
    }
    return NULL;
}

static void c_no_new_privs(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *o = secopt(s, "no-new-privileges", NULL);
    if (!o || secopt(s, "no-new-privileges", "false"))
        mf_emit(c, o ? o : s, o == NULL,
                "service %s can gain privileges through setuid binaries "
                "(security_opt: [no-new-privileges:true])",
                svc);
}

static void c_seccomp(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *o = secopt(s, "seccomp", "unconfined");
    if (o)
        mf_emit(c, o, false, "service %s runs without a seccomp profile", svc);
}

static void c_apparmor(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *o = secopt(s, "apparmor", "unconfined");
    if (o)
        mf_emit(c, o, false, "service %s runs without an AppArmor profile", svc);
}

static void c_selinux(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *o = secopt(s, "label", "disable");
    if (o)
        mf_emit(c, o, false, "service %s runs with SELinux labels disabled", svc);
}

static bool root_user(const char *u)
{
    return u && (strcmp(u, "root") == 0 || strcmp(u, "0") == 0 || strncmp(u, "0:", 2) == 0 ||
                 strncmp(u, "root:", 5) == 0);
}

static void c_user(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *u = get(s, "user");
    if (root_user(dd_t_str(u)))
        mf_emit(c, u, true, "service %s runs as root (user: %s)", svc, dd_t_str(u));
}

static const dd_tnode *limit(const dd_tnode *s, const char *deploy_key, const char *k1,
                             const char *k2)
{
    const dd_tnode *v = get(get2(get(s, "deploy"), "resources", "limits"), deploy_key);
    if (!v && k1)
        v = get(s, k1);
    if (!v && k2)
        v = get(s, k2);
    return v && !dd_t_null(v) ? v : NULL;
}

static void c_memory(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    if (!limit(s, "memory", "mem_limit", NULL))
        mf_emit(c, s, true,
                "service %s has no memory limit (deploy.resources.limits.memory or "
                "mem_limit)",
                svc);
}

static void c_cpu(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    if (!limit(s, "cpus", "cpus", "cpu_quota"))
        mf_emit(c, s, true, "service %s has no CPU limit (deploy.resources.limits.cpus or cpus)",
                svc);
}

static void c_pids(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    if (!limit(s, "pids", "pids_limit", NULL))
        mf_emit(c, s, true, "service %s has no PIDs limit (pids_limit): a fork bomb takes the host",
                svc);
}

static void c_ports(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *l = get(s, "ports");
    for (size_t i = 0; l && l->kind == DD_T_ARR && i < l->n; i++) {
        const dd_tnode *p = &l->kids[i];
        const char *str = dd_t_str(p);
        bool all = false;
        if (str) {
            /* [HOST_IP:]HOST_PORT:CONTAINER_PORT, or CONTAINER_PORT alone (a random host
             * port on every interface); IPv6 hosts are bracketed. */
            const char *last = strrchr(str, ':');
            if (!last) {
                all = true;
            } else {
                const char *first = str[0] == '[' ? strchr(str, ']') : strchr(str, ':');
                bool has_ip = first && first != last && (str[0] == '[' || first < last);
                if (str[0] == '[')
                    has_ip = true;
                if (!has_ip)
                    all = true;
                else if (strncmp(str, "0.0.0.0:", 8) == 0 || strncmp(str, "[::]:", 5) == 0 ||
                         strncmp(str, ":::", 3) == 0)
                    all = true;
            }
        } else if (p->kind == DD_T_OBJ) {
            const char *ip = dd_t_gets(p, "host_ip");
            all = get(p, "published") && (!ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::"));
        }
        if (all)
            mf_emit(c, p, false, "service %s publishes port %s on every host interface", svc,
                    str                         ? str
                    : dd_t_gets(p, "published") ? dd_t_gets(p, "published")
                                                : "?");
    }
}

/* One environment entry: a NAME=VALUE string (list form) or a NAME: VALUE member. */
static void env_secret(mf_ctx *c, const char *who, const dd_tnode *at, const char *name,
                       const char *value)
{
    if (!value || !*value)
        return;
    const char *kind = dd_df_secret_kind(value);
    if (!kind && !(dd_secret_name(name) && !dd_secret_trivial_value(value)))
        return;
    _cleanup_free_ char *masked = dd_df_mask(value);
    if (kind)
        mf_emit(c, at, false, "%s: environment variable %s holds a secret (%s): %s", who, name,
                kind, masked);
    else
        mf_emit(c, at, false, "%s: environment variable %s looks like a secret by its name: %s",
                who, name, masked);
}

static void c_env(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *env = get(s, "environment");
    _cleanup_free_ char *who = dd_xasprintf("service %s", svc);
    for (size_t i = 0; env && i < env->n; i++) {
        const dd_tnode *e = &env->kids[i];
        if (env->kind == DD_T_OBJ) {
            env_secret(c, who, e, e->key, dd_t_str(e));
        } else if (env->kind == DD_T_ARR && dd_t_str(e)) {
            const char *eq = strchr(dd_t_str(e), '=');
            if (!eq)
                continue;
            _cleanup_free_ char *name = dd_xstrndup(e->s, (size_t)(eq - e->s));
            env_secret(c, who, e, name, eq + 1);
        }
    }
}

static void c_restart(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    const dd_tnode *r = get(s, "restart");
    const char *v = dd_t_str(r);
    if (v && (strcmp(v, "always") == 0 || strcmp(v, "unless-stopped") == 0))
        mf_emit(c, r, true, "service %s restarts %s, without a limit (restart: on-failure:5)", svc,
                v);
    const dd_tnode *pol = get2(get(s, "deploy"), "restart_policy", "condition");
    if (is_str(pol, "any") && !get2(get(s, "deploy"), "restart_policy", "max_attempts"))
        mf_emit(c, pol, true, "service %s restarts on any exit, without max_attempts", svc);
}

/* ---- images (both) --------------------------------------------------------------------- */

static void image_tag(mf_ctx *c, const char *who, const dd_tnode *img)
{
    const char *ref = dd_t_str(img);
    if (!ref || strchr(ref, '$'))
        return; /* interpolated: known only at deploy time */
    if (strchr(ref, '@'))
        return; /* pinned by digest */
    const char *slash = strrchr(ref, '/');
    const char *colon = strrchr(slash ? slash : ref, ':');
    if (!colon)
        mf_emit(c, img, false, "%s: image %s has no tag: it means latest, which moves", who, ref);
    else if (strcmp(colon + 1, "latest") == 0)
        mf_emit(c, img, false, "%s: image %s uses the latest tag, which moves", who, ref);
}

/* The registry part of a reference: "docker.io" for library and user images. */
static void registry_of(const char *ref, char *out, size_t n)
{
    const char *slash = strchr(ref, '/');
    if (slash &&
        (memchr(ref, '.', (size_t)(slash - ref)) || memchr(ref, ':', (size_t)(slash - ref)) ||
         (slash - ref == 9 && strncmp(ref, "localhost", 9) == 0)))
        snprintf(out, n, "%.*s", (int)(slash - ref), ref);
    else
        snprintf(out, n, "docker.io");
}

static bool trusted(const dd_lint_config *cfg, const char *reg)
{
    for (size_t i = 0; i < cfg->ntrusted; i++) {
        const char *t = cfg->trusted[i];
        if (strcasecmp(t, reg) == 0)
            return true;
        if (t[0] == '*' && t[1] == '.') { /* *.example.com: subdomains */
            size_t tl = strlen(t + 1), rl = strlen(reg);
            if (rl > tl && strcasecmp(reg + rl - tl, t + 1) == 0)
                return true;
        }
    }
    return false;
}

static void image_registry(mf_ctx *c, const char *who, const dd_tnode *img)
{
    const char *ref = dd_t_str(img);
    if (!ref || !c->cfg->ntrusted || strchr(ref, '$'))
        return;
    char reg[256];
    registry_of(ref, reg, sizeof reg);
    if (!trusted(c->cfg, reg))
        mf_emit(c, img, false, "%s: image %s comes from %s, not a trusted registry", who, ref, reg);
}

static void c_image_tag(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    _cleanup_free_ char *who = dd_xasprintf("service %s", svc);
    if (get(s, "image"))
        image_tag(c, who, get(s, "image"));
}

static void c_image_registry(mf_ctx *c, const char *svc, const dd_tnode *s)
{
    _cleanup_free_ char *who = dd_xasprintf("service %s", svc);
    if (get(s, "image"))
        image_registry(c, who, get(s, "image"));
}

/* ---- Kubernetes checks ---------------------------------------------------------------- */

/* A securityContext setting, the container's over the pod's. */
static const dd_tnode *sc(const mf_container *k, const char *key, bool pod_too)
{
    const dd_tnode *v = get2(k->c, "securityContext", key);
    if (!v && pod_too)
        v = get2(k->pod->spec, "securityContext", key);
    return v;
}

static void k_privileged(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *p = sc(k, "privileged", false);
    if (dd_t_true(p))
        mf_emit(c, p, true, "%s runs privileged", c->object);
}

static void k_cap_add(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *l = get(sc(k, "capabilities", false), "add");
    for (size_t i = 0; l && l->kind == DD_T_ARR && i < l->n; i++) {
        const char *cap = dd_t_str(&l->kids[i]);
        if (cap && !baseline_cap(cap))
            mf_emit(c, &l->kids[i], false, "%s adds capability %s", c->object, cap);
    }
}

static void k_cap_drop(mf_ctx *c, const mf_container *k)
{
    if (!has_all(get(sc(k, "capabilities", false), "drop")))
        mf_emit(c, k->c, false, "%s does not drop all capabilities (capabilities.drop: [ALL])",
                c->object);
}

static void pod_flag(mf_ctx *c, const mf_pod *p, const char *key, const char *what)
{
    const dd_tnode *v = get(p->spec, key);
    if (dd_t_true(v))
        mf_emit(c, v, true, "%s %s shares the host's %s namespace (%s: true)", p->kind, p->name,
                what, key);
}

static void k_host_net(mf_ctx *c, const mf_pod *p)
{
    pod_flag(c, p, "hostNetwork", "network");
}
static void k_host_pid(mf_ctx *c, const mf_pod *p)
{
    pod_flag(c, p, "hostPID", "PID");
}
static void k_host_ipc(mf_ctx *c, const mf_pod *p)
{
    pod_flag(c, p, "hostIPC", "IPC");
}
static void k_volumes(mf_ctx *c, const mf_pod *p, int which)
{
    const dd_tnode *l = get(p->spec, "volumes");
    for (size_t i = 0; l && l->kind == DD_T_ARR && i < l->n; i++) {
        const dd_tnode *hp = get(&l->kids[i], "hostPath");
        const char *path = dd_t_gets(hp, "path");
        if (!hp || !path)
            continue;
        bool sock = runtime_socket(path), sens = !sock && sensitive_path(path);
        if (which == 0 && sock)
            mf_emit(c, hp, true, "%s %s mounts the container runtime socket %s", p->kind, p->name,
                    path);
        else if (which == 1 && sens)
            mf_emit(c, hp, true, "%s %s mounts the host's %s", p->kind, p->name, path);
        else if (which == 2 && !sock && !sens)
            mf_emit(c, hp, true, "%s %s mounts the host path %s", p->kind, p->name, path);
    }
}

static void k_docker_sock(mf_ctx *c, const mf_pod *p)
{
    k_volumes(c, p, 0);
}
static void k_sensitive(mf_ctx *c, const mf_pod *p)
{
    k_volumes(c, p, 1);
}
static void k_hostpath(mf_ctx *c, const mf_pod *p)
{
    k_volumes(c, p, 2);
}

static void k_read_only(mf_ctx *c, const mf_container *k)
{
    if (!dd_t_true(sc(k, "readOnlyRootFilesystem", false)))
        mf_emit(c, k->c, false, "%s has a writable root filesystem (readOnlyRootFilesystem: true)",
                c->object);
}

static void k_priv_esc(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *v = sc(k, "allowPrivilegeEscalation", false);
    if (!dd_t_false(v))
        mf_emit(c, v ? v : k->c, v != NULL,
                "%s may gain privileges (allowPrivilegeEscalation: false)", c->object);
}

static const char *seccomp_type(const mf_container *k, const dd_tnode **at)
{
    const dd_tnode *t = get(sc(k, "seccompProfile", false), "type");
    if (!t)
        t = get(get2(k->pod->spec, "securityContext", "seccompProfile"), "type");
    *at = t;
    return dd_t_str(t);
}

static void k_seccomp(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *at;
    const char *t = seccomp_type(k, &at);
    if (t && strcasecmp(t, "Unconfined") == 0)
        mf_emit(c, at, false, "%s runs without a seccomp profile (Unconfined)", c->object);
}

static void k_seccomp_missing(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *at;
    const char *t = seccomp_type(k, &at);
    if (!t)
        mf_emit(c, k->c, false, "%s sets no seccomp profile (seccompProfile.type: RuntimeDefault)",
                c->object);
}

static void k_apparmor(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *t = get(sc(k, "appArmorProfile", true), "type");
    if (is_str(t, "Unconfined")) {
        mf_emit(c, t, false, "%s runs without an AppArmor profile", c->object);
        return;
    }
    _cleanup_free_ char *ann =
        dd_xasprintf("container.apparmor.security.beta.kubernetes.io/%s", k->name);
    const dd_tnode *a = get(get(k->pod->meta, "annotations"), ann);
    if (is_str(a, "unconfined"))
        mf_emit(c, a, true, "%s runs without an AppArmor profile", c->object);
}

static void k_selinux(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *t = get(sc(k, "seLinuxOptions", true), "type");
    const char *v = dd_t_str(t);
    if (v && strcmp(v, "container_t") != 0 && strcmp(v, "container_init_t") != 0 &&
        strcmp(v, "container_kvm_t") != 0)
        mf_emit(c, t, false, "%s sets the SELinux type %s", c->object, v);
}

static void k_run_as_root(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *u = sc(k, "runAsUser", true);
    const char *v = dd_t_str(u);
    if (v && strcmp(v, "0") == 0)
        mf_emit(c, u, true, "%s runs as root (runAsUser: 0)", c->object);
}

static void k_non_root(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *v = sc(k, "runAsNonRoot", true);
    const dd_tnode *u = sc(k, "runAsUser", true);
    const char *uid = dd_t_str(u);
    if (!dd_t_true(v) && !(uid && strcmp(uid, "0") != 0))
        mf_emit(c, v && dd_t_false(v) ? v : k->c, v && dd_t_false(v),
                "%s may run as root (runAsNonRoot: true)", c->object);
}

static void k_limit(mf_ctx *c, const mf_container *k, const char *res)
{
    const dd_tnode *v = get(get2(k->c, "resources", "limits"), res);
    if (!v || dd_t_null(v))
        mf_emit(c, k->c, false, "%s has no %s limit (resources.limits.%s)", c->object, res, res);
}

static void k_memory(mf_ctx *c, const mf_container *k)
{
    k_limit(c, k, "memory");
}
static void k_cpu(mf_ctx *c, const mf_container *k)
{
    k_limit(c, k, "cpu");
}

static void k_host_port(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *l = get(k->c, "ports");
    for (size_t i = 0; l && l->kind == DD_T_ARR && i < l->n; i++) {
        const dd_tnode *hp = get(&l->kids[i], "hostPort");
        const char *v = dd_t_str(hp);
        if (v && strcmp(v, "0") != 0)
            mf_emit(c, hp, true, "%s binds host port %s", c->object, v);
    }
}

static void k_env(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *l = get(k->c, "env");
    for (size_t i = 0; l && l->kind == DD_T_ARR && i < l->n; i++) {
        const char *name = dd_t_gets(&l->kids[i], "name");
        const dd_tnode *val = get(&l->kids[i], "value");
        if (name && val)
            env_secret(c, c->object, val, name, dd_t_str(val));
    }
}

static void k_sa_token(mf_ctx *c, const mf_pod *p)
{
    const dd_tnode *v = get(p->spec, "automountServiceAccountToken");
    if (!dd_t_false(v))
        mf_emit(c, v ? v : p->spec, true,
                "%s %s mounts a service account token into every container "
                "(automountServiceAccountToken: false)",
                p->kind, p->name);
}

static void k_proc_mount(mf_ctx *c, const mf_container *k)
{
    const dd_tnode *v = sc(k, "procMount", false);
    if (is_str(v, "Unmasked"))
        mf_emit(c, v, true, "%s mounts /proc unmasked", c->object);
}

static void k_image_tag(mf_ctx *c, const mf_container *k)
{
    if (get(k->c, "image"))
        image_tag(c, c->object, get(k->c, "image"));
}

static void k_image_registry(mf_ctx *c, const mf_container *k)
{
    if (get(k->c, "image"))
        image_registry(c, c->object, get(k->c, "image"));
}

/* ---- the table ------------------------------------------------------------------------ */

static const mf_rule rows[] = {
    {
        .rule = {.id = "DDM000",
                 .title = "Compose file or manifest could not be parsed",
                 .severity = DD_SEV_HIGH,
                 .group = "manifest",
                 .rationale = "A file that does not parse is not checked at all.",
                 .remediation = "Fix the YAML error at the line given."},
    },
    {
        .rule = {.id = "DDM-PRIVILEGED",
                 .title = "Privileged container",
                 .severity = DD_SEV_CRITICAL,
                 .group = "manifest",
                 .rationale = "A privileged container has every capability and every host device, "
                              "and no seccomp, AppArmor or device cgroup confinement: it is root "
                              "on the host.",
                 .remediation = "Remove privileged; add only the capabilities the process needs.",
                 .cis = "5.5",
                 .cwe = "CWE-250",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-privileged"},
        .compose = c_privileged,
        .container = k_privileged,
    },
    {
        .rule = {.id = "DDM-CAP-ADD",
                 .title = "Capability added beyond the default set",
                 .severity = DD_SEV_HIGH,
                 .group = "manifest",
                 .rationale = "Capabilities such as SYS_ADMIN, NET_ADMIN or SYS_PTRACE are most of "
                              "root.",
                 .remediation = "Add only capabilities from the default set, and only when needed.",
                 .cis = "5.4",
                 .cwe = "CWE-250",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-capabilities"},
        .compose = c_cap_add,
        .container = k_cap_add,
    },
    {
        .rule = {.id = "DDM-CAP-DROP",
                 .title = "Capabilities not dropped",
                 .severity = DD_SEV_LOW,
                 .group = "manifest",
                 .rationale = "Even the default set (CHOWN, DAC_OVERRIDE, NET_RAW...) is more than "
                              "most services use.",
                 .remediation = "cap_drop: [ALL] (compose) or securityContext.capabilities.drop: "
                                "[ALL], then add back what is needed.",
                 .cis = "5.4",
                 .url = PSS "#restricted",
                 .alias = "PSS-restricted-capabilities"},
        .compose = c_cap_drop,
        .container = k_cap_drop,
    },
    {
        .rule = {.id = "DDM-HOST-NETWORK",
                 .title = "Host network namespace shared",
                 .severity = DD_SEV_HIGH,
                 .group = "manifest",
                 .rationale = "The container sees and binds every host interface, and reaches "
                              "services listening on localhost.",
                 .remediation = "Use a bridge or overlay network and publish only the ports "
                                "needed.",
                 .cis = "5.10",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-host-namespaces"},
        .compose = c_host_net,
        .pod = k_host_net,
    },
    {
        .rule = {.id = "DDM-HOST-PID",
                 .title = "Host PID namespace shared",
                 .severity = DD_SEV_HIGH,
                 .group = "manifest",
                 .rationale = "The container sees every host process and can signal or ptrace "
                              "them.",
                 .remediation = "Remove pid: host / hostPID: true.",
                 .cis = "5.16",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-host-pid"},
        .compose = c_host_pid,
        .pod = k_host_pid,
    },
    {
        .rule = {.id = "DDM-HOST-IPC",
                 .title = "Host IPC namespace shared",
                 .severity = DD_SEV_HIGH,
                 .group = "manifest",
                 .rationale = "Shared memory and semaphores of host processes become readable and "
                              "writable.",
                 .remediation = "Remove ipc: host / hostIPC: true.",
                 .cis = "5.17",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-host-ipc"},
        .compose = c_host_ipc,
        .pod = k_host_ipc,
    },
    {
        .rule = {.id = "DDM-HOST-UTS",
                 .title = "Host UTS namespace shared",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "The container can change the host's hostname.",
                 .remediation = "Remove uts: host.",
                 .cis = "5.21"},
        .compose = c_host_uts,
    },
    {
        .rule = {.id = "DDM-HOST-USERNS",
                 .title = "Host user namespace shared",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "userns_mode: host turns off the daemon's user-namespace remapping "
                              "for this container.",
                 .remediation = "Remove userns_mode: host.",
                 .cis = "5.31"},
        .compose = c_host_userns,
    },
    {
        .rule = {.id = "DDM-DOCKER-SOCK",
                 .title = "Container runtime socket mounted",
                 .severity = DD_SEV_CRITICAL,
                 .group = "manifest",
                 .rationale = "Whoever talks to the Docker (or containerd) socket can start a "
                              "privileged container and so owns the host.",
                 .remediation = "Do not mount the socket; use a socket proxy that allows only the "
                                "calls needed.",
                 .cis = "5.32",
                 .cwe = "CWE-250",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-hostpath-socket"},
        .compose = c_docker_sock,
        .pod = k_docker_sock,
    },
    {
        .rule = {.id = "DDM-SENSITIVE-MOUNT",
                 .title = "Sensitive host directory mounted",
                 .severity = DD_SEV_HIGH,
                 .group = "manifest",
                 .rationale = "/, /boot, /dev, /etc, /lib, /proc, /sys and /usr of the host hold "
                              "its configuration, kernel interfaces and binaries.",
                 .remediation = "Mount only application data directories, read-only where "
                                "possible.",
                 .cis = "5.6",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-hostpath-sensitive"},
        .compose = c_sensitive,
        .pod = k_sensitive,
    },
    {
        .rule = {.id = "DDM-HOSTPATH",
                 .title = "hostPath volume",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "A hostPath volume ties the pod to a node's file system and escapes "
                              "the container's storage isolation; Pod Security Standards baseline "
                              "forbids it.",
                 .remediation = "Use a persistent volume claim, configMap, secret or emptyDir.",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-hostpath"},
        .pod = k_hostpath,
    },
    {
        .rule = {.id = "DDM-HOST-DEVICE",
                 .title = "Host device exposed to the container",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "A device node gives direct access to host hardware and kernel "
                              "drivers.",
                 .remediation = "Remove devices: unless the service needs the device, and then "
                                "only read access.",
                 .cis = "5.18"},
        .compose = c_devices,
    },
    {
        .rule = {.id = "DDM-READ-ONLY-ROOTFS",
                 .title = "Root filesystem writable",
                 .severity = DD_SEV_LOW,
                 .group = "manifest",
                 .rationale = "A writable root file system lets an attacker change the "
                              "application's binaries and drop tools.",
                 .remediation = "read_only: true (compose) or readOnlyRootFilesystem: true, with "
                                "tmpfs/emptyDir for the paths written.",
                 .cis = "5.13"},
        .compose = c_read_only,
        .container = k_read_only,
    },
    {
        .rule = {.id = "DDM-NO-NEW-PRIVILEGES",
                 .title = "Privilege escalation not prevented",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "Without no_new_privs a setuid binary in the image raises the "
                              "process's privileges.",
                 .remediation = "security_opt: [no-new-privileges:true] (compose) or "
                                "allowPrivilegeEscalation: false.",
                 .cis = "5.26",
                 .url = PSS "#restricted",
                 .alias = "PSS-restricted-privilege-escalation"},
        .compose = c_no_new_privs,
        .container = k_priv_esc,
    },
    {
        .rule = {.id = "DDM-SECCOMP-UNCONFINED",
                 .title = "Seccomp disabled",
                 .severity = DD_SEV_HIGH,
                 .group = "manifest",
                 .rationale = "Without a seccomp filter every system call reaches the kernel, "
                              "including the rare ones most kernel exploits use.",
                 .remediation = "Keep the runtime's default profile, or a custom one.",
                 .cis = "5.22",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-seccomp"},
        .compose = c_seccomp,
        .container = k_seccomp,
    },
    {
        .rule = {.id = "DDM-SECCOMP-MISSING",
                 .title = "No seccomp profile set",
                 .severity = DD_SEV_LOW,
                 .group = "manifest",
                 .rationale = "Kubernetes runs containers Unconfined unless a profile is set (or "
                              "the kubelet defaults it); the restricted profile requires "
                              "RuntimeDefault or Localhost.",
                 .remediation = "securityContext.seccompProfile.type: RuntimeDefault (pod or "
                                "container).",
                 .url = PSS "#restricted",
                 .alias = "PSS-restricted-seccomp"},
        .container = k_seccomp_missing,
    },
    {
        .rule = {.id = "DDM-APPARMOR-UNCONFINED",
                 .title = "AppArmor disabled",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "The AppArmor profile is what keeps a container away from /proc and "
                              "/sys writes and mount(2).",
                 .remediation = "Keep the default profile (docker-default / RuntimeDefault).",
                 .cis = "5.2",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-apparmor"},
        .compose = c_apparmor,
        .container = k_apparmor,
    },
    {
        .rule = {.id = "DDM-SELINUX",
                 .title = "SELinux confinement turned off or changed",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "label:disable or a custom SELinux type removes the separation "
                              "between containers.",
                 .remediation = "Keep the default container_t labels.",
                 .cis = "5.3",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-selinux"},
        .compose = c_selinux,
        .container = k_selinux,
    },
    {
        .rule = {.id = "DDM-RUN-AS-ROOT",
                 .title = "Container runs as root",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "root in the container is root on the kernel; any escape or mounted "
                              "path is reached with full privileges.",
                 .remediation = "Run as an unprivileged UID (user: \"10001\" / runAsUser: 10001).",
                 .cis = "4.1",
                 .cwe = "CWE-250",
                 .url = PSS "#restricted",
                 .alias = "PSS-restricted-run-as-user"},
        .compose = c_user,
        .container = k_run_as_root,
    },
    {
        .rule = {.id = "DDM-RUN-AS-NON-ROOT",
                 .title = "runAsNonRoot not required",
                 .severity = DD_SEV_LOW,
                 .group = "manifest",
                 .rationale = "Without runAsNonRoot the kubelet starts the container as whatever "
                              "user the image says, root included.",
                 .remediation = "securityContext.runAsNonRoot: true (pod or container).",
                 .cis = "4.1",
                 .url = PSS "#restricted",
                 .alias = "PSS-restricted-run-as-non-root"},
        .container = k_non_root,
    },
    {
        .rule = {.id = "DDM-MEMORY-LIMIT",
                 .title = "No memory limit",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "One container can take all the host's memory and trigger the OOM "
                              "killer on others.",
                 .remediation = "deploy.resources.limits.memory / mem_limit, or "
                                "resources.limits.memory.",
                 .cis = "5.11"},
        .compose = c_memory,
        .container = k_memory,
    },
    {
        .rule = {.id = "DDM-CPU-LIMIT",
                 .title = "No CPU limit",
                 .severity = DD_SEV_LOW,
                 .group = "manifest",
                 .rationale = "One container can starve the others of CPU.",
                 .remediation = "deploy.resources.limits.cpus / cpus, or resources.limits.cpu.",
                 .cis = "5.12"},
        .compose = c_cpu,
        .container = k_cpu,
    },
    {
        .rule = {.id = "DDM-PIDS-LIMIT",
                 .title = "No PIDs limit",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "A fork bomb in one container exhausts the host's process table.",
                 .remediation = "pids_limit: 200 (or deploy.resources.limits.pids).",
                 .cis = "5.29"},
        .compose = c_pids,
    },
    {
        .rule = {.id = "DDM-PORT-ALL-INTERFACES",
                 .title = "Port published on every host interface",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "A port without a host address is reachable from every network the "
                              "host is on (and Docker's rules bypass the host firewall).",
                 .remediation = "Bind to one address: \"127.0.0.1:8080:80\" or host_ip.",
                 .cis = "5.14"},
        .compose = c_ports,
    },
    {
        .rule = {.id = "DDM-HOST-PORT",
                 .title = "hostPort used",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "A hostPort binds the node's interfaces directly and bypasses "
                              "Services and network policies; Pod Security Standards baseline "
                              "forbids it.",
                 .remediation = "Expose the pod through a Service.",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-host-ports"},
        .container = k_host_port,
    },
    {
        .rule = {.id = "DDM-SECRET-ENV",
                 .title = "Secret in an environment variable",
                 .severity = DD_SEV_HIGH,
                 .group = "manifest",
                 .rationale = "Environment variables are shown by docker inspect / kubectl "
                              "describe, inherited by every child process and often logged; the "
                              "file itself is usually committed.",
                 .remediation = "Use secrets: (compose), a Secret with valueFrom.secretKeyRef or a "
                                "mounted file.",
                 .cis = "4.10",
                 .cwe = "CWE-798"},
        .compose = c_env,
        .container = k_env,
    },
    {
        .rule = {.id = "DDM-RESTART-POLICY",
                 .title = "Restart without a limit",
                 .severity = DD_SEV_LOW,
                 .group = "manifest",
                 .rationale = "A container that crashes in a loop restarts forever, hiding the "
                              "failure and wasting resources.",
                 .remediation = "restart: on-failure:5 (or deploy.restart_policy with "
                                "max_attempts).",
                 .cis = "5.15"},
        .compose = c_restart,
    },
    {
        .rule = {.id = "DDM-IMAGE-LATEST",
                 .title = "Image not pinned to a version",
                 .severity = DD_SEV_LOW,
                 .group = "manifest",
                 .rationale = "latest (or no tag) moves: what was tested is not what runs next "
                              "time.",
                 .remediation = "Use a version tag, better a digest (image: name@sha256:...).",
                 .cis = "4.2"},
        .compose = c_image_tag,
        .container = k_image_tag,
    },
    {
        .rule = {.id = "DDM-IMAGE-REGISTRY",
                 .title = "Image from an untrusted registry",
                 .severity = DD_SEV_MEDIUM,
                 .group = "manifest",
                 .rationale = "Images are code: only registries the organisation controls or "
                              "trusts should supply them (.drydock.yaml trusted-registries).",
                 .remediation = "Mirror the image into a trusted registry.",
                 .cis = "4.2"},
        .compose = c_image_registry,
        .container = k_image_registry,
    },
    {
        .rule = {.id = "DDM-SA-TOKEN",
                 .title = "Service account token mounted",
                 .severity = DD_SEV_LOW,
                 .group = "manifest",
                 .rationale = "Every container of the pod gets an API token; a compromised "
                              "container talks to the Kubernetes API with it.",
                 .remediation = "automountServiceAccountToken: false unless the pod calls the API.",
                 .url = "https://www.cisecurity.org/benchmark/kubernetes",
                 .alias = "CIS-K8S-5.1.6"},
        .pod = k_sa_token,
    },
    {
        .rule = {.id = "DDM-PROC-MOUNT",
                 .title = "/proc mounted unmasked",
                 .severity = DD_SEV_HIGH,
                 .group = "manifest",
                 .rationale = "procMount: Unmasked exposes the kernel interfaces the runtime "
                              "normally hides.",
                 .remediation = "Remove procMount (Default).",
                 .url = PSS "#baseline",
                 .alias = "PSS-baseline-proc-mount"},
        .container = k_proc_mount,
    },
};

const dd_rule_table dd_manifest_table = DD_RULE_TABLE("lint", "Compose and Kubernetes", rows);
const dd_rule *const dd_manifest_parse_rule = &rows[0].rule;
