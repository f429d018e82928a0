/* The vulnerability matcher as `drydock scan` uses it. Implemented in vuln/ (issue 5).
 *
 * Ownership: dd_vuln_db_open() returns a handle closed with dd_vuln_db_close().
 * Findings are added to the caller's report (which owns them). */
#pragma once
#include <stdbool.h>

#include "core/error.h"
#include "pkg/pkg.h"
#include "report/report.h"
#include "report/rule.h"

typedef struct dd_vuln_db dd_vuln_db;

/* NULL path: the default ($XDG_CACHE_HOME/drydock/vuln.db). */
int dd_vuln_db_open(dd_vuln_db **out, const char *path, bool readonly, dd_error *e);
void dd_vuln_db_close(dd_vuln_db *db);
/* The default database path; caller frees. */
char *dd_vuln_db_default_path(void);

typedef struct dd_vuln_opts {
    dd_severity min_severity; /* --severity: drop findings below it (DD_SEV_UNKNOWN: keep all) */
    bool ignore_unfixed;      /* --ignore-unfixed */
    int max_age_days;         /* --db-max-age: 0 the default (7), < 0 no limit */
} dd_vuln_opts;

#define DD_VULN_DEFAULT_MAX_AGE_DAYS 7

/* How old the data is: when its newest source was fetched or imported. */
typedef struct dd_vuln_db_age {
    long long updated; /* unix time; 0 when the database has no source */
    long long days;    /* whole days since */
    bool stale;        /* older than the limit */
    char when[32];     /* "2026-12-06T15:46:30Z" */
} dd_vuln_db_age;
void dd_vuln_db_get_age(dd_vuln_db *db, int max_age_days, dd_vuln_db_age *out);

/* `db status`: {path, schemaVersion, sources: [{name, kind, url, updated, advisories,
 * affected}], advisories, affected (each advisory once), updated, ageDays, stale}. A new
 * reference, or NULL with `e` filled. */
json_t *dd_vuln_db_status(const char *path, int max_age_days, dd_error *e);

/* The finding for packages no data covers (vuln/rules.c). */
#define DD_RULE_NOT_COVERED "DDV-NOT-COVERED"
const dd_rule *dd_vuln_rule_not_covered(void);

/* Accepted findings (.drydockignore) are applied to the whole report by its command
 * (report/ignore.h), for vulnerabilities as for every other finding. */
/* Match every package of `pkgs` (OS packages against their distro's data, language
 * packages against OSV) and add one finding per (advisory, package) to `r`, with the
 * advisory id as rule id and props {purl, package, installed, fixed, status, source,
 * aliases}; the aliases (the CVE of a GHSA record) are in the message too, so every format
 * shows them. Packages no data covers (a distribution release or an ecosystem the
 * database lacks, a distribution without a feed) are DD_RULE_NOT_COVERED findings, one
 * per ecosystem and release; versions that are not versions ("(devel)") and a stale
 * database are report notes. `target` names the image. */
int dd_vuln_match(dd_vuln_db *db, const dd_package_list *pkgs, const dd_vuln_opts *o,
                  const char *target, dd_report *r, dd_error *e);
