/* Alerts POSTed to an HTTP endpoint (Falcosidekick and other receivers of Falco's JSON),
 * from a thread, so a slow or dead receiver never holds the watch loop.
 *
 * The queue is bounded: when it is full the oldest alert is dropped and counted. A POST
 * that fails (connection error, timeout, HTTP status >= 300) is retried with growing
 * pauses; after the last try the alert counts as failed. Stopping sends what is queued
 * within a deadline and counts the rest as dropped.
 * Ownership: dd_webhook_start() returns a webhook the caller stops with dd_webhook_stop(). */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef struct dd_webhook dd_webhook;

typedef struct dd_webhook_opts {
    const char *url;
    size_t queue_max;      /* 0: 10000 */
    int tries;             /* 0: 4 */
    long timeout_ms;       /* per POST; 0: 5000 */
    long first_backoff_ms; /* 0: 200, doubled each retry */
} dd_webhook_opts;

typedef struct dd_webhook_stats {
    uint64_t sent, failed, dropped, retries;
    size_t queued;
} dd_webhook_stats;

int dd_webhook_start(dd_webhook **out, const dd_webhook_opts *o, dd_error *e);
/* Queue one JSON document (copied). Never blocks. */
void dd_webhook_send(dd_webhook *w, const char *json, size_t len);
void dd_webhook_stats_get(dd_webhook *w, dd_webhook_stats *st);
/* Flush for at most deadline_ms, then stop. */
void dd_webhook_stop(dd_webhook *w, long deadline_ms, dd_webhook_stats *final);
