/* libFuzzer target: CycloneDX / SPDX JSON documents (`scan sbom:FILE`) and the purls in
 * them, read back into a package list, then written as purls again. */
#include <stddef.h>
#include <stdint.h>

#include "pkg/readers.h"
#include "pkg/sbom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_package_list l = {0};
    dd_error e = {0};
    const char *format;
    if (dd_sbom_parse("fuzz.json", data, size, &l, &format, &e) == 0)
        dd_package_list_set_purls(&l);
    dd_package_list_free(&l);
    return 0;
}
