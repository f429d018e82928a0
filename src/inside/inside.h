/* `drydock inside`: what isolation the container this process runs in really has, seen
 * from inside it (amicontained's job, done without counting capability failures as
 * seccomp blocks). Facts are gathered once into dd_inside_facts, then the verdict table
 * (dd_inside_table, one row per CIS 5.x setting visible from inside) reads them.
 *
 * This module must link into the static `drydock-inside` binary: it uses only libc,
 * libseccomp, libcap, jansson and src/core + src/report (never the engine, curl or the
 * other capabilities' code).
 *
 * Ownership: dd_inside_facts owns every string and array inside it; dd_inside_facts_free()
 * releases them. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "report/report.h"

typedef enum {
    DD_NS_UNKNOWN = 0,
    DD_NS_OWN,  /* a namespace of its own (not the host's initial one) */
    DD_NS_HOST, /* the host's initial namespace */
} dd_ns_state;

typedef struct dd_inside_ns {
    const char *name; /* "pid", "net", ... (static) */
    unsigned long inode;
    dd_ns_state state;
    char how[96]; /* how it was decided */
} dd_inside_ns;

#define DD_INSIDE_NNS 8

/* How the container's seccomp filter answers one system call (probe.c). */
typedef enum {
    DD_PROBE_ALLOWED = 0, /* the filter lets it through (it may still need a capability) */
    DD_PROBE_ERRNO,       /* the filter answers an errno (EPERM, ENOSYS...) */
    DD_PROBE_KILLED,      /* the filter kills or traps the caller */
} dd_probe_verdict;

typedef struct dd_inside_syscall {
    char *name; /* "mount", or "clone(CLONE_NEWUSER)" for an argument probe */
    int nr;     /* native syscall number */
    dd_probe_verdict verdict;
    int err;           /* the errno for DD_PROBE_ERRNO, the signal for DD_PROBE_KILLED */
    const char *needs; /* capability the kernel checks for it ("SYS_ADMIN"), or NULL */
} dd_inside_syscall;

typedef struct dd_inside_mount {
    char *target; /* where it is mounted in the container */
    char *root;   /* the path within its filesystem that is mounted */
    char *fstype;
    char *source;
    bool ro;
} dd_inside_mount;

typedef struct dd_inside_facts {
    /* runtime */
    char runtime[24]; /* "docker", "podman", "kubernetes", "lxc", "containerd", "none" */
    char runtime_how[256];
    char container_id[65]; /* from the cgroup path or mounts; "" when not found */
    char hostname[65];

    dd_inside_ns ns[DD_INSIDE_NNS];
    char *uid_map, *gid_map; /* as the kernel prints them */
    uint32_t uid, euid, gid;

    uint64_t cap_eff, cap_prm, cap_bnd, cap_amb, cap_inh;
    int no_new_privs; /* 0, 1, or -1 unknown */
    int seccomp_mode; /* 0 off, 1 strict, 2 filter, -1 unknown */
    int seccomp_filters;

    /* seccomp probing (dd_inside_probe) */
    bool probed;
    char probe_error[256]; /* why probing was not possible, or "" */
    size_t nprobed, nallowed;
    dd_inside_syscall *blocked; /* what the filter refuses or kills */
    size_t nblocked;
    dd_inside_syscall *capgated; /* allowed by the filter, refused for a missing capability */
    size_t ncapgated;

    char lsm[16];        /* "apparmor", "selinux", "" when none confines us */
    char lsm_label[256]; /* the label the LSM gave this process */
    bool rootfs_ro;

    /* cgroup limits; -1 means unlimited, -2 unknown */
    int cgroup_version; /* 1, 2, or 0 when not found */
    int64_t mem_limit, pids_limit, cpu_quota_us, cpu_period_us, cpu_shares;

    char **sockets; /* container-runtime sockets reachable (connect() succeeds) */
    size_t nsockets;
    dd_inside_mount *host_mounts; /* host filesystem roots or sensitive host directories */
    size_t nhost_mounts;
    bool procsys_writable; /* /proc/sys mounted read-write */
    bool sys_writable;     /* /sys mounted read-write */
    char **devices;        /* device nodes beyond Docker's default set */
    size_t ndevices;
    bool devices_all; /* the devices cgroup allows every device (a *:* rwm) */
} dd_inside_facts;

/* Gather every fact except the seccomp probe from `root` ("" for the real /; tests point
 * it at a fixture tree holding proc/self/status and friends). A fact that cannot be read
 * stays at its unknown value; -1 only when /proc itself is unreadable. */
int dd_inside_gather(const char *root, dd_inside_facts *f, dd_error *e);

/* Probe the seccomp filter of this process without executing anything: a forked child
 * stacks a user-notification filter over the container's own and calls every system
 * call libseccomp knows for this architecture; the filter with the highest precedence
 * wins, so a call the container's filter allows reaches our supervisor (which answers it
 * without running it) and a call it refuses comes back with the container's errno.
 * Fills probed/blocked/capgated; on failure sets probe_error and returns -1 (the rest of
 * the facts stay valid). */
int dd_inside_probe(dd_inside_facts *f, dd_error *e);

void dd_inside_facts_free(dd_inside_facts *f);

/* The facts as one JSON object (owned by the caller). */
json_t *dd_inside_facts_json(const dd_inside_facts *f);
/* The facts for people, before the verdicts. */
void dd_inside_write_facts(const dd_inside_facts *f, FILE *out, bool color);

/* Evaluate the verdict table into `r` (one finding per row). */
void dd_inside_evaluate(const dd_inside_facts *f, dd_report *r);
extern const dd_rule_table dd_inside_table;
extern const dd_section dd_inside_sections[];
