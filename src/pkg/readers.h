/* Installed-package readers: given the path, mode and size of a file in an image, say
 * whether it is a package database or metadata file (dd_pkg_want); given its content,
 * add the packages it records to a dd_package_list (dd_pkg_parse).
 *
 * The image walker calls dd_pkg_want() for every file of the final view (or of every
 * layer, to attribute packages to layers), reads the content of the files wanted and
 * hands it to dd_pkg_parse(); a wanted file larger than DD_PKG_MAX_FILE goes to
 * dd_pkg_parse_stream() instead, which reads executables and Java archives by ranges as
 * they stream by and notes any other file as not read. Content is untrusted:
 * every reader bounds every size and count and fails with a dd_error naming the file and,
 * where it has one, the line or offset; on failure nothing is added to the list.
 *
 * Ownership: the list owns every package and string added; `data` stays the caller's.
 * Things that are not errors but worth telling the user ("Go binary built before Go 1.18
 * too large to read whole") are added to the list's notes (dd_notes_add). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "pkg/pkg.h"
#include "pkg/rsrc.h"

#define DD_PKG_MAX_FILE (64u << 20)

/* File kinds returned by dd_pkg_want(); 0 means "not a package file". Each is a row of
 * the table in pkg/readers.c (its paths or test, its readers), tried in this order. */
enum {
    DD_PKGF_NONE = 0,
    DD_PKGF_DPKG_STATUS,  /* var/lib/dpkg/status */
    DD_PKGF_DPKG_STATUSD, /* var/lib/dpkg/status.d/NAME (distroless) */
    DD_PKGF_APK,          /* lib/apk/db/installed */
    DD_PKGF_RPM_SQLITE,   /* var/lib/rpm/rpmdb.sqlite, usr/lib/sysimage/rpm/rpmdb.sqlite */
    DD_PKGF_RPM_BDB,      /* var/lib/rpm/Packages (Berkeley DB hash) */
    DD_PKGF_RPM_NDB,      /* .../Packages.db (rpm's NDB) */
    DD_PKGF_OS_RELEASE,   /* etc/os-release, usr/lib/os-release: fills l->os */
    DD_PKGF_PY_METADATA,  /* *.dist-info/METADATA */
    DD_PKGF_PY_PKGINFO,   /* *.egg-info/PKG-INFO, an *.egg-info file, *.egg/EGG-INFO/PKG-INFO */
    DD_PKGF_PY_EGG,       /* an *.egg zip file: its EGG-INFO/PKG-INFO */
    DD_PKGF_NPM,          /* .../node_modules/[@scope/]NAME/package.json */
    DD_PKGF_JAR,          /* *.jar, *.war, *.ear, *.jpi, *.hpi */
    DD_PKGF_EXEC,         /* an executable (or *.exe): Go build info in ELF, PE or Mach-O */
    DD_PKGF_MAX_
};

/* Kind of package file wanted at this image path (relative, no leading '/'), 0 if none.
 * `mode` is st_mode (a mode without file-type bits is taken as a regular file); only
 * regular files are wanted, of any size (see dd_pkg_parse_stream). */
int dd_pkg_want(const char *path, unsigned mode, uint64_t size);

/* Parse one wanted file's content. `layer` is the digest of the layer holding this
 * version of the file (may be NULL) and is recorded in each package, as is `path`.
 * Returns 0, or -1 with `e` filled (DD_ERR_INPUT for malformed content); on error the
 * list is left as it was. os-release kinds fill out->os: etc/os-release wins over
 * usr/lib/os-release whatever the order of the calls. */
int dd_pkg_parse(int kind, const char *path, const void *data, size_t len, const char *layer,
                 dd_package_list *out, dd_error *e);

/* Parse a wanted file of `size` bytes too big to hold (size > DD_PKG_MAX_FILE): `head`
 * holds its first headlen bytes, `rd` yields the rest in order (it may be left unread).
 * Go binaries are read by ranges (headers, then the data segment), Java archives and
 * eggs entry by entry; every other kind is noted as not read, naming the file and its
 * size. Same contract as dd_pkg_parse(). */
int dd_pkg_parse_stream(int kind, const char *path, uint64_t size, const void *head, size_t headlen,
                        dd_pkg_read_fn rd, void *ud, const char *layer, dd_package_list *out,
                        dd_error *e);

/* Parse os-release content into `os`, replacing id, version_id, codename and pretty
 * (os->source is left alone). Debian without
 * VERSION_CODENAME gets the codename from its VERSION_ID (12 → bookworm ...). */
int dd_os_release_parse(const void *data, size_t len, dd_os_info *os, dd_error *e);

/* Fill every package's purl (replacing an old one); call once the os is known, since OS
 * package purls carry the distro ("pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12").
 */
void dd_package_list_set_purls(dd_package_list *l);

/* The purl of one package given the os; caller frees. */
char *dd_pkg_purl(const dd_package *p, const dd_os_info *os);

/* A package URL read back (an SBOM's): every part percent-decoded, at most
 * DD_PKG_MAX_FIELD bytes each; the qualifiers the matcher needs, NULL when absent.
 * Owns its strings (dd_purl_free). */
typedef struct dd_purl {
    char *type; /* lower case: "deb", "npm" ... */
    char *ns;   /* segments joined by '/', or NULL */
    char *name;
    char *version; /* NULL when the purl has none */
    char *arch, *distro, *upstream, *epoch;
} dd_purl;
/* 0, or -1 with *why saying what is wrong (a static string). */
int dd_purl_parse(const char *s, dd_purl *out, const char **why);
void dd_purl_free(dd_purl *u);
/* Add the package a parsed purl names to `l`, its type found through the ecosystem table
 * (vuln/version.h: purl_type), its name as the readers write it (Maven "group:artifact",
 * npm "@scope/name"), the rpm epoch back in its version, `upstream` as source name and
 * version; NULL (nothing added) for a purl type no ecosystem has or a purl without a
 * version. */
dd_package *dd_purl_add_package(const dd_purl *u, dd_package_list *l);

/* Read the packages of a plain directory tree (an unpacked image or a chroot): walks it
 * without following symlinks, parses every wanted file (no layer), reads os-release,
 * takes dpkg licences from usr/share/doc/PKG/copyright (symlinks there resolved inside
 * `dir`, never outside it) and sets purls. A file that fails to parse becomes a note ("PATH:
 * error"), not a failure; -1 only when the directory itself cannot be read. */
int dd_pkg_scan_rootfs(const char *dir, dd_package_list *out, dd_error *e);

/* Readers, one per format; used by dd_pkg_parse() and by the fuzz targets. Each adds
 * to `out` and may leave partial results on error (dd_pkg_parse() rolls them back). */
int dd_pkg_read_dpkg(const char *path, const void *data, size_t len, int statusd, const char *layer,
                     dd_package_list *out, dd_error *e);
/* ---- dpkg licences (pkg/dep5.c) ----
 * dpkg records no licence in its database: Debian keeps it in usr/share/doc/PKG/copyright,
 * machine-readable (DEP-5) for most packages. */

/* Copyright files larger than this are not read (the largest in Debian are ~300 KiB). */
#define DD_PKG_COPYRIGHT_MAX (1u << 20)

/* The licences named by a machine-readable copyright file, as an SPDX-style expression:
 * each paragraph's licence once, joined with " AND " (alternatives in parentheses), each
 * name its SPDX id where there is an exact one ("GPL-2.0-or-later AND BSD-3-Clause"),
 * else Debian's short name ("public-domain"). NULL for a free-form file or none. Caller
 * frees. */
char *dd_pkg_dpkg_copyright_license(const void *data, size_t len);
/* One DEP-5 "License:" value ("GPL-2+ or Artistic, and BSD-3-clause", "GPL-3+ with Bison
 * exception") as such an expression; never NULL. Caller frees. */
char *dd_pkg_dep5_expression(const char *lic);
/* The SPDX id of one DEP-5 short name ("GPL-2+" → "GPL-2.0-or-later", "Expat" → "MIT")
 * into out[cap]: 0, or -1 when the SPDX list has no exact equivalent. */
int dd_pkg_dep5_spdx_id(const char *name, char *out, size_t cap);
/* Whether an image path is a package's copyright file: "usr/share/doc/NAME/copyright". */
bool dd_pkg_is_dpkg_copyright(const char *path);
/* The copyright path of package `name` into out[cap]; false for a name that cannot be a
 * single path component. */
bool dd_pkg_dpkg_copyright_path(const char *name, char *out, size_t cap);
/* The licence of the copyright file at `path` (dd_pkg_dpkg_copyright_license), resolved
 * as the caller's tree resolves it; NULL when absent. Returned string owned by the caller. */
typedef char *(*dd_pkg_copyright_fn)(void *ud, const char *path);
/* Fill the licence of every dpkg package of `l` that has none, asking `fn`. */
void dd_pkg_dpkg_licenses(dd_package_list *l, dd_pkg_copyright_fn fn, void *ud);
int dd_pkg_read_apk(const char *path, const void *data, size_t len, const char *layer,
                    dd_package_list *out, dd_error *e);
int dd_pkg_read_rpmdb_sqlite(const char *path, const void *data, size_t len, const char *layer,
                             dd_package_list *out, dd_error *e);
/* One rpm header blob (as stored in rpmdb.sqlite's Packages.blob): index count, data
 * length, index entries, data store. */
int dd_pkg_read_rpm_header(const char *path, const void *blob, size_t len, const char *layer,
                           dd_package_list *out, dd_error *e);
int dd_pkg_read_python(const char *path, const void *data, size_t len, const char *layer,
                       dd_package_list *out, dd_error *e);
int dd_pkg_read_npm(const char *path, const void *data, size_t len, const char *layer,
                    dd_package_list *out, dd_error *e);
int dd_pkg_read_go(const char *path, const void *data, size_t len, const char *layer,
                   dd_package_list *out, dd_error *e);
/* The same through a range source (whole or streamed). */
int dd_pkg_read_go_src(const char *path, dd_rsrc *src, const char *layer, dd_package_list *out,
                       dd_error *e);
/* For a DD_PKGF_EXEC file, given only its first bytes (>= 4 KiB when the file is larger):
 * false when they prove it holds no Go build info (a script, or an ELF file whose notes
 * carry no Go build ID), so the rest need not be read. */
bool dd_pkg_exec_may_hold_packages(const void *head, size_t len);
int dd_pkg_read_jar(const char *path, const void *data, size_t len, const char *layer,
                    dd_package_list *out, dd_error *e);
/* A Java archive or egg (by its name) from a stream: head, then the rest from rd. */
int dd_pkg_read_jar_stream(const char *path, const void *head, size_t headlen, dd_pkg_read_fn rd,
                           void *ud, const char *layer, dd_package_list *out, dd_error *e);
/* A Python egg (a zip): its EGG-INFO/PKG-INFO. */
int dd_pkg_read_egg(const char *path, const void *data, size_t len, const char *layer,
                    dd_package_list *out, dd_error *e);
/* rpm's Berkeley DB hash database (var/lib/rpm/Packages: CentOS 7, Amazon Linux 2, RHEL
 * 7/8) and its NDB database (Packages.db: SUSE), each value one header blob. */
int dd_pkg_read_rpmdb_bdb(const char *path, const void *data, size_t len, const char *layer,
                          dd_package_list *out, dd_error *e);
int dd_pkg_read_rpmdb_ndb(const char *path, const void *data, size_t len, const char *layer,
                          dd_package_list *out, dd_error *e);
