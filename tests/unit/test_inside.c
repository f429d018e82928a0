/* src/inside: facts read from a fixture tree (status, maps, mountinfo, cgroup files,
 * devices), the verdicts they give, and the seccomp probe against a real filter that a
 * forked child installs (ERRNO, ENOSYS and KILL actions, and a call a capability guards). */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inside/caps.h"
#include "inside/inside.h"
#include "tap.h"

static char root[64];

static void put(const char *rel, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    for (char *s = strchr(p + strlen(root) + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(p, 0755);
        *s = '/';
    }
    FILE *f = fopen(p, "w");
    if (!f)
        abort();
    fputs(text, f);
    fclose(f);
}

static const char status[] = "Name:\tdrydock\n"
                             "Uid:\t1000\t1000\t1000\t1000\n"
                             "Gid:\t1000\t1000\t1000\t1000\n"
                             "CapInh:\t0000000000000000\n"
                             "CapPrm:\t0000000000000000\n"
                             "CapEff:\t0000000000000000\n"
                             "CapBnd:\t00000000a80425fb\n"
                             "CapAmb:\t0000000000000000\n"
                             "NoNewPrivs:\t1\n"
                             "Seccomp:\t2\n"
                             "Seccomp_filters:\t1\n";

/* Two host directories bind-mounted (one with a space in its name), the container's own
 * files from the engine's directory, /proc/sys read-only, a Docker socket. */
static const char mountinfo[] =
    "600 500 0:50 / / rw,relatime - overlay overlay rw,lowerdir=/l\n"
    "601 600 0:51 / /proc rw,nosuid - proc proc rw\n"
    "602 601 0:51 /sys /proc/sys ro,nosuid - proc proc rw\n"
    "603 600 0:52 / /sys ro,nosuid - sysfs sysfs ro\n"
    "604 600 8:1 /var/lib/docker/containers/"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/hostname /etc/hostname "
    "rw - ext4 /dev/sda1 rw\n"
    "605 600 8:1 /etc /host\\040etc ro,relatime - ext4 /dev/sda1 rw\n"
    "606 600 8:2 / /data rw - xfs /dev/sdb rw\n"
    "607 600 0:53 / /tmp rw - tmpfs tmpfs rw\n";

static void fixture(void)
{
    snprintf(root, sizeof root, "/tmp/dd-inside-test.XXXXXX");
    if (!mkdtemp(root))
        abort();
    put("proc/self/status", status);
    put("proc/self/uid_map", "         0       1000          1\n");
    put("proc/self/gid_map", "         0       1000          1\n");
    put("proc/self/mountinfo", mountinfo);
    put("proc/self/cgroup", "12:pids:/docker/"
                            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
    put("proc/sys/kernel/hostname", "0123456789ab\n");
    put("proc/self/attr/current", "docker-default (enforce)\n");
    put(".dockerenv", "");
    put("sys/fs/cgroup/memory/memory.limit_in_bytes", "67108864\n");
    put("sys/fs/cgroup/pids/pids.max", "max\n");
    put("sys/fs/cgroup/cpu/cpu.cfs_quota_us", "50000\n");
    put("sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000\n");
    put("sys/fs/cgroup/cpu/cpu.shares", "1024\n");
    put("sys/fs/cgroup/devices/devices.list", "c 1:3 rwm\n");
    put("dev/.keep", "");
    char p[512];
    snprintf(p, sizeof p, "%s/dev/sda", root);
    mknod(p, S_IFBLK | 0600, makedev(8, 0)); /* root only: skipped when it fails */
    snprintf(p, sizeof p, "%s/dev/null", root);
    mknod(p, S_IFCHR | 0666, makedev(1, 3));
}

static const char *verdict(const dd_report *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(dd_finding_id(&r->items[i]), id) == 0)
            return dd_status_name(r->items[i].status);
    return "missing";
}

static void test_fixture(void)
{
    fixture();
    dd_inside_facts f;
    dd_error e = {0};
    CHECK_INT(dd_inside_gather(root, &f, &e), 0);
    CHECK_STR(f.runtime, "docker");
    CHECK_STR(f.container_id, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    CHECK_STR(f.hostname, "0123456789ab");
    CHECK_INT(f.uid, 1000);
    CHECK_INT(f.cap_eff, 0);
    CHECK_INT(f.cap_bnd, 0xa80425fbULL);
    CHECK_INT(f.cap_bnd & ~dd_cap_docker_default(), 0);
    CHECK_INT(f.no_new_privs, 1);
    CHECK_INT(f.seccomp_mode, 2);
    CHECK_STR(f.uid_map, "0 1000 1");
    CHECK_STR(f.lsm, "apparmor");
    CHECK_STR(f.lsm_label, "docker-default (enforce)");
    CHECK_INT(f.cgroup_version, 1);
    CHECK_INT(f.mem_limit, 67108864);
    CHECK_INT(f.pids_limit, -1);
    CHECK_INT(f.cpu_quota_us, 50000);
    CHECK_INT(f.procsys_writable, 0);
    CHECK_INT(f.sys_writable, 0);
    CHECK_INT(f.devices_all, 0);
    /* /etc (sensitive) and the root of /dev/sdb; not the engine's hostname file, not tmpfs. */
    CHECK_INT(f.nhost_mounts, 2);
    if (f.nhost_mounts == 2) {
        CHECK_STR(f.host_mounts[0].target, "/host etc");
        CHECK_STR(f.host_mounts[0].root, "/etc");
        CHECK(f.host_mounts[0].ro);
        CHECK_STR(f.host_mounts[1].target, "/data");
        CHECK(!f.host_mounts[1].ro);
    }
    if (geteuid() == 0) {
        CHECK_INT(f.ndevices, 1);
        if (f.ndevices)
            CHECK_STR(f.devices[0], "/dev/sda");
    }

    dd_report r;
    dd_report_init(&r, "inside", "test");
    dd_inside_evaluate(&f, &r);
    CHECK_STR(verdict(&r, "INSIDE-5.2"), "pass");
    CHECK_STR(verdict(&r, "INSIDE-5.3"), "skipped");
    CHECK_STR(verdict(&r, "INSIDE-5.4"), "pass");
    CHECK_STR(verdict(&r, "INSIDE-5.6"), "fail");
    CHECK_STR(verdict(&r, "INSIDE-5.11"), "pass");
    CHECK_STR(verdict(&r, "INSIDE-5.12"), "pass");
    CHECK_STR(verdict(&r, "INSIDE-5.26"), "pass");
    CHECK_STR(verdict(&r, "INSIDE-5.29"), "fail");
    CHECK_STR(verdict(&r, "INSIDE-5.32"), "pass");
    json_t *j = dd_inside_facts_json(&f);
    CHECK(j != NULL);
    CHECK_STR(json_string_value(json_object_get(json_object_get(j, "cgroup"), "pidsLimit")), "max");
    json_decref(j);
    dd_report_free(&r);
    dd_inside_facts_free(&f);

    /* Without /proc there is nothing to say: an error naming the file, never a report. */
    CHECK_INT(dd_inside_gather("/nonexistent-root", &f, &e), -1);
    CHECK(strstr(e.msg, "/nonexistent-root/proc/self/status") != NULL);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK_INT(system(cmd), 0);
}

static void test_caps(void)
{
    char buf[DD_CAP_NAME_MAX];
    CHECK_STR(dd_cap_name(21, buf), "SYS_ADMIN");
    CHECK_INT(dd_cap_from_name("CAP_NET_BIND_SERVICE"), 10);
    CHECK_INT(dd_cap_from_name("net_bind_service"), 10);
    CHECK_INT(dd_cap_from_name("NOT_A_CAP"), -1);
    CHECK_INT(__builtin_popcountll(dd_cap_docker_default()), 14);
    CHECK(dd_cap_danger(21) != NULL);
    CHECK(dd_cap_danger(0) == NULL);
}

static const dd_inside_syscall *find(const dd_inside_syscall *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    return NULL;
}

/* In a child: install a filter like a container's, probe it, report through the exit code
 * (0 = every expectation held, else the number of the first one that failed). */
static int probe_child(void)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx)
        return 90;
    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(acct), 0);
    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(swapon), 0);
    seccomp_rule_add(ctx, SCMP_ACT_TRAP, SCMP_SYS(swapoff), 0);
    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, 40));
    if (seccomp_load(ctx) < 0)
        return 91;
    seccomp_release(ctx);
    dd_inside_facts f;
    dd_error e = {0};
    if (dd_inside_gather("", &f, &e) < 0)
        return 92;
    f.cap_eff = 0; /* as if every capability were dropped: mount needs SYS_ADMIN */
    if (dd_inside_probe(&f, &e) < 0)
        return 93;
    const dd_inside_syscall *s;
    if (!(s = find(f.blocked, f.nblocked, "acct")) || s->verdict != DD_PROBE_ERRNO ||
        s->err != EPERM)
        return 1;
    if (!(s = find(f.blocked, f.nblocked, "clone3")) || s->err != ENOSYS)
        return 2;
    if (!(s = find(f.blocked, f.nblocked, "swapon")) || s->verdict != DD_PROBE_KILLED)
        return 3;
    if (!(s = find(f.blocked, f.nblocked, "swapoff")) || s->verdict != DD_PROBE_KILLED)
        return 4;
    if (!(s = find(f.blocked, f.nblocked, "socket(AF_VSOCK)")) || s->err != EPERM)
        return 5;
    if (find(f.blocked, f.nblocked, "socket") || find(f.blocked, f.nblocked, "mount"))
        return 6;
    if (!(s = find(f.capgated, f.ncapgated, "mount")) || strcmp(s->needs, "SYS_ADMIN") != 0)
        return 7;
    if (f.nblocked != 5 || f.nallowed + 5 != f.nprobed || f.nprobed < 300)
        return 8;
    dd_inside_facts_free(&f);
    return 0;
}

static void test_probe(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(probe_child());
    int st = 0;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st));
    CHECK_INT(WEXITSTATUS(st), 0);
}

int main(void)
{
    test_caps();
    test_fixture();
    test_probe();
    return dd_test_done();
}
