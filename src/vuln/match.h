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
    dd_severity min_severity;    /* --severity: drop findings below it (DD_SEV_UNKNOWN: keep all) */
    bool ignore_unfixed;         /* --ignore-unfixed */
    const char *ignore_file;     /* .drydockignore, or NULL */
} dd_vuln_opts;

/* Match every package of `pkgs` (OS packages against their distro's data, language
 * packages against OSV) and add one finding per (advisory, package) to `r`, with the
 * advisory id as rule id and props {purl, package, installed, fixed, status, source}.
 * `target` names the image. */
int dd_vuln_match(dd_vuln_db *db, const dd_package_list *pkgs, const dd_vuln_opts *o,
                  const char *target, dd_report *r, dd_error *e);

/* Coverage: add a note to `pkgs` for every ecosystem (and OS release) among its packages
 * for which the database holds no advisory at all, or which drydock cannot match, so a
 * report never says "no vulnerabilities" for what was not checked. */
int dd_vuln_coverage(dd_vuln_db *db, dd_package_list *pkgs, dd_error *e);
