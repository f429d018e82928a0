/* libFuzzer target: the dpkg status / status.d reader and the DEP-5 copyright licence
 * reader (and its DEP-5 to SPDX expression translation) on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_package_list l = {0};
    dd_error e = {0};
    dd_pkg_parse(DD_PKGF_DPKG_STATUS, "var/lib/dpkg/status", data, size, "sha256:0", &l, &e);
    dd_pkg_parse(DD_PKGF_DPKG_STATUSD, "var/lib/dpkg/status.d/x", data, size, NULL, &l, &e);
    free(dd_pkg_dpkg_copyright_license(data, size));
    /* one License: value, as the copyright reader hands it over (a C string) */
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
        free(dd_pkg_dep5_expression(s));
        free(s);
    }
    dd_package_list_set_purls(&l);
    dd_package_list_free(&l);
    return 0;
}
