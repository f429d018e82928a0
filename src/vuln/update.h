/* `drydock db update`: download the configured feeds with libcurl and import them in
 * one atomic step (see db.h). Conditional GET: the ETag and Last-Modified of every
 * feed are stored with its source, and a 304 keeps the stored rows. Proxy variables
 * (http_proxy, https_proxy, no_proxy) are honoured by libcurl itself.
 *
 * Ownership: dd_update_result owns its strings; dd_update_result_free() releases them. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/* The public feeds used when neither --source nor DRYDOCK_DB_SOURCES is given: the
 * distributions' own (Debian's tracker, Alpine's secdb), then OSV's archive of every
 * ecosystem whose row says so (DD_ECOF_OSV_ARCHIVE, vuln/version.h). NULL-terminated,
 * static. */
const char *const *dd_vuln_default_feeds(void);

typedef void (*dd_progress_fn)(const char *url, long long now, long long total, void *ud);

typedef struct dd_update_opts {
    const char *db_path;        /* NULL: default */
    const char *const *sources; /* URLs (http, https, file) or local paths; NULL-terminated */
    bool offline;               /* import only local sources; never touch the network */
    dd_progress_fn progress;    /* may be NULL */
    void *progress_ud;
} dd_update_opts;

typedef struct dd_update_feed {
    char *url;
    char *source;     /* source name in the database, NULL when not modified/skipped */
    const char *state; /* "updated", "not modified", "skipped (offline)" */
    long long bytes, advisories, affected;
    char *skipped;     /* what the feed held that was not imported, or NULL */
    double seconds;
} dd_update_feed;

typedef struct dd_update_result {
    dd_update_feed *v;
    size_t n, cap;
} dd_update_result;

int dd_vuln_update(const dd_update_opts *o, dd_update_result *res, dd_error *e);
void dd_update_result_free(dd_update_result *r);
