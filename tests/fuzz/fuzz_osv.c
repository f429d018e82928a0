/* Whole-blob import: gzip, zip (entry checks, bounds), detection, OSV records. */
#include "fuzz_import.h"

DD_FUZZ_IMPORT_TARGET("osv", dd_import_blob(txn, "fuzz", data, size, NULL, NULL, NULL, NULL,
                                            &st, &e))
