/* Accepted findings, for every kind of finding of every command: `.drydockignore`, and
 * Trivy's `.trivyignore` and Dockle's `.dockleignore` as they are. One entry per line:
 *
 *   CVE-2023-4911 pkg:libc6 exp:2026-12-31  # reason, kept for the record
 *   DDI-SETUID /usr/bin/su                  # a rule on one object
 *   CIS-5.4 web-*                           # a CIS check on containers matching web-*
 *   DL3008                                  # a rule by its peer's id (hadolint, Dockle)
 *   DDV-NOT-COVERED pkg:Ubuntu              # a coverage gap accepted knowingly
 *
 * The ID is a rule id, a rule's alias (DL3008, CIS-DI-0001), its CIS number (CIS-5.4), or
 * an advisory id or one of its aliases (the CVE of a GHSA). An optional OBJECT (a glob)
 * must match the finding's file, target (container, image), package or purl; `pkg:NAME`
 * its package (binary or source) or ecosystem; `exp:YYYY-MM-DD` ends the entry after that
 * day: an expired entry hides nothing, and the finding and the report's notes say so.
 * Blank lines and lines starting with '#' are comments.
 *
 * Ownership: dd_ignore_list owns its entries; dd_ignore_free() releases them. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

struct dd_report;

typedef struct dd_ignore_entry {
    char *id;
    char *object;  /* glob on file, target, package or purl; NULL: any */
    char *pkg;     /* NULL: any package */
    char *expires; /* "YYYY-MM-DD" or NULL */
    char *reason;  /* NULL when none */
    char *file;    /* the file it came from */
    int line;
    bool expired;
} dd_ignore_entry;

typedef struct dd_ignore_list {
    dd_ignore_entry *v;
    size_t n, cap;
} dd_ignore_list;

/* Parse `text` (named `path` in errors); `today` is "YYYY-MM-DD" (UTC), tested against
 * exp: dates. Entries are added to `l`. */
int dd_ignore_parse(dd_ignore_list *l, const char *text, const char *path, const char *today,
                    dd_error *e);
int dd_ignore_load(dd_ignore_list *l, const char *path, dd_error *e);
/* Hide the failed findings a live entry matches; mark the ones only an expired entry
 * matches (message, props.ignore_expired, a note). Returns how many were hidden, also
 * recorded as meta.ignored. */
size_t dd_ignore_apply(const dd_ignore_list *l, struct dd_report *r);
void dd_ignore_free(dd_ignore_list *l);
