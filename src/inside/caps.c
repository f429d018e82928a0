#include "inside/caps.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>

#include "core/buf.h"
#include "core/mem.h"
#include "report/rule.h"

const char *dd_cap_name(unsigned bit, char buf[DD_CAP_NAME_MAX])
{
    char *n = cap_to_name((cap_value_t)bit);
    if (!n || strncasecmp(n, "cap_", 4) != 0) {
        /* libcap names bits it does not know by number; say which bit it is. */
        snprintf(buf, DD_CAP_NAME_MAX, "CAP_%u", bit);
    } else {
        size_t i = 0;
        for (const char *p = n + 4; *p && i + 1 < DD_CAP_NAME_MAX; p++)
            buf[i++] = (char)toupper((unsigned char)*p);
        buf[i] = '\0';
    }
    cap_free(n);
    return buf;
}

int dd_cap_from_name(const char *name)
{
    char lower[DD_CAP_NAME_MAX + 4] = "cap_";
    const char *p = strncasecmp(name, "cap_", 4) == 0 ? name + 4 : name;
    size_t i = 4;
    for (; *p && i + 1 < sizeof lower; p++)
        lower[i++] = (char)tolower((unsigned char)*p);
    if (*p)
        return -1;
    lower[i] = '\0';
    cap_value_t v;
    if (cap_from_name(lower, &v) < 0 || v < 0 || v > 63)
        return -1;
    return (int)v;
}

unsigned dd_cap_last(void)
{
    /* The kernel's own count (/proc/sys/kernel/cap_last_cap, read by libcap), capped at
     * the 64 bits a capability set has. */
    int n = cap_max_bits();
    return n > 0 && n <= 64 ? (unsigned)n - 1 : 40;
}

/* runc's default set: moby's oci/caps/defaults.go (DefaultCapabilities). */
static const char *const docker_default[] = {
    "CHOWN",  "DAC_OVERRIDE", "FSETID",  "FOWNER",           "MKNOD",      "NET_RAW", "SETGID",
    "SETUID", "SETFCAP",      "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",    "AUDIT_WRITE",
};

uint64_t dd_cap_docker_default(void)
{
    uint64_t m = 0;
    for (size_t i = 0; i < DD_ARRAY_LEN(docker_default); i++) {
        int b = dd_cap_from_name(docker_default[i]);
        if (b >= 0)
            m |= 1ULL << b;
    }
    return m;
}

static const struct {
    const char *name;
    const char *why;
} dangers[] = {
    {"SYS_ADMIN", "mount, namespaces, BPF, cgroup release agents: the classic container escape"},
    {"SYS_PTRACE", "trace and inject code into other processes (the host's with --pid host)"},
    {"SYS_MODULE", "load kernel modules: full control of the host kernel"},
    {"SYS_RAWIO", "raw I/O ports and /dev/mem: read and write host memory"},
    {"DAC_READ_SEARCH", "open_by_handle_at: read any file of the host filesystem (shocker)"},
    {"NET_ADMIN", "reconfigure interfaces, routes and firewall of its network namespace"},
    {"SYS_BOOT", "reboot the host"},
    {"SYS_TIME", "set the host's clock"},
    {"BPF", "load BPF programs into the host kernel"},
    {"PERFMON", "perf events: observe the host kernel and other processes"},
    {"MAC_ADMIN", "change the LSM policy"},
    {"MAC_OVERRIDE", "bypass the LSM policy"},
    {"SYSLOG", "read kernel addresses and the host's kernel log"},
    {"SYS_RESOURCE", "override resource limits and quotas"},
    {"AUDIT_CONTROL", "change the host's audit rules"},
    {"LINUX_IMMUTABLE", "change immutable and append-only files"},
    {"SYS_NICE", "starve the host's processes of CPU"},
    {"WAKE_ALARM", "wake the host from suspend"},
    {"SYS_TTY_CONFIG", "vhangup the host's terminals"},
    {"SYS_PACCT", "switch process accounting on the host"},
    {"IPC_OWNER", "bypass permission checks on System V IPC objects"},
    {"NET_BROADCAST", "broadcast and multicast"},
    {"CHECKPOINT_RESTORE", "checkpoint/restore operations on other processes"},
};

const char *dd_cap_danger(unsigned bit)
{
    char buf[DD_CAP_NAME_MAX];
    dd_cap_name(bit, buf);
    for (size_t i = 0; i < DD_ARRAY_LEN(dangers); i++)
        if (strcmp(dangers[i].name, buf) == 0)
            return dangers[i].why;
    return NULL;
}

char *dd_cap_set_str(uint64_t set, const char *sep)
{
    dd_buf b = DD_BUF_INIT;
    char name[DD_CAP_NAME_MAX];
    dd_buf_puts(&b, "");
    for (unsigned bit = 0; bit < 64; bit++)
        if (set & (1ULL << bit)) {
            if (b.len)
                dd_buf_puts(&b, sep);
            dd_buf_puts(&b, dd_cap_name(bit, name));
        }
    return dd_buf_steal(&b);
}

json_t *dd_cap_set_json(uint64_t set)
{
    json_t *a = json_array();
    char name[DD_CAP_NAME_MAX];
    for (unsigned bit = 0; bit < 64; bit++)
        if (set & (1ULL << bit))
            json_array_append_new(a, json_string(dd_cap_name(bit, name)));
    return a;
}
