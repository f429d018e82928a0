/* Dependency lockfiles and manifests of a source tree, read into the package model the
 * image scanner uses (pkg/pkg.h), with the file and line that pins each package and
 * whether the project names it (direct) or another package pulls it in (transitive).
 *
 *   npm      package-lock.json, npm-shrinkwrap.json (lockfileVersion 1-3), yarn.lock
 *            (v1 and berry), pnpm-lock.yaml (5.x, 6, 9)
 *   PyPI     requirements*.txt (ranges kept as unpinned), poetry.lock, Pipfile.lock, uv.lock
 *   Go       go.mod (// indirect, replace), go.sum (when go.mod cannot list everything)
 *   Maven    pom.xml (properties resolved within the file), gradle.lockfile
 *   crates   Cargo.lock     RubyGems  Gemfile.lock     Packagist  composer.lock
 *   NuGet    packages.lock.json
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

enum {
    DD_LOCK_NONE = 0,
    DD_LOCK_NPM,          /* package-lock.json, npm-shrinkwrap.json */
    DD_LOCK_YARN,         /* yarn.lock */
    DD_LOCK_PNPM,         /* pnpm-lock.yaml */
    DD_LOCK_REQUIREMENTS, /* requirements*.txt, *requirements.txt, requirements/ *.txt */
    DD_LOCK_POETRY,       /* poetry.lock */
    DD_LOCK_PIPFILE,      /* Pipfile.lock */
    DD_LOCK_UV,           /* uv.lock */
    DD_LOCK_GOMOD,        /* go.mod */
    DD_LOCK_GOSUM,        /* go.sum */
    DD_LOCK_POM,          /* pom.xml */
    DD_LOCK_GRADLE,       /* gradle.lockfile, *.lockfile under gradle/dependency-locks */
    DD_LOCK_CARGO,        /* Cargo.lock */
    DD_LOCK_GEMFILE,      /* Gemfile.lock */
    DD_LOCK_COMPOSER,     /* composer.lock */
    DD_LOCK_NUGET,        /* packages.lock.json */
    DD_LOCK_MAX_
};

/* Largest lockfile read (the biggest real package-lock.json files are tens of MB). */
#define DD_LOCK_MAX_FILE (64u << 20)

/* The kind of lockfile at `path` (relative to the tree, '/'-separated), 0 if none. */
int dd_lock_want(const char *path);
/* A name for the kind ("package-lock.json"). */
const char *dd_lock_kind_name(int kind);

/* Read the file `name` next to the lockfile into `out` (at most DD_LOCK_MAX_FILE bytes);
 * 0, or -1 when it is absent or unreadable (then the reader does without it). */
typedef int (*dd_lock_sibling_fn)(void *ud, const char *name, dd_buf *out);

/* Parse one lockfile. `sibling` may be NULL. */
int dd_lock_parse(int kind, const char *path, const void *data, size_t len,
                  dd_lock_sibling_fn sibling, void *ud, dd_package_list *out, dd_error *e);
