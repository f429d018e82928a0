/* The NuGet version comparator on arbitrary bytes (see fuzz_version.h). */
#include "fuzz_version.h"

DD_FUZZ_VERSION_TARGET(dd_vercmp_nuget)
