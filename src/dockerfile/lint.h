/* `drydock lint`'s library side: configuration (.drydock.yaml), and running the rule
 * table over parsed Dockerfiles into a dd_report.
 *
 * Ownership: a dd_lint_config owns its strings and arrays (dd_lint_config_free).
 * dd_lint_buffer() adds findings to the caller's report and keeps nothing. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "dockerfile/dockerfile.h"
#include "report/report.h"

typedef struct dd_lint_override {
    char *id;        /* rule id or hadolint code */
    dd_severity sev;
    bool off;        /* severity "off"/"none": the rule is ignored */
} dd_lint_override;

typedef struct dd_lint_config {
    char *path; /* where it was read from, or NULL for defaults */
    char **ignore;
    size_t nignore;
    dd_lint_override *sev;
    size_t nsev;
    char **trusted; /* registries allowed in FROM; empty: any */
    size_t ntrusted;
    char **labels; /* labels the final image must carry */
    size_t nlabels;
    char **base_images; /* allowed FROM images ('*' globs, trust.base-images); empty: any */
    size_t nbase;
} dd_lint_config;

/* The rule for files that could not be read or parsed. */
extern const dd_rule *const dd_lint_parse_rule;

/* Read a .drydock.yaml. Errors (unreadable, bad YAML, wrong types) name the file and
 * line; kind DD_ERR_INPUT. */
int dd_lint_config_load(dd_lint_config *c, const char *path, dd_error *e);
void dd_lint_config_free(dd_lint_config *c);
/* Append a copy of s to a string list. */
void dd_lint_strv_add(char ***v, size_t *n, const char *s);

/* Parse and lint one file's bytes; findings carry `path`. Returns true when the file
 * parsed (a parse error is a finding of dd_lint_parse_rule). */
bool dd_lint_buffer(const char *data, size_t len, const char *path, const dd_lint_config *cfg,
                    dd_report *r);
/* Lint an already parsed file (used by the fuzz target and tests). */
void dd_lint_run(const dd_dockerfile *df, const char *path, const dd_lint_config *cfg,
                 dd_report *r);

/* What `drydock lint` was asked to do beyond the files. */
typedef struct dd_lint_opts {
    const char *config; /* --config FILE, or NULL to look for .drydock.yaml upward */
    bool no_config;     /* --no-config: neither */
    dd_lint_config cli; /* --ignore, --trusted-registry, --require-label (added to any file's) */
} dd_lint_opts;

/* Lint FILEs, DIRectories (recursively: Dockerfile*, *.Dockerfile, *.dockerfile; .git and
 * node_modules skipped) and "-" (standard input). Unreadable and unparsable files become
 * DDL000 findings (a path that does not exist too, so the other inputs are still
 * linted); *files counts inputs, *parsed those that parsed. -1 only for a bad
 * configuration file. */
int dd_lint_paths(char *const *paths, size_t n, const dd_lint_opts *o, dd_report *r,
                  size_t *files, size_t *parsed, dd_error *e);
