/* libFuzzer target: Java archives (zip, nested jars) and Python eggs on arbitrary bytes,
 * whole and as a stream of entries. */
#include <stddef.h>
#include <stdint.h>

#include "pkg/readers.h"
#include "stream_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_package_list l = {0};
    dd_error e = {0};
    dd_pkg_parse(DD_PKGF_JAR, "app.jar", data, size, NULL, &l, &e);
    dd_package_list_set_purls(&l);
    dd_pkg_parse(DD_PKGF_PY_EGG, "x.egg", data, size, NULL, &l, &e);
    dd_package_list_free(&l);
    fuzz_parse_stream(DD_PKGF_JAR, "app.jar", data, size);
    return 0;
}
