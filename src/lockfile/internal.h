/* What the lockfile readers share (not a public API). */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "lockfile/lockfile.h"
#include "lockfile/tree.h"

/* Packages one lockfile may list: beyond this it is hostile or broken. */
#define DD_LOCK_MAX_PACKAGES 500000

typedef struct lk_ctx {
    const char *path;
    dd_lock_sibling_fn sibling;
    void *ud;
    dd_package_list *out;
    dd_error *e;
    size_t n0;      /* packages the list had before this file */
    uint32_t *seen; /* (name, version) -> index+1 into out->v, for lk_add_once */
    size_t seen_mask, nseen;
    const struct lk_ctx *parent; /* the file that included this one (`-r`), or NULL */
} lk_ctx;

/* Whether the tree walk reads `path` as a requirements file of its own. */
bool lk_requirements_name(const char *path);

/* Add a package pinned at `line` (name and version copied; version NULL means unpinned,
 * with `constraint` saying what was asked for). NULL past DD_LOCK_MAX_PACKAGES, with the
 * error set. */
dd_package *lk_add(lk_ctx *c, dd_pkg_type type, const char *name, const char *version,
                   unsigned line, dd_pkg_dep dep);
/* The same for name and version given as (pointer, length). */
dd_package *lk_addn(lk_ctx *c, dd_pkg_type type, const char *name, size_t nlen, const char *version,
                    size_t vlen, unsigned line, dd_pkg_dep dep);

/* Add unless this file already listed (type, name, version): npm installs one version at
 * several places in the tree. A second sighting only upgrades the dependency to direct
 * and to non-dev. Returns the package, NULL with the error set on too many. */
dd_package *lk_add_once(lk_ctx *c, dd_pkg_type type, const char *name, const char *version,
                        unsigned line, dd_pkg_dep dep, bool dev);

/* A set of names (the direct dependencies a manifest lists). */
typedef struct lk_names {
    char **v;
    size_t n, cap;
    bool known; /* a manifest was read: names not in it are transitive */
} lk_names;
void lk_names_add(lk_names *s, const char *name, size_t len);
bool lk_names_has(const lk_names *s, const char *name);
void lk_names_free(lk_names *s);
/* DIRECT/TRANSITIVE by the set, UNKNOWN when no manifest was read. */
dd_pkg_dep lk_dep(const lk_names *s, const char *name);

/* Parse a sibling file into a tree with `parse` (dd_tree_parse_json/toml); false when
 * absent or malformed (the lockfile is still read, without direct/transitive). */
bool lk_sibling_tree(lk_ctx *c, const char *name,
                     int (*parse)(dd_tree *, const char *, const void *, size_t, dd_error *),
                     dd_tree *t);
/* Add the keys of object `o` (or the names of a PEP 508 string list) to `s`. */
void lk_names_from_keys(lk_names *s, const dd_tnode *o);

int lk_error(lk_ctx *c, unsigned line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

int dd_lock_read_npm(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_yarn(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_pnpm(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_requirements(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_poetry(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_pipfile(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_uv(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_gomod(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_gosum(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_pom(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_gradle(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_cargo(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_gemfile(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_composer(lk_ctx *c, const void *data, size_t len);
int dd_lock_read_nuget(lk_ctx *c, const void *data, size_t len);
