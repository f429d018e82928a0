/* The container being recorded: created with the docker CLI (so every `docker run` flag
 * means what the user expects), started, waited for and removed through the Engine API,
 * its cgroup made before it starts (so the sensor can follow it from runc's first call),
 * its peaks sampled from the cgroup, its ports from its network namespace, and its root
 * filesystem changes (`docker diff`).
 *
 * Ownership: dd_ctr owns its strings; dd_ctr_free() releases them (never the container). */
#pragma once
#include <stdint.h>
#include <sys/types.h>

#include "engine/engine.h"
#include "profile/seccomp.h"

typedef struct dd_ctr {
    char id[65];
    char *name;
    char *image;
    int pid;                                /* the init process on the host, 0 when not running */
    uint64_t cgroup_id;                     /* inode of its cgroup v2 directory; 0 when unknown */
    char *cg_unified;                       /* its cgroup v2 directory */
    char *cg_pids, *cg_memory, *cg_cpuacct; /* cgroup v1 controller directories, or NULL */
} dd_ctr;

typedef struct dd_ctr_usage {
    int64_t peak_pids, peak_mem; /* -1 until measured */
    double peak_cpus;            /* -1 until measured */
    uint64_t last_cpu_ns;
    double last_t;
} dd_ctr_usage;

/* `docker create [extra...] ARGS` with the daemon of `eng`; fills id. */
int dd_ctr_create(dd_engine *eng, char *const *extra, int nextra, int argc, char **argv,
                  dd_ctr *out, dd_error *e);
/* Inspect by name or id: id, name, image, pid and (when running) cgroup paths. */
int dd_ctr_inspect(dd_engine *eng, const char *ref, dd_ctr *c, dd_error *e);
/* Make the cgroup v2 directory runc will use (cgroupfs driver) and keep its inode as the
 * cgroup id. Returns 0 when made, -1 when it cannot be known before start. */
int dd_ctr_precreate_cgroup(dd_engine *eng, dd_ctr *c, dd_error *e);
int dd_ctr_start(dd_engine *eng, const dd_ctr *c, dd_error *e);
/* Start `docker exec CONTAINER ARGV...` (its output on stderr); *pid is the CLI's, to be
 * waited for. */
int dd_ctr_exec_start(dd_engine *eng, const dd_ctr *c, int argc, char **argv, pid_t *pid,
                      dd_error *e);
/* Whether it still runs; *exit_code gets its exit code once it stopped. */
int dd_ctr_running(dd_engine *eng, const dd_ctr *c, int *exit_code, dd_error *e);
int dd_ctr_stop_remove(dd_engine *eng, const dd_ctr *c, dd_error *e);
/* Changes of its root filesystem, "A /path", "C /path", "D /path". */
int dd_ctr_changes(dd_engine *eng, const dd_ctr *c, dd_names *out, dd_error *e);
/* One sample of pids, memory (peak) and CPU time, folded into u. */
void dd_ctr_sample(const dd_ctr *c, dd_ctr_usage *u);
/* Listening TCP and bound UDP ports in its network namespace ("tcp/80"). */
void dd_ctr_ports(const dd_ctr *c, dd_names *out);
void dd_ctr_free(dd_ctr *c);
