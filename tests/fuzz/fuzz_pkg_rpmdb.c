/* libFuzzer target: rpm's Berkeley DB hash (Packages) and NDB (Packages.db) databases on
 * arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "pkg/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_package_list l = {0};
    dd_error e = {0};
    dd_pkg_parse(DD_PKGF_RPM_BDB, "var/lib/rpm/Packages", data, size, NULL, &l, &e);
    dd_pkg_parse(DD_PKGF_RPM_NDB, "usr/lib/sysimage/rpm/Packages.db", data, size, NULL, &l, &e);
    dd_package_list_set_purls(&l);
    dd_package_list_free(&l);
    return 0;
}
