/* The Debian security tracker importer (streaming member reader included). */
#include "fuzz_import.h"

DD_FUZZ_IMPORT_TARGET("debian", dd_import_debian_json(txn, "fuzz", (const char *)data, size, &st,
                                                      &e))
