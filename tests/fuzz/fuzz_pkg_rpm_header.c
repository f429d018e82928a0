/* libFuzzer target: one rpm header blob, and the same bytes as a whole rpmdb.sqlite. */
#include <stddef.h>
#include <stdint.h>

#include "pkg/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_package_list l = {0};
    dd_error e = {0};
    dd_pkg_read_rpm_header("blob", data, size, NULL, &l, &e);
    dd_pkg_parse(DD_PKGF_RPM_SQLITE, "var/lib/rpm/rpmdb.sqlite", data, size, NULL, &l, &e);
    dd_package_list_set_purls(&l);
    dd_package_list_free(&l);
    return 0;
}
