/* Feed importers: Debian security tracker JSON, Alpine secdb JSON, OSV JSON (single
 * records, arrays, directories and the per-ecosystem zip archives). Input may be plain,
 * gzip or zip; the format is detected from the content. Everything is parsed in memory
 * with bounds on every size; nothing of a feed is written to disk but the rows.
 *
 * Errors name the file (and the zip entry, package or advisory) and are DD_ERR_INPUT
 * for malformed data. */
#pragma once
#include <jansson.h>
#include <stddef.h>

#include "core/error.h"
#include "vuln/db.h"

#define DD_FEED_MAX_INPUT   (512u << 20)    /* compressed or plain file / download */
#define DD_FEED_MAX_JSON    (1024u << 20)   /* one decompressed JSON document */
#define DD_ZIP_MAX_ENTRY    (16u << 20)     /* one OSV record in a zip */
#define DD_ZIP_MAX_TOTAL    (2048ull << 20) /* all entries of one zip, decompressed */
#define DD_FEED_MAX_ID      128
#define DD_FEED_MAX_NAME    512
#define DD_FEED_MAX_VERSION 256
#define DD_FEED_MAX_TITLE   1024

typedef enum {
    DD_FEED_UNKNOWN = 0,
    DD_FEED_DEBIAN,
    DD_FEED_ALPINE,
    DD_FEED_OSV,
} dd_feed_kind;

/* Affected entries an import left out, counted by ecosystem and reason: nothing a feed
 * holds disappears without the user being told. */
#define DD_IMPORT_MAX_SKIPS 16
typedef struct dd_import_skip {
    char what[48];   /* the ecosystem as the feed names it ("Hex", "Ubuntu") */
    const char *why; /* static text */
    long long n;
} dd_import_skip;

typedef struct dd_import_stats {
    dd_feed_kind kind;
    char *source;                   /* the source name written (owned; free it) */
    long long advisories, affected; /* rows the source holds after the import */
    size_t bytes;                   /* decompressed JSON bytes parsed */
    dd_import_skip skips[DD_IMPORT_MAX_SKIPS];
    size_t nskips;
    long long skipped; /* every skipped entry, also those past DD_IMPORT_MAX_SKIPS kinds */
} dd_import_stats;

/* Count one skipped entry of ecosystem what[0..len) for `why` (a static string). */
void dd_import_skip_add(dd_import_stats *st, const char *what, size_t len, const char *why);
/* "3 affected entries not imported: Hex 2 (ecosystem not supported), ..." or NULL when
 * nothing was skipped; caller frees. */
char *dd_import_skipped_text(const dd_import_stats *st);

/* Import one blob named `name` (a path or URL, used for detection by suffix and in
 * errors) into the open transaction. `source` names the source in the database; NULL
 * derives it from the content/name. `url`, `etag`, `last_modified` are recorded. */
int dd_import_blob(dd_vdb_txn *t, const char *name, const unsigned char *data, size_t len,
                   const char *source, const char *url, const char *etag, const char *last_modified,
                   dd_import_stats *st, dd_error *e);
/* Import a file or a directory of OSV JSON files. */
int dd_import_path(dd_vdb_txn *t, const char *path, dd_import_stats *st, dd_error *e);
const char *dd_feed_kind_name(dd_feed_kind k);

/* Parsers for one decompressed JSON document (also the fuzz entry points). */
int dd_import_debian_json(dd_vdb_txn *t, const char *name, const char *data, size_t len,
                          dd_import_stats *st, dd_error *e);
int dd_import_alpine_json(dd_vdb_txn *t, const char *name, const char *data, size_t len,
                          dd_import_stats *st, dd_error *e);
int dd_import_osv_json(dd_vdb_txn *t, const char *name, const char *data, size_t len,
                       dd_import_stats *st, dd_error *e);

/* Iterate the members of the top-level JSON object in data[0..len) without building the
 * whole tree: each value is parsed alone (at most `max_member` bytes) and handed to fn,
 * which returns 0 to go on, 1 to stop, -1 on error. Errors give the byte offset. */
typedef int (*dd_json_member_fn)(const char *key, json_t *value, void *ud, dd_error *e);
int dd_json_each_member(const char *name, const char *data, size_t len, size_t max_member,
                        dd_json_member_fn fn, void *ud, dd_error *e);
