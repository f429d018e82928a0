/* The vulnerability database: one SQLite file.
 *
 *   meta(key, value)          schema_version, created
 *   sources(name, kind, url, etag, last_modified, updated, advisories, affected)
 *   advisories(source, id, title, severity, aliases)
 *   affected(ecosystem, release, package, advisory, source, status, severity, range_type,
 *            introduced, fixed, last_affected, versions)
 *                             indexed by (ecosystem, release, package, advisory)
 *
 * Writes never touch the live file: dd_vdb_txn_begin() copies it (or creates an empty
 * database) next to it under a temporary name, the importers write there in one
 * transaction, and dd_vdb_txn_commit() renames the copy over the original only when
 * everything succeeded. A failed, malformed or interrupted import leaves the previous
 * database byte-for-byte untouched.
 *
 * Ownership: a dd_vuln_db owns its sqlite handle and statements (dd_vuln_db_close);
 * a dd_vdb_txn owns the temporary file until commit or abort. */
#pragma once
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "report/rule.h"
#include "vuln/match.h"

#define DD_VDB_SCHEMA_VERSION 1

struct dd_vuln_db {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *q_affected; /* prepared once: one indexed query per source package */
    sqlite3_stmt *q_advisory; /* title and severity of a matched advisory */
    sqlite3_stmt *q_packages; /* package names of a release (prepared on first use) */
};

/* Status of an affected row, as stored and as reported in the "status" property. */
#define DD_VST_FIXED        "fixed"        /* vulnerable below `fixed` */
#define DD_VST_UNFIXED      "unfixed"      /* open, no fix yet */
#define DD_VST_WILL_NOT_FIX "will_not_fix" /* nodsa / ignored by the distro */
#define DD_VST_POSTPONED    "postponed"
#define DD_VST_UNDETERMINED "undetermined"
#define DD_VST_END_OF_LIFE  "end_of_life"
#define DD_VST_NOT_AFFECTED "not_affected" /* kept for status counts, never matched */
#define DD_VST_AFFECTED     "affected"     /* OSV range or version list */

/* Range kinds. */
#define DD_VRANGE_ECOSYSTEM "ecosystem" /* compare with the ecosystem's own ordering */
#define DD_VRANGE_SEMVER    "semver"
#define DD_VRANGE_VERSIONS  "versions" /* explicit list in `versions`, one per line */
#define DD_VRANGE_ALL       "all"      /* every version (unfixed statuses) */

typedef struct dd_vdb_affected {
    const char *ecosystem; /* "Debian", "Alpine", "PyPI", "npm", "Go", "Maven" */
    const char *release;   /* "bookworm", "v3.19", "" for language ecosystems */
    const char *package;   /* source package for distros; normalised name otherwise */
    const char *advisory;
    const char *status;     /* DD_VST_* */
    dd_severity severity;   /* DD_SEV_UNKNOWN: take the advisory's */
    const char *range_type; /* DD_VRANGE_* */
    const char *introduced; /* NULL = from the beginning */
    const char *fixed;      /* NULL = no fix (or see last_affected) */
    const char *last_affected;
    const char *versions;
} dd_vdb_affected;

typedef struct dd_vdb_txn {
    sqlite3 *db;
    char *path; /* the live database */
    char *tmp;  /* the copy being written */
    int tmp_lock; /* open on `tmp` with flock(LOCK_EX) while this run writes it, else -1 */
    sqlite3_stmt *ins_adv, *ins_aff;
    /* the source being written */
    char *source;
    long long n_adv, n_aff;
} dd_vdb_txn;

/* Create or copy the database at `path` (NULL: default) into a temporary file and
 * start a transaction on it. Temporary files left by a run that was killed (PATH.tmp.*
 * that no live run holds locked) are removed first. */
int dd_vdb_txn_begin(dd_vdb_txn *t, const char *path, dd_error *e);
/* Commit, then atomically rename the temporary file over the database. */
int dd_vdb_txn_commit(dd_vdb_txn *t, dd_error *e);
/* Drop the temporary file; the database is untouched. Safe after commit and twice. */
void dd_vdb_txn_abort(dd_vdb_txn *t);

/* Replace everything a source held: its rows are deleted and written anew. */
int dd_vdb_source_begin(dd_vdb_txn *t, const char *name, dd_error *e);
/* Record the source (kind "debian-tracker", "alpine-secdb", "osv"), its URL and the
 * HTTP validators for the next conditional GET (each may be NULL). */
int dd_vdb_source_end(dd_vdb_txn *t, const char *kind, const char *url, const char *etag,
                      const char *last_modified, dd_error *e);
/* The advisories (distinct ids) and affected rows the current source holds once ended. */
void dd_vdb_source_counts(dd_vdb_txn *t, long long *advisories, long long *affected);
/* Keep a source's rows but refresh its check time (HTTP 304). */
int dd_vdb_source_touch(dd_vdb_txn *t, const char *name, dd_error *e);
/* Refresh the check time of every source fetched from `url` (HTTP 304). */
int dd_vdb_source_touch_url(dd_vdb_txn *t, const char *url, dd_error *e);
/* The stored validators of the source fetched from `url` (caller frees); NULL when unknown. */
void dd_vdb_source_validators(sqlite3 *db, const char *url, char **etag, char **last_modified);

int dd_vdb_add_advisory(dd_vdb_txn *t, const char *id, const char *title, dd_severity sev,
                        const char *aliases_json, dd_error *e);
int dd_vdb_add_affected(dd_vdb_txn *t, const dd_vdb_affected *a, dd_error *e);

/* 1 when the database holds any row for (ecosystem, release), 0 when none, -1 on error. */
int dd_vuln_db_covers(dd_vuln_db *db, const char *ecosystem, const char *release);

/* Alpine VERSION_ID -> secdb release ("3.19.1" -> "v3.19"); caller frees; NULL if unknown. */
char *dd_vuln_alpine_release(const char *version_id);
/* CVSS v3.x base score of a vector, -1 when it is not one. */
double dd_cvss3_score(const char *vector);

/* Debian release number -> codename ("12" -> "bookworm"); NULL when unknown. */
const char *dd_debian_codename(const char *version_id);
