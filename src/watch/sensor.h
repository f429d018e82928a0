/* The eBPF sensor: a library other commands build on (`drydock watch` evaluates rules on
 * its records; `drydock profile` records what a container does).
 *
 * Life cycle, as in libbpf-tools: open → configure → load → attach → poll, and one
 * dd_sensor_free() that undoes whatever was done (it may be called after any step):
 *
 *     dd_sensor *s;
 *     dd_sensor_config cfg;
 *     dd_sensor_config_init(&cfg);
 *     dd_sensor_interest_set(&cfg, __NR_openat);         // records for openat
 *     cfg.filter_cgroups = true;                         // only cgroups we add
 *     if (dd_sensor_open(&s, e) < 0 || dd_sensor_configure(s, &cfg, e) < 0 ||
 *         dd_sensor_load(s, e) < 0 || dd_sensor_cgroup_add(s, cgid, e) < 0 ||
 *         dd_sensor_attach(s, e) < 0) { dd_sensor_free(s); return -1; }
 *     while (running)
 *         dd_sensor_poll(s, 100, on_record, ud, e);      // records in time order
 *     dd_sensor_free(s);
 *
 * What it reports (records are defined in watch/event.h):
 *  - process lifecycle: exec (the new image: path, argv, cwd, exe inode facts), fork of a
 *    process, exit of a process's last thread (always on unless disabled);
 *  - the syscalls set in the interest bitmap, at sys_exit, with their arguments, the
 *    result, the described fd (file path, socket addresses) and path arguments with the
 *    directory a relative one is relative to; a syscall outside the bitmap costs one bit
 *    test in the kernel. How each syscall's arguments are read is the spec table
 *    (dd_syscall_specs() in watch/syscalls.h unless the caller passes its own);
 *  - the cgroup of every record (id) and, the first time a cgroup is seen, its directory
 *    name and three ancestors' (a DD_EV_CGROUP record before the first record of that
 *    cgroup): a container stays named after its cgroup is gone;
 *  - raw mode (profile): every syscall of the filtered cgroups at sys_exit, counted per
 *    (cgroup, syscall) in the kernel (DD_SENSOR_RAW_COUNT, read with dd_sensor_raw_counts)
 *    and/or as DD_EV_RAW records (DD_SENSOR_RAW_RECORD); with filter_cgroups only, since
 *    every syscall of the host would otherwise be recorded;
 *  - first occurrences (DD_SENSOR_RAW_FIRST, with RAW_RECORD): only the first syscall exit
 *    or capability check saying something new (struct dd_first_key in watch/event.h:
 *    process, program image, seccomp state, uid, comm, syscall, result, the argument
 *    bits first_args selects) is a record (struct dd_ev_raw_first, or a DD_EV_CAP); the
 *    kernel counts the rest (dd_sensor_first_counts). A loop of one call then costs a
 *    compare per call instead of a record. DD_SENSOR_RAW_CAUSE adds to each syscall fact
 *    the capability refused during a call that failed with EPERM/EACCES (needs
 *    cap_capable);
 *  - capability checks, granted and refused (capability:cap_capable), when cap_capable
 *    is set.
 *
 * Records of one CPU are in order; dd_sensor_poll merges the per-CPU rings by timestamp.
 * A full ring loses records: every loss is counted per record type in dd_sensor_stats,
 * exactly (the kernel counts each failed write). drydock itself is never traced.
 *
 * Threads: a sensor is used from one thread; dd_sensor_cgroup_add/remove may be called
 * from any thread (they are map updates).
 *
 * Ownership: dd_sensor_open() returns a sensor the caller frees with dd_sensor_free().
 * Records passed to the poll callback are borrowed: valid only during the call, and
 * their contents come from traced processes (untrusted, sizes bounded by the record). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "watch/event.h"

typedef struct dd_sensor dd_sensor;

enum {
    DD_SENSOR_RAW_COUNT = 1,  /* count every syscall per (cgroup, nr) in a kernel map */
    DD_SENSOR_RAW_RECORD = 2, /* and/or send a DD_EV_RAW record for each */
    DD_SENSOR_RAW_FIRST = 4,  /* records of first occurrences only (and caps likewise) */
    DD_SENSOR_RAW_CAUSE = 8,  /* facts of failed calls name the capability refused */
};

typedef struct dd_sensor_config {
    uint64_t interest[DD_NR_WORDS]; /* syscalls that make records */
    const struct dd_sc_spec *specs; /* DD_NR_MAX entries; NULL: dd_syscall_specs() */
    size_t ring_bytes;              /* per-CPU ring, a power of two >= 4096; 0: 8 MiB */
    double wakeup_fill;             /* wake the reader when a ring is this full (0..1); 0: 1/4 */
    uint32_t argv_max;              /* bytes of argv kept per exec; 0: 4096 */
    uint32_t env_max;               /* bytes of environment kept per exec; 0: none */
    bool filter_cgroups;            /* only cgroups added with dd_sensor_cgroup_add() */
    unsigned raw_mode;              /* DD_SENSOR_RAW_*; needs filter_cgroups */
    bool cap_capable;               /* attach capability:cap_capable */
    bool no_lifecycle;              /* do not attach exec/fork/exit */
    /* DD_SENSOR_RAW_FIRST: DD_NR_MAX entries, the argument bits that make facts
     * distinct (NULL: none); how many distinct facts are kept (0: 65536; past it every
     * occurrence of a new fact is a record, counted in dd_stats.first_full). */
    const struct dd_first_args *first_args;
    uint32_t first_max;
} dd_sensor_config;

void dd_sensor_config_init(dd_sensor_config *cfg);
void dd_sensor_interest_set(dd_sensor_config *cfg, unsigned nr);
bool dd_sensor_interest_has(const dd_sensor_config *cfg, unsigned nr);

/* Checks what loading needs, before trying: root (or CAP_BPF+CAP_PERFMON), kernel BTF,
 * no lockdown that forbids reading kernel memory. `sysroot` prefixes the /sys paths
 * ("" for the real ones; tests point it at a fake tree). -1 with a message naming what
 * is missing and a hint. */
int dd_sensor_preflight(const char *sysroot, dd_error *e);

int dd_sensor_open(dd_sensor **out, dd_error *e);
int dd_sensor_configure(dd_sensor *s, const dd_sensor_config *cfg, dd_error *e);
/* Verifies and loads the programs, creates the rings. A refusal comes back with the
 * reason (permission, lockdown, the verifier's last words). */
int dd_sensor_load(dd_sensor *s, dd_error *e);
int dd_sensor_attach(dd_sensor *s, dd_error *e);

/* The callback gets one record (a struct dd_ev_hdr first); return 0 to go on, -1 to stop
 * the poll (the error it set is returned). */
typedef int (*dd_sensor_cb)(const struct dd_ev_hdr *rec, size_t size, void *ud, dd_error *e);
/* Wait up to timeout_ms for records (returns early when a ring fills past wakeup_fill),
 * then hand every available record to cb in timestamp order. Returns the number of
 * records handled, or -1. */
int dd_sensor_poll(dd_sensor *s, int timeout_ms, dd_sensor_cb cb, void *ud, dd_error *e);
/* The fds poll() waits on, for callers with their own event loop (epoll fd). */
int dd_sensor_epoll_fd(const dd_sensor *s);
/* Hand over what is available now, without waiting. */
int dd_sensor_consume(dd_sensor *s, dd_sensor_cb cb, void *ud, dd_error *e);

int dd_sensor_cgroup_add(dd_sensor *s, uint64_t cgroup_id, dd_error *e);
int dd_sensor_cgroup_remove(dd_sensor *s, uint64_t cgroup_id);

/* Counters summed over CPUs; per_cpu (optional, ncpus entries) gets each CPU's. */
int dd_sensor_stats(dd_sensor *s, struct dd_stats *sum, struct dd_stats *per_cpu, dd_error *e);
unsigned dd_sensor_ncpus(const dd_sensor *s);
/* Bytes waiting in CPU `cpu`'s ring now, and the ring's size. */
void dd_sensor_ring_use(const dd_sensor *s, unsigned cpu, size_t *used, size_t *size);

/* Raw mode counts: cb(cgroup_id, syscall nr, count) for every pair seen so far. */
typedef void (*dd_sensor_raw_cb)(uint64_t cgroup_id, unsigned nr, uint64_t count, void *ud);
int dd_sensor_raw_counts(dd_sensor *s, dd_sensor_raw_cb cb, void *ud, dd_error *e);

/* First-occurrence counts: cb(key, n) for every fact kept, n occurrences so far. A key
 * may come more than once (occurrences not yet added up in the kernel): sum them. */
typedef void (*dd_sensor_first_cb)(const struct dd_first_key *key, uint64_t n, void *ud);
int dd_sensor_first_counts(dd_sensor *s, dd_sensor_first_cb cb, void *ud, dd_error *e);

void dd_sensor_free(dd_sensor *s);
