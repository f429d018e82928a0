/* The process table: what drydock knows about every process it has seen (command line,
 * executable, working directory, parent), kept in user space and bounded.
 *
 * Processes enter from exec and fork records, from the first record of a process that
 * was missed (copied from its parent, else read from /proc), and from a /proc scan when
 * watching starts. An exited process stays in a graveyard for a while so that its
 * children's ancestry (proc.aname[N]) still resolves; the table never grows past its
 * bound (the oldest exited, then the least recently seen, make room).
 *
 * Ownership: the table owns its entries; pointers returned stay valid until the next
 * call that changes the table. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "watch/event.h"
#include "watch/wevent.h"

typedef struct dd_proctab dd_proctab;

/* real_off: CLOCK_REALTIME - CLOCK_MONOTONIC, to turn record times into wall time. */
dd_proctab *dd_proctab_new(size_t max);
void dd_proctab_free(dd_proctab *t);
size_t dd_proctab_size(const dd_proctab *t);

const dd_proc *dd_proctab_find(const dd_proctab *t, uint32_t pid);
/* The process a record's task belongs to, created if it is new to us. */
const dd_proc *dd_proctab_for_task(dd_proctab *t, const struct dd_ev_task *task, int64_t real_off);
/* A new image: strs/slens are the exec record's strings by slot (argv and environment
 * are NUL-separated blocks of slens bytes; the others are terminated strings). */
const dd_proc *dd_proctab_exec(dd_proctab *t, const struct dd_ev_exec *x, const char *const *strs,
                               const uint32_t *slens, int64_t real_off);
void dd_proctab_fork(dd_proctab *t, const struct dd_ev_fork *f, int64_t real_off);
void dd_proctab_exit(dd_proctab *t, uint32_t pid);
/* Read every process of `procroot` ("/proc"). Returns how many were added. */
size_t dd_proctab_scan(dd_proctab *t, const char *procroot, int64_t real_off);
