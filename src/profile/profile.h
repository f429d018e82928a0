/* `drydock profile`: what a container did (a recording) and the tightest settings that
 * still let it run (a profile): a Docker/OCI seccomp profile, capabilities, read-only
 * root with a tmpfs list, user, no-new-privileges, pids/memory/CPU limits with headroom,
 * an AppArmor profile; written as `docker run` flags, a compose snippet and JSON.
 *
 * The recording is filled by the recorder (recorder.c, on src/watch's sensor) or read
 * back from a profile file (for verify and --merge); the profile is derived from it by
 * dd_profile_build alone, so the same recording always gives the same profile.
 *
 * Ownership: dd_recording and dd_profile own all their strings and lists; free them with
 * dd_recording_free / dd_profile_free. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "profile/seccomp.h"

/* clone()'s namespace flags (CLONE_NEWNS|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET|NEWCGROUP):
 * the bits the profile's clone rule checks and the recording keeps. */
#define DD_CLONE_NS_MASK 0x7E020000ULL

/* Bounds on a recording read from a file (profile.json is user input). */
#define DD_REC_MAX_BYTES (8u << 20)
#define DD_REC_MAX_LIST  65536
#define DD_REC_MAX_STR   4096

typedef struct dd_recording {
    char *container; /* name or id recorded, may be NULL */
    char *image;
    double seconds;            /* how long it was recorded */
    dd_names syscalls;         /* the workload's, from runc's handover on */
    dd_names runtime_syscalls; /* what runc called after it installed the filter */
    uint64_t clone_ns_flags;   /* CLONE_NEW* flags seen in clone() */
    uint64_t socket_families;  /* bit n: socket(AF n) was called */
    dd_names personalities;    /* personality() arguments, "0x0" */
    uint64_t caps_used;        /* capabilities checked and granted */
    uint64_t caps_refused;     /* checked and refused */
    dd_names changes;          /* the root filesystem's changes: "A /tmp/x", "C /var" */
    dd_names ports;            /* listening ports: "tcp/80", "udp/53" */
    dd_names execs;            /* programs executed */
    dd_names uids;             /* uids the workload ran as: "0", "1000" */
    int64_t peak_pids;         /* -1: not measured */
    int64_t peak_mem;          /* bytes; -1: not measured */
    double peak_cpus;          /* CPUs busy at the peak; <0: not measured */
    int64_t lost;              /* sensor records lost (a full ring): calls may be missing */
    int exit_code;             /* the workload's (--run), -1 when it was still running */
} dd_recording;

typedef struct dd_profile {
    char *name; /* "drydock-web": AppArmor profile name */
    dd_seccomp seccomp;
    uint64_t cap_add;              /* on top of --cap-drop ALL */
    dd_names tmpfs;                /* writable paths on a read-only root */
    dd_names notes;                /* what the user should know (paths changed in place...) */
    char *user;                    /* "65534:65534" when root was never needed, else NULL */
    int64_t pids_limit, mem_limit; /* 0: not set */
    double cpus;                   /* 0: not set */
    size_t nallowed;               /* syscalls the seccomp profile allows */
    size_t docker_default_allowed; /* ... and Docker's default, for Docker's default caps */
    char *apparmor;                /* the AppArmor profile text */
} dd_profile;

void dd_recording_init(dd_recording *r);
void dd_recording_free(dd_recording *r);
/* Add everything `from` saw to `into` (union of sets, maximum of peaks). */
void dd_recording_merge(dd_recording *into, const dd_recording *from);
json_t *dd_recording_to_json(const dd_recording *r);
/* Read a recording (the "recording" member of a profile file); bounded, errors name the
 * member ("web.json: recording.syscalls[3]: ..."). */
int dd_recording_from_json(const json_t *j, const char *name, dd_recording *out, dd_error *e);

/* What runc 1.1 still calls after it installed the container's filter (before execve and
 * in its Go runtime); every generated profile allows these or the container cannot start. */
extern const char dd_runc_handover_syscalls[]; /* space-separated names */

/* Derive the profile from a recording. `name` names the AppArmor profile. */
int dd_profile_build(const dd_recording *r, const char *name, dd_profile *out, dd_error *e);
void dd_profile_free(dd_profile *p);

/* The settings as `docker run` flags, one per line (seccomp_path: where the seccomp JSON
 * is written). Owned by the caller. */
char *dd_profile_docker_run(const dd_profile *p, const char *seccomp_path);
/* The settings as a docker-compose service snippet (YAML). Owned by the caller. */
char *dd_profile_compose(const dd_profile *p, const char *service, const char *seccomp_path);
/* Everything in one JSON document: the profile file `verify` and `--merge` read back. */
json_t *dd_profile_to_json(const dd_profile *p, const dd_recording *r);
/* Read a profile file: its recording (the profile is rebuilt from it). */
int dd_profile_read_file(const char *path, dd_recording *out, dd_error *e);
int dd_profile_parse(const char *data, size_t len, const char *name, dd_recording *out,
                     dd_error *e);

/* The AppArmor profile text (file, exec, network, capability rules). Owned by caller. */
char *dd_apparmor_profile(const dd_recording *r, const dd_profile *p);
/* Check `text` with `apparmor_parser -Q -K` (syntax and semantics, no kernel load).
 * Returns 1 when it passed, 0 when apparmor_parser is not installed (out says so), -1 when
 * it rejected the profile (out holds its message) or could not run. */
int dd_apparmor_check(const char *text, char **out, dd_error *e);
