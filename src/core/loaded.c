#include "core/loaded.h"

#include <link.h>

#ifdef DD_SONAME_CURL
#include "lazy/lazy.h"
#endif

static int print_one(struct dl_phdr_info *info, size_t size, void *ud)
{
    (void)size;
    /* the program itself has no name here, the vDSO no path: neither is a file to ship */
    if (info->dlpi_name && info->dlpi_name[0] == '/')
        fprintf(ud, "%s\n", info->dlpi_name);
    return 0;
}

int dd_loaded_objects(FILE *out, dd_error *e)
{
#ifdef DD_SONAME_CURL
    char why[512];
    if (dd_lazy_load_all(why, sizeof why) < 0)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s", why);
#endif
    dl_iterate_phdr(print_one, out);
    return 0;
}
