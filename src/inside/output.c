/* The facts of `drydock inside` as JSON (the report's "meta") and as text for people. */
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "inside/caps.h"
#include "inside/inside.h"

static const char *ns_state_name(dd_ns_state s)
{
    return s == DD_NS_HOST ? "host" : s == DD_NS_OWN ? "own" : "unknown";
}

static const char *errno_name(int err)
{
    const char *n = err ? strerrorname_np(err) : "0";
    return n ? n : "?";
}

/* A cgroup value: a number, "max" when unlimited, null when not visible. */
static json_t *limit(int64_t v)
{
    return v == -1 ? json_string("max") : v == -2 ? json_null() : json_integer(v);
}

static json_t *strv(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static const char *seccomp_mode_name(int m)
{
    return m == 0 ? "disabled" : m == 1 ? "strict" : m == 2 ? "filter" : "unknown";
}

static const char *verdict_name(dd_probe_verdict v)
{
    return v == DD_PROBE_KILLED ? "killed" : v == DD_PROBE_ERRNO ? "errno" : "allowed";
}

json_t *dd_inside_facts_json(const dd_inside_facts *f)
{
    json_t *ns = json_object();
    for (size_t i = 0; i < DD_INSIDE_NNS; i++)
        if (f->ns[i].name)
            json_object_set_new(ns, f->ns[i].name,
                                json_pack("{s:s, s:I, s:s}", "state", ns_state_name(f->ns[i].state),
                                          "inode", (json_int_t)f->ns[i].inode, "how",
                                          f->ns[i].how));
    json_t *dangerous = json_array();
    char name[DD_CAP_NAME_MAX];
    for (unsigned b = 0; b < 64; b++)
        if ((f->cap_bnd | f->cap_eff) & (1ULL << b) && dd_cap_danger(b))
            json_array_append_new(dangerous, json_pack("{s:s, s:s}", "name", dd_cap_name(b, name),
                                                       "why", dd_cap_danger(b)));
    json_t *blocked = json_array();
    for (size_t i = 0; i < f->nblocked; i++) {
        const dd_inside_syscall *s = &f->blocked[i];
        json_t *o = json_pack("{s:s, s:s}", "syscall", s->name, "result", verdict_name(s->verdict));
        if (s->verdict == DD_PROBE_ERRNO)
            json_object_set_new(o, "errno", json_string(errno_name(s->err)));
        else
            json_object_set_new(o, "signal", json_integer(s->err));
        json_array_append_new(blocked, o);
    }
    json_t *capgated = json_array();
    for (size_t i = 0; i < f->ncapgated; i++)
        json_array_append_new(capgated, json_pack("{s:s, s:s}", "syscall", f->capgated[i].name,
                                                  "capability", f->capgated[i].needs));
    json_t *seccomp = json_pack("{s:s, s:i, s:b}", "mode", seccomp_mode_name(f->seccomp_mode),
                                "filters", f->seccomp_filters, "probed", f->probed);
    if (f->probed) {
        json_object_set_new(seccomp, "probes", json_integer((json_int_t)f->nprobed));
        json_object_set_new(seccomp, "allowed", json_integer((json_int_t)f->nallowed));
    }
    json_object_set_new(seccomp, "probeError",
                        f->probe_error[0] ? json_string(f->probe_error) : json_null());
    json_object_set_new(seccomp, "blocked", blocked);
    json_object_set_new(seccomp, "allowedButNeedCapability", capgated);

    json_t *mounts = json_array();
    for (size_t i = 0; i < f->nhost_mounts; i++) {
        const dd_inside_mount *m = &f->host_mounts[i];
        json_array_append_new(mounts, json_pack("{s:s, s:s, s:s, s:s, s:b}", "target", m->target,
                                                "root", m->root, "fstype", m->fstype, "source",
                                                m->source, "readOnly", m->ro));
    }
    return json_pack(
        "{s:{s:s, s:s, s:s, s:s}, s:o, s:{s:I, s:I, s:I, s:s?, s:s?},"
        " s:{s:o, s:o, s:o, s:o, s:o, s:o, s:o}, s:o, s:o, s:{s:s?, s:s?}, s:b,"
        " s:{s:i, s:o, s:o, s:o, s:o, s:o}, s:{s:o, s:o, s:b, s:b, s:o, s:b}}",
        "runtime", "name", f->runtime, "detectedBy", f->runtime_how, "containerId", f->container_id,
        "hostname", f->hostname, "namespaces", ns, "user", "uid", (json_int_t)f->uid, "euid",
        (json_int_t)f->euid, "gid", (json_int_t)f->gid, "uidMap", f->uid_map, "gidMap", f->gid_map,
        "capabilities", "effective", dd_cap_set_json(f->cap_eff), "permitted",
        dd_cap_set_json(f->cap_prm), "bounding", dd_cap_set_json(f->cap_bnd), "ambient",
        dd_cap_set_json(f->cap_amb), "inheritable", dd_cap_set_json(f->cap_inh),
        "beyondDockerDefault", dd_cap_set_json(f->cap_bnd & ~dd_cap_docker_default()), "dangerous",
        dangerous, "noNewPrivs", f->no_new_privs < 0 ? json_null() : json_boolean(f->no_new_privs),
        "seccomp", seccomp, "lsm", "name", f->lsm[0] ? f->lsm : NULL, "label",
        f->lsm[0] ? f->lsm_label : NULL, "readOnlyRootfs", f->rootfs_ro, "cgroup", "version",
        f->cgroup_version, "memoryLimit", limit(f->mem_limit), "pidsLimit", limit(f->pids_limit),
        "cpuQuotaUs", limit(f->cpu_quota_us), "cpuPeriodUs", limit(f->cpu_period_us), "cpuShares",
        limit(f->cpu_shares), "reachable", "runtimeSockets", strv(f->sockets, f->nsockets),
        "hostMounts", mounts, "procSysWritable", f->procsys_writable, "sysWritable",
        f->sys_writable, "devices", strv(f->devices, f->ndevices), "allDevicesAllowed",
        f->devices_all);
}

static void caps_line(FILE *out, const char *label, uint64_t set)
{
    _cleanup_free_ char *names = dd_cap_set_str(set, " ");
    fprintf(out, "  %-12s%s\n", label, names[0] ? names : "(none)");
}

static void limit_text(FILE *out, const char *what, int64_t v)
{
    if (v == -1)
        fprintf(out, "%s unlimited", what);
    else if (v == -2)
        fprintf(out, "%s not visible", what);
    else
        fprintf(out, "%s %lld", what, (long long)v);
}

/* The refused calls grouped by how they were refused: "EPERM: a, b, c". */
static void blocked_text(const dd_inside_facts *f, FILE *out)
{
    bool *done = calloc(f->nblocked + 1, sizeof *done);
    if (!done)
        return;
    for (size_t i = 0; i < f->nblocked; i++) {
        if (done[i])
            continue;
        const dd_inside_syscall *a = &f->blocked[i];
        if (a->verdict == DD_PROBE_KILLED)
            fprintf(out, "    killed (signal %d):", a->err);
        else
            fprintf(out, "    %s:", errno_name(a->err));
        for (size_t j = i; j < f->nblocked; j++) {
            const dd_inside_syscall *b = &f->blocked[j];
            if (!done[j] && b->verdict == a->verdict && b->err == a->err) {
                fprintf(out, " %s", b->name);
                done[j] = true;
            }
        }
        fputc('\n', out);
    }
    free(done);
}

void dd_inside_write_facts(const dd_inside_facts *f, FILE *out, bool color)
{
    const char *b = color ? "\033[1m" : "", *r = color ? "\033[0m" : "";
    fprintf(out, "%sRuntime:%s       %s (%s)\n", b, r, f->runtime, f->runtime_how);
    if (f->container_id[0])
        fprintf(out, "%sContainer:%s     %s (hostname %s)\n", b, r, f->container_id, f->hostname);
    fprintf(out, "%sNamespaces:%s   ", b, r);
    for (size_t i = 0; i < DD_INSIDE_NNS; i++)
        fprintf(out, " %s=%s", f->ns[i].name, ns_state_name(f->ns[i].state));
    fprintf(out, "\n%sUser:%s          uid %u (euid %u) gid %u; uid_map '%s', gid_map '%s'\n", b, r,
            f->uid, f->euid, f->gid, f->uid_map ? f->uid_map : "?", f->gid_map ? f->gid_map : "?");
    fprintf(out, "%sCapabilities:%s\n", b, r);
    caps_line(out, "effective", f->cap_eff);
    caps_line(out, "permitted", f->cap_prm);
    caps_line(out, "bounding", f->cap_bnd);
    caps_line(out, "ambient", f->cap_amb);
    char name[DD_CAP_NAME_MAX];
    for (unsigned c = 0; c < 64; c++)
        if ((f->cap_bnd | f->cap_eff) & (1ULL << c) && dd_cap_danger(c))
            fprintf(out, "  %sdangerous%s   %s: %s\n", color ? "\033[0;31m" : "", r,
                    dd_cap_name(c, name), dd_cap_danger(c));
    fprintf(out, "%sno_new_privs:%s  %s\n", b, r,
            f->no_new_privs < 0 ? "unknown"
            : f->no_new_privs   ? "yes"
                                : "no");
    fprintf(out, "%sSeccomp:%s       %s", b, r, seccomp_mode_name(f->seccomp_mode));
    if (f->seccomp_mode == 2)
        fprintf(out, " (%d filter%s)", f->seccomp_filters, f->seccomp_filters == 1 ? "" : "s");
    if (f->probed)
        fprintf(out, ": refuses %zu of %zu probed calls\n", f->nblocked, f->nprobed);
    else
        fprintf(out, "%s%s\n", f->probe_error[0] ? ": not probed: " : "", f->probe_error);
    blocked_text(f, out);
    if (f->ncapgated) {
        fputs("    allowed by the filter, refused for a missing capability:", out);
        for (size_t i = 0; i < f->ncapgated; i++)
            fprintf(out, " %s(%s)", f->capgated[i].name, f->capgated[i].needs);
        fputc('\n', out);
    }
    fprintf(out, "%sLSM:%s           %s%s%s\n", b, r, f->lsm[0] ? f->lsm : "none",
            f->lsm[0] ? " " : "", f->lsm_label);
    fprintf(out, "%sRoot fs:%s       %s\n", b, r, f->rootfs_ro ? "read-only" : "writable");
    fprintf(out, "%sCgroup v%d:%s     ", b, f->cgroup_version, r);
    limit_text(out, "memory", f->mem_limit);
    limit_text(out, ", pids", f->pids_limit);
    limit_text(out, ", cpu quota (us)", f->cpu_quota_us);
    limit_text(out, ", cpu shares", f->cpu_shares);
    fprintf(out,
            "\n%sReachable:%s     runtime sockets: %zu, host mounts: %zu, /proc/sys %s, "
            "/sys %s, extra devices: %zu%s\n\n",
            b, r, f->nsockets, f->nhost_mounts, f->procsys_writable ? "writable" : "read-only",
            f->sys_writable ? "writable" : "read-only", f->ndevices,
            f->devices_all ? " (devices cgroup allows all)" : "");
}
