/* A liveness file for a long-running drydock in a container (`watch`): its loop touches
 * the file every second, and `drydock health` — the image's HEALTHCHECK, a Kubernetes
 * livenessProbe — says whether it is fresh. A loop that is stuck (a sensor that stopped
 * being read) stops touching it and the orchestrator restarts the container.
 *
 * The file is DRYDOCK_HEALTH_FILE, else, only in drydock's image (DRYDOCK_IN_CONTAINER=1,
 * report/node.h), /tmp/drydock-watch.health: on a host, root never writes a file of a
 * predictable name in a shared /tmp unasked. It is opened with O_NOFOLLOW, never through a link. */
#pragma once
#include <stdbool.h>

#include "core/error.h"

#define DD_HEARTBEAT_MAX_AGE 30 /* seconds without a touch before the loop counts as stuck */

/* The file to use, or NULL for none. */
const char *dd_heartbeat_path(void);
/* Touch it (create it the first time); -1 with errno. */
int dd_heartbeat_touch(const char *path);
/* 0 when `path` was touched within max_age seconds, or when it does not exist (nothing
 * long-running in this container: a one-shot bench or scan is healthy while it runs);
 * -1 with `e` saying how long ago it was touched. */
int dd_heartbeat_check(const char *path, int max_age, dd_error *e);
