/* Installed packages found in an image, one model for every ecosystem.
 * Filled by the readers in pkg/ (dpkg, apk, rpm, language packages) and read by the
 * matcher in vuln/ and the SBOM writers.
 *
 * Ownership: a dd_package_list owns its packages and every string in them;
 * dd_package_list_free() releases all of it. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "report/note.h"

typedef enum {
    DD_PKG_DPKG = 0,
    DD_PKG_APK,
    DD_PKG_RPM,
    DD_PKG_PYPI,
    DD_PKG_NPM,
    DD_PKG_GO,
    DD_PKG_MAVEN,
    DD_PKG_CARGO,    /* crates.io (Cargo.lock) */
    DD_PKG_GEM,      /* RubyGems (Gemfile.lock) */
    DD_PKG_COMPOSER, /* Packagist (composer.lock) */
    DD_PKG_NUGET,    /* NuGet (packages.lock.json) */
    DD_PKG_TYPE_COUNT_
} dd_pkg_type;

/* How a package came into a project, where its lockfile or manifest says so. */
typedef enum {
    DD_DEP_UNKNOWN = 0, /* installed packages, or a lockfile that does not tell */
    DD_DEP_DIRECT,      /* the project names it */
    DD_DEP_TRANSITIVE,  /* pulled in by another package */
} dd_pkg_dep;

typedef struct dd_package {
    dd_pkg_type type;
    char *name;
    char *version;        /* full version as the ecosystem writes it (dpkg: epoch:upstream-rev) */
    char *arch;           /* NULL when not recorded */
    char *source_name;    /* dpkg Source, apk origin, rpm source rpm name; NULL = same as name */
    char *source_version; /* NULL = same as version */
    char *license;        /* NULL when not recorded */
    char *supplier;       /* who ships it (dpkg Maintainer, apk m:, rpm Vendor), or NULL */
    char *sha1;           /* a SHA-1 the package database records for it (apk C:), hex */
    char *layer;          /* digest of the layer that introduced it ("sha256:..."), or NULL */
    char *path;           /* the database or metadata file it was read from */
    char *purl;           /* package URL, filled by dd_package_list_set_purls() */
    int line;             /* line of `path` that pins it (lockfiles), 0 when unknown */
    dd_pkg_dep dep;       /* direct or transitive, where the file says */
    bool dev;             /* a development/test-only dependency */
    char *constraint;     /* no exact version pinned: the requirement as written (">=3.2"),
                             version is then NULL */
} dd_package;

/* What os-release says; every field may be NULL. */
typedef struct dd_os_info {
    char *id;         /* "debian", "alpine", "rhel", "ubuntu" ... */
    char *version_id; /* "12", "3.19.1" */
    char *codename;   /* "bookworm" */
    char *pretty;     /* PRETTY_NAME */
    char *source;     /* the file it was read from ("etc/os-release"), or NULL */
} dd_os_info;

typedef struct dd_package_list {
    dd_package *v;
    size_t n, cap;
    dd_os_info os;
    /* Things the user should know that are not errors: "var/lib/rpm/Packages: rpm database
     * in BDB format not read" (dd_notes_add: deduplicated); owned by the list. */
    dd_notes notes;
} dd_package_list;

/* Append a package; the list takes ownership of nothing: strings are copied. */
dd_package *dd_package_list_add(dd_package_list *l, dd_pkg_type type, const char *name,
                                const char *version);
void dd_package_list_free(dd_package_list *l);
/* Free the strings of `os` and zero it. */
void dd_os_info_free(dd_os_info *os);
/* Drop the packages of `l` that `base` has too (same type, name and version): what a
 * container changed compared with its image. */
void dd_package_list_remove_in(dd_package_list *l, const dd_package_list *base);
/* The purl type ("deb", "pypi", "cargo" ...): the purl_type of the type's ecosystem row
 * (vuln/version.h), "generic" for none. */
const char *dd_pkg_type_name(dd_pkg_type t);
