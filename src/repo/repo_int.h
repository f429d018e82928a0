/* Shared inside src/repo (not a public API). */
#pragma once
#include "core/buf.h"
#include "repo/repo.h"

extern const dd_rule *const dd_repo_rule_parse;

/* Read the regular file `name` below directory `dfd` (no symlink followed, no FIFO opened),
 * at most `max` bytes, into `b`. -1 with errno (EFBIG past max, EINVAL not a file). */
int dd_repo_read_at(int dfd, const char *name, size_t max, dd_buf *b);
/* A file drydock could not read or parse: an error result naming it (and the line when
 * `msg` starts "path:LINE:"), so the report never looks complete when it is not. */
void dd_repo_input_error(dd_report *r, const char *target, const char *path, const char *msg);
/* --skip-dirs (dir) or --skip-files matches `path`. */
bool dd_repo_skipped(const dd_repo_opts *o, const char *path, bool dir);
