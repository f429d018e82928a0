/* Reading an installed-package database file directly, for `drydock db match`
 * (matching without an image) and the oracle tests: a dpkg status file or an apk
 * `installed` file, and an os-release file. The image scanner has its own readers in
 * pkg/; these are the small, file-only variants.
 *
 * Ownership: packages and os fields are added to the caller's list (which owns them). */
#pragma once
#include "core/error.h"
#include "pkg/pkg.h"

int dd_vuln_read_pkgfile(const char *path, dd_package_list *l, dd_error *e);
int dd_vuln_read_os_release(const char *path, dd_os_info *os, dd_error *e);
