/* `drydock lint`'s library side: configuration (.drydock.yaml, and hadolint's
 * .hadolint.yaml read the way hadolint reads it), and running the rule table over parsed
 * Dockerfiles into a dd_report.
 *
 * Ownership: a dd_lint_config owns its strings and arrays (dd_lint_config_free).
 * dd_lint_buffer() adds findings to the caller's report and keeps nothing. */
#pragma once
#include <stdarg.h>
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

/* hadolint's label-schema types (DL3049-DL3058). */
typedef enum {
    DD_LABEL_TEXT = 0,
    DD_LABEL_URL,
    DD_LABEL_RFC3339,
    DD_LABEL_SPDX,
    DD_LABEL_HASH,
    DD_LABEL_SEMVER,
    DD_LABEL_EMAIL,
} dd_label_type;

typedef struct dd_lint_label {
    char *name;
    dd_label_type type;
} dd_lint_label;

typedef struct dd_lint_config {
    char *path; /* where it was read from, or NULL for defaults */
    char **ignore;
    size_t nignore;
    dd_lint_override *sev;
    size_t nsev;
    char **trusted; /* registries allowed in FROM, COPY --from, RUN --mount=from; empty: any */
    size_t ntrusted;
    dd_lint_label *labels; /* labels the final image must carry, with their format */
    size_t nlabels;
    char **base_images; /* allowed FROM images ('*' globs, trust.base-images); empty: any */
    size_t nbase;
    bool strict_labels; /* no label outside `labels` (hadolint's strict-labels) */
    bool no_pragmas;    /* inline ignore pragmas are not honoured (disable-ignore-pragma) */
    /* Settings of the run rather than of a file: taken from --config, else from the
     * configuration of the first file linted, and only where the command line is silent. */
    dd_severity fail_on; /* failure-threshold */
    bool fail_on_set;
    bool no_fail;
    char *format;    /* hadolint's `format`, or NULL */
    int no_color;    /* -1 unset */
    char **warnings; /* keys read but not implemented, "FILE:LINE: ..." */
    size_t nwarnings;
} dd_lint_config;

/* A finding of rule r at path:line:col, as the configuration has it: nothing when cfg
 * ignores the rule or turns it off, else at the severity cfg gives it (the last
 * override naming it) or the rule's own. Dockerfile and manifest findings both come
 * through here after their own inline pragmas. */
void dd_lint_vreport(dd_report *rep, const dd_lint_config *cfg, const dd_rule *r, const char *path,
                     int line, int col, const char *fmt, va_list ap)
    __attribute__((format(printf, 7, 0)));
/* Does [id, id+n) name rule r (its id or its alias, case-insensitively)? */
bool dd_lint_id_matches(const char *id, size_t n, const dd_rule *r);

/* The rule for files that could not be read or parsed. */
extern const dd_rule *const dd_lint_parse_rule;

#define DD_LINT_MAX_CONFIG (1 << 20) /* 1 MiB: a configuration is a few lines */

/* Read a .drydock.yaml or a .hadolint.yaml (the same keys are accepted in both; hadolint's
 * spellings too). Errors (unreadable, bad YAML, wrong types, an unknown key in a
 * .drydock.yaml) name the file and line; kind DD_ERR_INPUT. A key of a .hadolint.yaml
 * that drydock does not implement is a warning in c->warnings, never ignored silently. */
int dd_lint_config_load(dd_lint_config *c, const char *path, dd_error *e);
void dd_lint_config_init(dd_lint_config *c);
void dd_lint_config_free(dd_lint_config *c);
/* hadolint's environment variables (HADOLINT_IGNORE, HADOLINT_OVERRIDE_ERROR,
 * HADOLINT_TRUSTED_REGISTRIES, HADOLINT_REQUIRE_LABELS, HADOLINT_STRICT_LABELS,
 * HADOLINT_DISABLE_IGNORE_PRAGMA, HADOLINT_NOFAIL, HADOLINT_FAILURE_THRESHOLD,
 * HADOLINT_FORMAT, HADOLINT_NOCOLOR) into `c`: they apply over a configuration file and under
 * the command line, as in hadolint. -1 (usage) for a threshold hadolint would refuse. */
int dd_lint_config_from_env(dd_lint_config *c, dd_error *e);
/* Add everything `from` sets to `to`: lists appended, flags or-ed, run settings replaced
 * (merge in order of precedence, lowest first). */
void dd_lint_config_merge(dd_lint_config *to, const dd_lint_config *from);
/* Append a copy of s to a string list. */
void dd_lint_strv_add(char ***v, size_t *n, const char *s);
/* `NAME[:TYPE]` as hadolint's --require-label takes it (TYPE: text, url, rfc3339, spdx,
 * hash, semver, email; empty means text). -1 with a usage error for an unknown type. */
int dd_lint_add_label(dd_lint_config *c, const char *spec, dd_error *e);
/* hadolint's severity names: error, warning, info, style (and ignore/none). -1 if unknown.
 * error is drydock's high, warning medium, info low, style info; *off for ignore/none. */
int dd_lint_hadolint_severity(const char *name, dd_severity *sev, bool *off);
/* A severity override for one rule from the command line (--error DL3008 ...). */
void dd_lint_add_override(dd_lint_config *c, const char *id, dd_severity sev, bool off);

/* Parse and lint one file's bytes; findings carry `path`. Returns true when the file
 * parsed (a parse error is a finding of dd_lint_parse_rule). */
bool dd_lint_buffer(const char *data, size_t len, const char *path, const dd_lint_config *cfg,
                    dd_report *r);
/* Lint an already parsed file (used by the fuzz target and tests). */
void dd_lint_run(const dd_dockerfile *df, const char *path, const dd_lint_config *cfg,
                 dd_report *r);

/* What `drydock lint` was asked to do beyond the files. */
typedef struct dd_lint_opts {
    const char *config; /* --config FILE, or NULL to look for a configuration */
    bool no_config;     /* --no-config: none */
    dd_lint_config env; /* HADOLINT_* variables (over any file's configuration) */
    dd_lint_config cli; /* --ignore, --trusted-registry, --require-label... (over both) */
    /* --skip-dirs / --skip-files: globs (repo/gitignore.h dd_skip_match) on the paths a
     * directory walk finds, relative to the directory given; borrowed */
    char *const *skip_dirs;
    size_t nskip_dirs;
    char *const *skip_files;
    size_t nskip_files;
} dd_lint_opts;

/* What a run found beyond its findings. */
typedef struct dd_lint_summary {
    size_t files, parsed;
    dd_lint_config run; /* the run-level settings and every configuration's warnings */
} dd_lint_summary;

/* Lint FILEs, DIRectories (recursively: Dockerfile*, *.Dockerfile, *.dockerfile; .git and
 * node_modules skipped) and "-" (standard input). Unreadable and unparsable files become
 * DDL000 findings, and the other inputs are still linted; a path that does not exist is
 * a usage error (DD_ERR_USAGE) before anything is linted. Each file's configuration is the nearest
 * .drydock.yaml or .hadolint.yaml going up from it, else hadolint's own places ($PWD,
 * $XDG_CONFIG_HOME, ~). -1 for a bad configuration file, or a directory without any Dockerfile
 * (DD_ERR_INPUT). The caller frees s->run with dd_lint_config_free. */
int dd_lint_paths(char *const *paths, size_t n, const dd_lint_opts *o, dd_report *r,
                  dd_lint_summary *s, dd_error *e);
