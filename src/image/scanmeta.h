/* The non-finding parts of a scan report: meta about an image and SBOM components.
 *
 * Ownership: the json_t returned is the caller's (a new reference); strings returned are
 * the caller's to free. */
#pragma once
#include <jansson.h>

#include "image/image.h"
#include "pkg/pkg.h"

/* How image `idx` of a multi-image archive is named in findings: "FILE (repo:tag)", or
 * "FILE#N" when it has no tag. */
char *dd_scan_archive_target(const char *ref, const dd_image *img, size_t idx);
/* One component per package (and one for the operating system), as docs/json-report.md
 * documents `components`. */
json_t *dd_scan_components_json(const dd_package_list *pkgs);
/* Packages in a stable order: type, name, version. */
void dd_scan_sort_packages(dd_package_list *pkgs);
/* Set image facts on `m` (target, imageId, layers, os, packages...). */
void dd_scan_image_meta(json_t *m, const dd_image *img, const dd_package_list *pkgs);
