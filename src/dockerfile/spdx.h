/* The SPDX license list, generated at build time from Debian's node-spdx-license-ids and
 * node-spdx-exceptions data files (cmake/spdx.cmake): ids of licenses (deprecated ones
 * included, as old Dockerfiles use them) and of license exceptions. Matching is
 * case-insensitive, as the SPDX specification says. */
#pragma once
#include <stdbool.h>

bool dd_spdx_license(const char *id);
/* The list's own spelling of license `id` ("bsd-4-clause-uc" -> "BSD-4-Clause-UC"), or
 * NULL when it is not on the list. Static storage. */
const char *dd_spdx_license_id(const char *id);
bool dd_spdx_exception(const char *id);
