/* What the sensor's records say about a workload: the consumer `drydock
 * profile` hands to dd_sensor_poll, kept apart from the loop so it can be
 * tested with records made by hand.
 *
 * runc's handover: runc's own processes work in the container's cgroup before
 * the workload exists (as "exe", then "runc:[0:PARENT]", "runc:[1:CHILD]",
 * "runc:[2:INIT]"). runc:[2:INIT] installs the container's filter with
 * prctl(PR_SET_SECCOMP) (or seccomp(SECCOMP_SET_MODE_FILTER)); what it calls
 * after that is runtime_syscalls (the profile must allow it or the container
 * cannot start); its exec is the handover. The workload is that process and
 * every process forked from it afterwards: records of any other process in the
 * cgroup (runc, or the runc of a `docker exec`) are not the workload's. When a
 * running container is recorded, the processes already in its cgroup are the
 * workload (dd_rec_state_adopt).
 *
 * The sensor sends the first occurrence of each fact only (DD_SENSOR_RAW_FIRST,
 * with the argument bits of dd_rec_first_args: what the profile's filters and
 * the recording look at) and counts the rest; the kernel keys a fact by process,
 * program image and seccomp state, so runc:[2:INIT]'s calls after its filter and
 * the workload's after the exec are new facts even when runc made them before.
 *
 * In verify mode (`profile` set) each workload record is also judged: a call
 * the profile refuses that came back with the profile's errno, a capability
 * refused inside a call that then failed (the sensor names it:
 * DD_SENSOR_RAW_CAUSE), a write refused by the read-only root (EROFS) or by
 * file permissions (EACCES) become denials, counted with the kernel's counts
 * (dd_rec_on_count). */
#pragma once
#include <stdint.h>

#include "profile/profile.h"
#include "profile/recorder.h"
#include "watch/event.h"

#define DD_REC_MAX_TASKS 4096

typedef struct dd_rec_state {
    const dd_seccomp *profile; /* verify mode when set */
    dd_seccomp_env env;        /* the capabilities the profile grants */
    uint64_t work[DD_NR_WORDS], runtime[DD_NR_WORDS];
    uint64_t clone_ns_flags, socket_families, caps_used, caps_refused;
    dd_names personalities, execs, uids;
    uint32_t filtered[64]; /* runc:[2:INIT] tgids past their filter */
    size_t nfiltered;
    uint32_t *workload; /* tgids of the workload (open addressing, 0 = empty) */
    size_t nworkload, capworkload;
    dd_denial *denials;
    size_t ndenials;
    struct dd_rec_fact {
        struct dd_first_key key;
        size_t denial;
    } * facts; /* the facts denials were made of, sorted by key: their later counts */
    size_t nfacts;
    uint64_t records, lost;
} dd_rec_state;

void dd_rec_state_init(dd_rec_state *s, const dd_seccomp *verify_profile, uint64_t caps);
/* Count `tgid` as the workload's (a process of an already running container).
 */
void dd_rec_state_adopt(dd_rec_state *s, uint32_t tgid);
/* The dd_sensor_cb: ud is the dd_rec_state. Never fails. */
int dd_rec_on_record(const struct dd_ev_hdr *rec, size_t size, void *ud, dd_error *e);
/* The dd_sensor_first_cb: later occurrences of a fact, added to its denial's count. */
void dd_rec_on_count(const struct dd_first_key *key, uint64_t n, void *ud);
/* The argument bits that make facts distinct for the sensor (DD_NR_MAX entries). */
const struct dd_first_args *dd_rec_first_args(void);
/* Move what was seen into the recording (syscall names, arguments,
 * capabilities, uids, programs) and the denials into v (may be NULL); the state
 * is emptied. */
void dd_rec_state_finish(dd_rec_state *s, dd_recording *r, dd_profile_verdict *v);
void dd_rec_state_free(dd_rec_state *s);
