/* SBOMs read back as package lists (`drydock scan sbom:FILE`): CycloneDX 1.4-1.6 JSON
 * and SPDX 2.2/2.3 JSON, told apart by the document itself (bomFormat, spdxVersion).
 * Each component's purl becomes a dd_package (pkg/readers.h: dd_purl_add_package), the
 * operating-system component (or the purls' distro qualifier) the list's os, so the
 * vulnerability matcher reads the list as it reads an image's.
 *
 * Ownership: packages, os and notes are added to the caller's list. */
#pragma once
#include <stddef.h>

#include "core/error.h"
#include "pkg/pkg.h"

#define DD_SBOM_MAX_FILE       (128u << 20) /* bytes; jansson holds a few times that */
#define DD_SBOM_MAX_COMPONENTS 200000u      /* components in one document, nested ones included */
#define DD_SBOM_MAX_DEPTH      32           /* components nested in components */
#define DD_SBOM_MAX_PURL       8192         /* bytes of one purl */

/* Parse `len` bytes named `name` (for messages). Components without a purl, with a purl
 * that does not parse or of a type no ecosystem has become notes of `out` naming the file
 * and the JSON path ("components[3]"); -1 with `e` naming the file (and line/column or
 * JSON path) for a document that is not JSON, not an SBOM drydock reads, or over the
 * bounds above. *format (static) is "CycloneDX 1.5", "SPDX-2.3" ... */
int dd_sbom_parse(const char *name, const void *data, size_t len, dd_package_list *out,
                  const char **format, dd_error *e);
/* Read the file at `path` (at most DD_SBOM_MAX_FILE bytes), then dd_sbom_parse(). */
int dd_sbom_read(const char *path, dd_package_list *out, const char **format, dd_error *e);
