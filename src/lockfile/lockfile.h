/* Dependency lockfiles and manifests of a source tree, read into the package model the
 * image scanner uses (pkg/pkg.h), with the file and line that pins each package and
 * whether the project names it (direct) or another package pulls it in (transitive).
 * The formats are the rows of the table in lockfile/lockfile.c.
 *
 * Where a lockfile does not say what is direct, the manifest next to it does (package.json,
 * composer.json, pyproject.toml, Pipfile): the caller hands a function that reads a sibling
 * file. Content is untrusted: every reader bounds sizes, nesting and counts, and fails with
 * an error naming the file and line; on failure nothing is added.
 *
 * Ownership: packages and strings added belong to the list; `data` stays the caller's. */
#pragma once
#include <stddef.h>

#include "core/buf.h"
#include "core/error.h"
#include "pkg/pkg.h"

/* Largest lockfile read (the biggest real package-lock.json files are tens of MB). */
#define DD_LOCK_MAX_FILE (64u << 20)

/* The kind of lockfile at `path` (relative to the tree, '/'-separated), 0 if none: a row
 * of the format table in lockfile/lockfile.c. */
int dd_lock_want(const char *path);
/* A name for the kind ("package-lock.json"). */
const char *dd_lock_kind_name(int kind);

/* Read the file `name` next to the lockfile into `out` (at most DD_LOCK_MAX_FILE bytes);
 * 0, or -1 when it is absent or unreadable (then the reader does without it). */
typedef int (*dd_lock_sibling_fn)(void *ud, const char *name, dd_buf *out);

/* Parse one lockfile. `sibling` may be NULL. */
int dd_lock_parse(int kind, const char *path, const void *data, size_t len,
                  dd_lock_sibling_fn sibling, void *ud, dd_package_list *out, dd_error *e);
