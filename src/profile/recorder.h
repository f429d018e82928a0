/* Recording a container with the eBPF sensor of `drydock watch` (src/watch/sensor.h), and
 * verifying a profile by running the workload under it.
 *
 * Ownership: recordings and results are owned by the caller (dd_recording_free,
 * dd_profile_verdict_free). */
#pragma once
#include <stdio.h>

#include "engine/engine.h"
#include "profile/profile.h"

typedef struct dd_record_opts {
    double duration;                /* seconds */
    const dd_engine_config *engine; /* which dockerd */
} dd_record_opts;

/* One thing the profile refused while verifying. */
typedef struct dd_denial {
    char *kind;    /* "syscall", "capability", "write" */
    char *what;    /* "mount", "SYS_ADMIN", "/etc/passwd" */
    char *process; /* "sh[1234]" */
    int err;       /* errno for syscalls, 0 otherwise */
    unsigned long count;
} dd_denial;

typedef struct dd_profile_verdict {
    char *container;
    int exit_code; /* the workload's, -1 when it was still running at the end */
    dd_denial *denials;
    size_t ndenials;
} dd_profile_verdict;

/* Record a running container for opts->duration seconds. */
int dd_profile_record_container(const char *container, const dd_record_opts *o, dd_recording *out,
                                dd_error *e);
/* `docker exec CONTAINER ARGV...`, recorded from runc's handover to the command until it
 * exits or the duration has passed; what already ran in the container is not recorded. */
int dd_profile_record_exec(const char *container, int argc, char **argv, const dd_record_opts *o,
                           dd_recording *out, dd_error *e);
/* `docker run ARGS` (detached), recorded from runc's handover until it exits or the
 * duration has passed; the container is removed afterwards. */
int dd_profile_record_run(int argc, char **argv, const dd_record_opts *o, dd_recording *out,
                          dd_error *e);
/* Run `docker run ARGS` under the profile of `r` and report what it refused. */
int dd_profile_verify(const dd_recording *r, int argc, char **argv, const dd_record_opts *o,
                      dd_profile_verdict *out, dd_error *e);
void dd_profile_verdict_print(FILE *out, const dd_profile_verdict *v, bool json);
void dd_profile_verdict_free(dd_profile_verdict *v);
