/* Containers: what drydock knows about each (name, image, privileges, mounts, start time),
 * from the Docker API, keyed by the 64-hex id that the kernel side reads from the cgroup's
 * directory name.
 *
 * A thread follows the daemon's /events (subscribed before the sensor starts, so a
 * container that lives 50 ms is named by its create event even if it is gone before its
 * records are read) and queues updates; the watch loop applies them with
 * dd_dockerwatch_drain(), so the cache itself is single-threaded. Removed containers stay
 * for a while (a bounded LRU) so that late records still name them.
 *
 * The daemon's JSON is untrusted: every field is type-checked and bounded.
 * Ownership: the cache owns its containers; pointers returned stay valid until the next
 * dd_ctrcache_put/dd_ctrcache_removed. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "engine/engine.h"
#include "watch/wevent.h"

/* The container id in a cgroup directory name: "<64 hex>" (cgroupfs driver),
 * "docker-<64 hex>.scope" (systemd driver). */
bool dd_cgroup_container_id(const char *name, char id[65]);

dd_container *dd_container_from_inspect(const json_t *j);
void dd_container_free(dd_container *c);

typedef struct dd_ctrcache dd_ctrcache;
dd_ctrcache *dd_ctrcache_new(size_t max_removed);
void dd_ctrcache_free(dd_ctrcache *c);
const dd_container *dd_ctrcache_get(const dd_ctrcache *c, const char *id);
/* Takes ownership. A container known before keeps what the new one does not say. */
const dd_container *dd_ctrcache_put(dd_ctrcache *c, dd_container *ctr);
void dd_ctrcache_removed(dd_ctrcache *c, const char *id);
/* Ids the daemon does not know (another daemon's containers): asked once. */
void dd_ctrcache_mark_foreign(dd_ctrcache *c, const char *id);
bool dd_ctrcache_is_foreign(const dd_ctrcache *c, const char *id);
size_t dd_ctrcache_size(const dd_ctrcache *c);
/* First container whose name or id (prefix of 12+) is `ref`, or NULL. */
const dd_container *dd_ctrcache_find(const dd_ctrcache *c, const char *ref);

typedef enum { DD_CTR_PUT = 1, DD_CTR_STARTED, DD_CTR_REMOVED } dd_ctrupdate_kind;
typedef struct dd_ctrupdate {
    dd_ctrupdate_kind kind;
    dd_container *ctr; /* PUT, STARTED: owned by the update */
    char id[65];
    struct dd_ctrupdate *next;
} dd_ctrupdate;

typedef struct dd_dockerwatch dd_dockerwatch;
/* Connects, subscribes to /events, lists and inspects the running containers (queued
 * as updates), then follows events in a thread. `wake_fd` (an eventfd, or -1) is
 * written when updates are queued. */
int dd_dockerwatch_start(dd_dockerwatch **out, const dd_engine_config *cfg, int wake_fd,
                         dd_error *e);
/* The queued updates, oldest first (the caller frees them with dd_ctrupdate_free). */
dd_ctrupdate *dd_dockerwatch_drain(dd_dockerwatch *w);
void dd_ctrupdate_free(dd_ctrupdate *u);
/* Inspect one container now (from the watch loop, on its own connection). NULL when the
 * daemon does not know it (404) or cannot be reached; *gone tells which. */
dd_container *dd_dockerwatch_inspect(dd_dockerwatch *w, const char *id, bool *gone);
/* Events the thread could not read (the daemon went away): counted, never fatal. */
size_t dd_dockerwatch_errors(const dd_dockerwatch *w);
void dd_dockerwatch_stop(dd_dockerwatch *w);
