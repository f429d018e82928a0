/* libFuzzer target: Go build info in an executable (ELF, PE, Mach-O) on arbitrary bytes,
 * whole and as a stream read by ranges. */
#include <stddef.h>
#include <stdint.h>

#include "pkg/readers.h"
#include "stream_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the walker's head check sees the same hostile bytes first */
    dd_pkg_exec_may_hold_packages(data, size);
    dd_package_list l = {0};
    dd_error e = {0};
    dd_pkg_parse(DD_PKGF_EXEC, "usr/bin/x", data, size, NULL, &l, &e);
    dd_package_list_set_purls(&l);
    dd_package_list_free(&l);
    fuzz_parse_stream(DD_PKGF_EXEC, "usr/bin/x", data, size);
    return 0;
}
