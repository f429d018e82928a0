/* The Go comparators on arbitrary bytes (see fuzz_version.h): strict x/mod/semver, and the
 * canonicalising one the matcher uses (OSV "1.2.3", toolchain "go1.21rc2"). */
#include "fuzz_version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_fuzz_version(data, size, dd_vercmp_go);
    return dd_fuzz_version(data, size, dd_vercmp_go_any);
}
