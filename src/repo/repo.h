/* `drydock scan fs:DIR`: a source tree as a repository is checked before anything is built.
 *
 * One walk of the tree (symlinks never followed, .git not entered) reads, for every file:
 * lockfiles and manifests (lockfile/), installed-package metadata such as
 * node_modules/NAME/package.json or *.dist-info (pkg/readers.h, as in images), and secrets
 * (secrets/). Files that .gitignore ignores are not searched for secrets (they never reach
 * the repository); --skip-dirs/--skip-files globs leave files out of everything. With
 * git history asked for, every blob of every commit reachable from any ref is read once
 * (libgit2), so a key deleted in a later commit is still found.
 *
 * Ownership: packages go to the caller's list, findings to the caller's report. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "pkg/pkg.h"
#include "report/report.h"
#include "secrets/secrets.h"

typedef struct dd_repo_opts {
    bool packages;          /* lockfiles and installed packages */
    bool secrets;           /* secrets in the files of the tree */
    bool git_history;       /* secrets in every blob of the git history */
    bool scan_binaries;     /* secrets in binary files too */
    char *const *skip_dirs; /* globs (dd_skip_match) */
    size_t nskip_dirs;
    char *const *skip_files;
    size_t nskip_files;
    dd_secret_scanner *scanner; /* borrowed; required when secrets or git_history */
} dd_repo_opts;

typedef struct dd_repo_stats {
    size_t files;     /* regular files seen */
    size_t lockfiles; /* lockfiles and manifests read */
    size_t ignored;   /* files .gitignore keeps out of the secret scan */
    size_t skipped;   /* files and directories --skip-* left out */
    size_t commits;   /* with git history: commits walked */
    size_t blobs;     /* ... and distinct blobs read */
} dd_repo_stats;

/* Scan `dir`. `target` names it in findings ("fs:."). A lockfile that cannot be parsed is
 * a note naming the file and line ("the report is not complete"), never a silent gap; -1
 * only when the directory itself cannot be read, or the git history was asked for and
 * cannot be read. */
int dd_repo_scan(const char *dir, const char *target, const dd_repo_opts *o, dd_package_list *pkgs,
                 dd_report *r, dd_repo_stats *stats, dd_error *e);

/* Add a DDR-UNPINNED finding for every package of `pkgs` whose version is not pinned. */
void dd_repo_unpinned(const dd_package_list *pkgs, const char *target, dd_report *r);

/* Secrets in the git history of the repository at `dir` (its top level). */
int dd_repo_git_history(const char *dir, const char *target, const dd_repo_opts *o, dd_report *r,
                        dd_repo_stats *stats, dd_error *e);

extern const dd_rule *const dd_repo_rule_unpinned;
extern const dd_rule *const dd_repo_rule_history;
