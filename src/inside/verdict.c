/* The verdicts `drydock inside` gives: one row per CIS Docker Benchmark 1.6.0 section 5
 * setting that can be seen from inside a container, each read from dd_inside_facts.
 * `drydock bench` checks the same settings from the daemon's side (CIS-5.x rows); these
 * rows say what the container really got, whatever the configuration claimed. */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "inside/caps.h"
#include "inside/inside.h"

#define CIS_URL "https://www.cisecurity.org/benchmark/docker"

typedef dd_status (*inside_eval)(const dd_inside_facts *f, dd_buf *msg);

typedef struct inside_row {
    dd_rule rule;
    inside_eval eval;
} inside_row;

static const dd_inside_ns *ns_named(const dd_inside_facts *f, const char *name)
{
    for (size_t i = 0; i < DD_INSIDE_NNS; i++)
        if (f->ns[i].name && strcmp(f->ns[i].name, name) == 0)
            return &f->ns[i];
    return NULL;
}

static dd_status ns_verdict(const dd_inside_facts *f, const char *name, dd_buf *msg)
{
    const dd_inside_ns *n = ns_named(f, name);
    if (!n || n->state == DD_NS_UNKNOWN) {
        dd_buf_printf(msg, "cannot tell from inside: %s", n ? n->how : "no namespace facts");
        return DD_STATUS_SKIPPED;
    }
    dd_buf_printf(msg, "%s namespace %s (%s)", name,
                  n->state == DD_NS_HOST ? "is the host's" : "is its own", n->how);
    return n->state == DD_NS_HOST ? DD_STATUS_FAIL : DD_STATUS_PASS;
}

static dd_status eval_apparmor(const dd_inside_facts *f, dd_buf *msg)
{
    if (!f->lsm[0]) {
        dd_buf_puts(msg, "AppArmor is not available on this host (no LSM label on this process)");
        return DD_STATUS_SKIPPED;
    }
    if (strcmp(f->lsm, "apparmor") != 0) {
        dd_buf_printf(msg, "the host uses %s, not AppArmor", f->lsm);
        return DD_STATUS_SKIPPED;
    }
    dd_buf_printf(msg, "AppArmor label: %s", f->lsm_label);
    return strncmp(f->lsm_label, "unconfined", 10) == 0 ? DD_STATUS_FAIL : DD_STATUS_PASS;
}

static dd_status eval_selinux(const dd_inside_facts *f, dd_buf *msg)
{
    if (strcmp(f->lsm, "selinux") != 0) {
        dd_buf_puts(msg, "SELinux is not available on this host (no SELinux context on this "
                         "process)");
        return DD_STATUS_SKIPPED;
    }
    dd_buf_printf(msg, "SELinux context: %s", f->lsm_label);
    return strstr(f->lsm_label, "unconfined_t") || strstr(f->lsm_label, "spc_t") ? DD_STATUS_FAIL
                                                                                 : DD_STATUS_PASS;
}

static dd_status eval_caps(const dd_inside_facts *f, dd_buf *msg)
{
    uint64_t extra = f->cap_bnd & ~dd_cap_docker_default();
    if (!extra) {
        _cleanup_free_ char *s = dd_cap_set_str(f->cap_bnd, ", ");
        dd_buf_printf(msg, "bounding set within Docker's default: %s", s[0] ? s : "(empty)");
        return DD_STATUS_PASS;
    }
    _cleanup_free_ char *s = dd_cap_set_str(extra, ", ");
    dd_buf_printf(msg, "capabilities beyond Docker's default in the bounding set: %s", s);
    return DD_STATUS_FAIL;
}

/* Privileged containers are not named as such inside; their signature is all of these. */
static dd_status eval_privileged(const dd_inside_facts *f, dd_buf *msg)
{
    /* --privileged grants the runtime's whole bounding set, which may itself lack one or
     * two capabilities (this VM's lacks SYS_RESOURCE): nearly all counts. */
    bool all_caps = __builtin_popcountll(f->cap_bnd) + 2 >= (int)dd_cap_last() + 1;
    struct {
        bool on;
        const char *what;
    } signs[] = {
        {all_caps, "(nearly) every capability"},
        {f->seccomp_mode == 0, "no seccomp filter"},
        {f->devices_all, "every device allowed by the devices cgroup"},
        {f->sys_writable, "/sys writable"},
        {f->procsys_writable, "/proc/sys writable"},
    };
    int n = 0;
    for (size_t i = 0; i < DD_ARRAY_LEN(signs); i++)
        if (signs[i].on)
            dd_buf_printf(msg, "%s%s", n++ ? ", " : "", signs[i].what);
    if (n >= 3) {
        dd_buf_puts(msg, ": this container looks privileged");
        return DD_STATUS_FAIL;
    }
    if (n == 0)
        dd_buf_puts(msg, "none of the signs of --privileged");
    else
        dd_buf_puts(msg, " (not enough signs of --privileged)");
    return DD_STATUS_PASS;
}

static dd_status eval_host_mounts(const dd_inside_facts *f, dd_buf *msg)
{
    if (!f->nhost_mounts) {
        dd_buf_puts(msg, "no host filesystem root or sensitive host directory is mounted");
        return DD_STATUS_PASS;
    }
    for (size_t i = 0; i < f->nhost_mounts; i++) {
        const dd_inside_mount *m = &f->host_mounts[i];
        dd_buf_printf(msg, "%shost %s (%s %s) at %s%s", i ? "; " : "", m->root, m->fstype,
                      m->source, m->target, m->ro ? " read-only" : " read-write");
    }
    return DD_STATUS_FAIL;
}

static dd_status eval_net(const dd_inside_facts *f, dd_buf *msg)
{
    return ns_verdict(f, "net", msg);
}
static dd_status eval_pid(const dd_inside_facts *f, dd_buf *msg)
{
    return ns_verdict(f, "pid", msg);
}
static dd_status eval_ipc(const dd_inside_facts *f, dd_buf *msg)
{
    return ns_verdict(f, "ipc", msg);
}
static dd_status eval_uts(const dd_inside_facts *f, dd_buf *msg)
{
    return ns_verdict(f, "uts", msg);
}
static dd_status eval_user(const dd_inside_facts *f, dd_buf *msg)
{
    return ns_verdict(f, "user", msg);
}

static dd_status limit_verdict(const dd_inside_facts *f, int64_t v, const char *what, dd_buf *msg)
{
    if (v == -2) {
        dd_buf_printf(msg, "the %s limit is not visible (cgroup files not mounted)", what);
        return DD_STATUS_SKIPPED;
    }
    if (v == -1) {
        dd_buf_printf(msg, "no %s limit (cgroup v%d)", what, f->cgroup_version);
        return DD_STATUS_FAIL;
    }
    dd_buf_printf(msg, "%s limit %lld", what, (long long)v);
    return DD_STATUS_PASS;
}

static dd_status eval_memory(const dd_inside_facts *f, dd_buf *msg)
{
    return limit_verdict(f, f->mem_limit, "memory", msg);
}

static dd_status eval_pids(const dd_inside_facts *f, dd_buf *msg)
{
    return limit_verdict(f, f->pids_limit, "pids", msg);
}

static dd_status eval_cpu(const dd_inside_facts *f, dd_buf *msg)
{
    if (f->cpu_quota_us == -2 && f->cpu_shares == -2) {
        dd_buf_puts(msg, "the CPU limits are not visible (cgroup files not mounted)");
        return DD_STATUS_SKIPPED;
    }
    /* The kernel's defaults: 1024 shares (v1), weight 100 (v2). */
    long long dflt = f->cgroup_version == 2 ? 100 : 1024;
    if (f->cpu_quota_us > 0) {
        dd_buf_printf(msg, "CPU quota %lld us per %lld us (%.2f CPUs)", (long long)f->cpu_quota_us,
                      (long long)f->cpu_period_us,
                      f->cpu_period_us > 0 ? (double)f->cpu_quota_us / (double)f->cpu_period_us
                                           : 0.0);
        return DD_STATUS_PASS;
    }
    if (f->cpu_shares >= 0 && f->cpu_shares != dflt) {
        dd_buf_printf(msg, "CPU %s %lld", f->cgroup_version == 2 ? "weight" : "shares",
                      (long long)f->cpu_shares);
        return DD_STATUS_PASS;
    }
    dd_buf_puts(msg, "no CPU quota and default CPU shares");
    return DD_STATUS_FAIL;
}

static dd_status eval_rootfs(const dd_inside_facts *f, dd_buf *msg)
{
    dd_buf_puts(msg, f->rootfs_ro ? "/ is mounted read-only" : "/ is writable");
    return f->rootfs_ro ? DD_STATUS_PASS : DD_STATUS_FAIL;
}

static dd_status eval_devices(const dd_inside_facts *f, dd_buf *msg)
{
    if (f->devices_all)
        dd_buf_puts(msg, "the devices cgroup allows every device (a *:* rwm)");
    for (size_t i = 0; i < f->ndevices; i++)
        dd_buf_printf(msg, "%s%s", i || f->devices_all ? ", " : "host devices: ", f->devices[i]);
    if (f->devices_all || f->ndevices)
        return DD_STATUS_FAIL;
    dd_buf_puts(msg, "only the default device nodes");
    return DD_STATUS_PASS;
}

static dd_status eval_seccomp(const dd_inside_facts *f, dd_buf *msg)
{
    if (f->seccomp_mode < 0) {
        dd_buf_puts(msg, "the kernel does not say (no Seccomp line in /proc/self/status)");
        return DD_STATUS_SKIPPED;
    }
    if (f->seccomp_mode == 0) {
        dd_buf_puts(msg, "no seccomp filter: every system call reaches the kernel");
        return DD_STATUS_FAIL;
    }
    if (f->seccomp_mode == 1) {
        dd_buf_puts(msg, "strict mode (read, write, exit, sigreturn only)");
        return DD_STATUS_PASS;
    }
    dd_buf_printf(msg, "%d filter(s)", f->seccomp_filters);
    if (f->probed)
        dd_buf_printf(msg, "; they refuse %zu of %zu probes", f->nblocked, f->nprobed);
    else if (f->probe_error[0])
        dd_buf_printf(msg, "; not probed: %s", f->probe_error);
    return DD_STATUS_PASS;
}

static dd_status eval_nnp(const dd_inside_facts *f, dd_buf *msg)
{
    if (f->no_new_privs < 0) {
        dd_buf_puts(msg, "the kernel does not say (no NoNewPrivs line in /proc/self/status)");
        return DD_STATUS_SKIPPED;
    }
    dd_buf_puts(msg, f->no_new_privs ? "no_new_privs is set"
                                     : "no_new_privs is not set: setuid binaries can gain "
                                       "privileges");
    return f->no_new_privs ? DD_STATUS_PASS : DD_STATUS_FAIL;
}

static dd_status eval_socket(const dd_inside_facts *f, dd_buf *msg)
{
    if (!f->nsockets) {
        dd_buf_puts(msg, "no container runtime socket is reachable");
        return DD_STATUS_PASS;
    }
    dd_buf_puts(msg, "reachable: ");
    for (size_t i = 0; i < f->nsockets; i++)
        dd_buf_printf(msg, "%s%s", i ? ", " : "", f->sockets[i]);
    return DD_STATUS_FAIL;
}

/* Every row is a CIS section 5 setting, scored, with amicontained as the peer. */
#define ROW(id_, cis_, title_, sev_, why_, fix_, fn_)                                              \
    {                                                                                              \
        .rule = {.id = (id_),                                                                      \
                 .title = (title_),                                                                \
                 .severity = (sev_),                                                               \
                 .group = "5",                                                                     \
                 .rationale = (why_),                                                              \
                 .remediation = (fix_),                                                            \
                 .cis = (cis_),                                                                    \
                 .url = CIS_URL,                                                                   \
                 .alias = "amicontained",                                                          \
                 .flags = DD_RULE_SCORED},                                                         \
        .eval = (fn_),                                                                             \
    }

static const inside_row rows[] = {
    ROW("INSIDE-5.2", "5.2", "An AppArmor profile confines this container", DD_SEV_MEDIUM,
        "Without an AppArmor profile nothing but capabilities and seccomp limits what root in the "
        "container may touch.",
        "Run the container with the docker-default profile or a custom one (--security-opt "
        "apparmor=PROFILE); 'drydock profile' writes one.",
        eval_apparmor),
    ROW("INSIDE-5.3", "5.3", "An SELinux context confines this container", DD_SEV_MEDIUM,
        "An SELinux context (container_t) confines the container from the host and its neighbours.",
        "Run the daemon with --selinux-enabled and do not start containers with --security-opt "
        "label=disable.",
        eval_selinux),
    ROW("INSIDE-5.4", "5.4", "The capability bounding set stays within Docker's default",
        DD_SEV_HIGH,
        "Each capability beyond Docker's default set (SYS_ADMIN, NET_ADMIN, ...) is a tool for "
        "escaping or attacking the host.",
        "Drop all capabilities and add back what the workload needs: --cap-drop ALL --cap-add ...; "
        "'drydock profile' finds out which.",
        eval_caps),
    ROW("INSIDE-5.5", "5.5", "The container does not look privileged", DD_SEV_CRITICAL,
        "A privileged container has every capability, every device and no seccomp filter: root in "
        "it is root on the host.",
        "Do not run with --privileged; grant the specific capabilities or devices needed instead.",
        eval_privileged),
    ROW("INSIDE-5.6", "5.6", "No host filesystem root or sensitive host directory is mounted",
        DD_SEV_HIGH,
        "The host's /, /etc, /boot, /usr and the like inside a container expose host secrets and "
        "let it change the host.",
        "Remove bind mounts of sensitive host directories; mount only the specific files needed, "
        "read-only.",
        eval_host_mounts),
    ROW("INSIDE-5.10", "5.10", "The network namespace is not the host's", DD_SEV_HIGH,
        "In the host's network namespace the container sees every host interface and can bind or "
        "sniff host services.",
        "Do not run with --network host.", eval_net),
    ROW("INSIDE-5.11", "5.11", "Memory is limited by the cgroup", DD_SEV_MEDIUM,
        "Without a memory limit one container can starve the host and every other container.",
        "Run with --memory (and --memory-swap) sized for the workload; 'drydock profile' measures "
        "the peak.",
        eval_memory),
    ROW("INSIDE-5.12", "5.12", "CPU is limited or weighted by the cgroup", DD_SEV_LOW,
        "Without a CPU quota or shares one busy container can starve the others.",
        "Run with --cpus or --cpu-shares.", eval_cpu),
    ROW("INSIDE-5.13", "5.13", "The root filesystem is read-only", DD_SEV_MEDIUM,
        "A writable root filesystem lets an attacker plant tools and change binaries.",
        "Run with --read-only and a tmpfs for each path that is written; 'drydock profile' lists "
        "them.",
        eval_rootfs),
    ROW("INSIDE-5.16", "5.16", "The PID namespace is not the host's", DD_SEV_HIGH,
        "In the host's PID namespace the container sees and can signal every host process.",
        "Do not run with --pid host.", eval_pid),
    ROW("INSIDE-5.17", "5.17", "The IPC namespace is not the host's", DD_SEV_HIGH,
        "In the host's IPC namespace the container reaches the host's shared memory and "
        "semaphores.",
        "Do not run with --ipc host.", eval_ipc),
    ROW("INSIDE-5.18", "5.18", "No host device is reachable", DD_SEV_MEDIUM,
        "A host device node in a container can be read, written or used to reach the host kernel "
        "directly.",
        "Do not pass devices with --device unless required, and then read-only.", eval_devices),
    ROW("INSIDE-5.21", "5.21", "The UTS namespace is not the host's", DD_SEV_MEDIUM,
        "In the host's UTS namespace the container can change the host's name.",
        "Do not run with --uts host.", eval_uts),
    ROW("INSIDE-5.22", "5.22", "A seccomp filter is installed", DD_SEV_HIGH,
        "Without seccomp every system call, including the rarely used ones behind most kernel "
        "exploits, reaches the kernel.",
        "Do not run with --security-opt seccomp=unconfined; use Docker's default or a profile from "
        "'drydock profile'.",
        eval_seccomp),
    ROW("INSIDE-5.26", "5.26", "no_new_privs is set", DD_SEV_MEDIUM,
        "Without no_new_privs a setuid binary in the image can give a process more privileges than "
        "it started with.",
        "Run with --security-opt no-new-privileges (or \"no-new-privileges\": true in "
        "daemon.json).",
        eval_nnp),
    ROW("INSIDE-5.29", "5.29", "The number of processes is limited by the cgroup", DD_SEV_MEDIUM,
        "Without a pids limit a fork bomb in the container takes the host down.",
        "Run with --pids-limit; 'drydock profile' measures the peak.", eval_pids),
    ROW("INSIDE-5.31", "5.31", "The user namespace is not the host's", DD_SEV_HIGH,
        "In the host's user namespace uid 0 in the container is uid 0 on the host.",
        "Enable user namespace remapping (dockerd --userns-remap) and do not run with --userns "
        "host.",
        eval_user),
    ROW("INSIDE-5.32", "5.32", "No container runtime socket is reachable", DD_SEV_CRITICAL,
        "Whoever can talk to the Docker socket can start a privileged container: it is root on the "
        "host.",
        "Do not mount /var/run/docker.sock (or containerd's, CRI-O's, Podman's) into containers.",
        eval_socket),
};

const dd_rule_table dd_inside_table =
    DD_RULE_TABLE("inside", "Isolation seen from inside the container", rows);

const dd_section dd_inside_sections[] = {
    {"5", "Container Runtime (seen from inside)"},
    {NULL, NULL},
};

void dd_inside_evaluate(const dd_inside_facts *f, dd_report *r)
{
    /* The short id, as `docker ps` shows it. */
    char target[16];
    snprintf(target, sizeof target, "%.12s", f->container_id[0] ? f->container_id : f->hostname);
    for (size_t i = 0; i < DD_ARRAY_LEN(rows); i++) {
        _cleanup_buf_ dd_buf msg = DD_BUF_INIT;
        dd_status st = rows[i].eval(f, &msg);
        dd_report_add(r, &rows[i].rule, st, target[0] ? target : "container", "%s",
                      msg.data ? msg.data : "");
    }
}
