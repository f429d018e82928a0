/* Docker Engine API client over libcurl.
 *
 * Where the daemon is: -H/--host, else DOCKER_HOST, else unix:///var/run/docker.sock.
 * unix:// and tcp:// are supported; tcp with DOCKER_TLS_VERIFY (or --tlsverify) uses
 * DOCKER_CERT_PATH/{ca,cert,key}.pem like the docker CLI. The API version is negotiated
 * once with GET /version (the lower of the daemon's and ours).
 *
 * The daemon is a trust boundary: its JSON is parsed with a size limit and every field
 * is checked for type by the caller.
 *
 * Ownership: dd_engine_open() returns an engine the caller frees with dd_engine_free().
 * JSON returned through `out` parameters is owned by the caller (json_decref). */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define DD_ENGINE_MAX_API "1.43"
#define DD_ENGINE_MIN_API "1.24"
/* Bounds on what the daemon may make drydock hold, sized to what a real answer can be.
 * An object (inspect, history, /top, /info, /version) is kilobytes: a container with
 * hundreds of labels, mounts and variables stays far below 4 MiB. A list is about 2 KiB
 * per object: 64 MiB is some 30,000 containers or images. And all the answers of one
 * dd_engine_get_json_many() together (what bench holds at once) stay below
 * DD_ENGINE_MAX_SET, however many objects the daemon lists. A larger answer, or one past
 * the set's budget, is an error for that request, naming the bound. */
#define DD_ENGINE_MAX_OBJECT (4u << 20)
#define DD_ENGINE_MAX_LIST   (64u << 20)
#define DD_ENGINE_MAX_SET    (128u << 20)

typedef struct dd_engine dd_engine;

typedef struct dd_engine_config {
    const char *host;     /* NULL: DOCKER_HOST or the default socket */
    int tls_verify;       /* -1: from DOCKER_TLS_VERIFY */
    const char *cert_path; /* NULL: DOCKER_CERT_PATH or ~/.docker */
    long timeout_ms;      /* whole-request timeout for JSON calls; 0 = 30 s */
    long stall_ms;        /* streams: give up when less than 1 KiB/s arrives for this
                             long; 0 = 60 s */
} dd_engine_config;

int dd_engine_open(dd_engine **out, const dd_engine_config *cfg, dd_error *e);
void dd_engine_free(dd_engine *eng);

/* GET /_ping then /version; fills the negotiated version. Connection failures come back
 * with a message and hint a user can act on (daemon not running, permission denied). */
int dd_engine_connect(dd_engine *eng, dd_error *e);

const char *dd_engine_host(const dd_engine *eng);        /* "unix:///var/run/docker.sock" */
const char *dd_engine_api_version(const dd_engine *eng); /* "1.41" after connect */
json_t *dd_engine_version_json(const dd_engine *eng);    /* borrowed: /version answer */

/* GET a versioned API path ("/containers/json?all=1"). *status gets the HTTP status;
 * a non-2xx status is an error whose message carries the daemon's own "message". */
int dd_engine_get_json(dd_engine *eng, const char *path, json_t **out, long *status, dd_error *e);

/* Many GETs at once over parallel connections (inspect of every container).
 * outs[i]/statuses[i]/errs[i] are filled per request; returns the number that failed.
 * The answers together are bounded by DD_ENGINE_MAX_SET; once one request has timed out,
 * the daemon is taken as not answering and the requests not yet sent fail at once (so a
 * stalled daemon costs one timeout, not one per container). */
size_t dd_engine_get_json_many(dd_engine *eng, const char *const *paths, size_t n, json_t **outs,
                               long *statuses, dd_error *errs);

/* Stream a response body (image export) to `cb`; cb returns 0 to go on, -1 to stop
 * (then the error it set is returned). No overall timeout (the callback bounds the bytes),
 * only a stall timeout (see stall_ms). */
typedef int (*dd_engine_sink)(const void *data, size_t len, void *ud, dd_error *e);
int dd_engine_stream(dd_engine *eng, const char *path, dd_engine_sink cb, void *ud, dd_error *e);

/* POST with an optional JSON body (tests and `watch` use it). */
int dd_engine_post_json(dd_engine *eng, const char *path, const json_t *body, json_t **out,
                        long *status, dd_error *e);

/* URL-escape one path component (container name, image reference). Caller frees. */
char *dd_engine_escape(const char *s);
