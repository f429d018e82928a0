/* The Alpine secdb importer. */
#include "fuzz_import.h"

DD_FUZZ_IMPORT_TARGET("alpine", dd_import_alpine_json(txn, "fuzz", (const char *)data, size, &st,
                                                      &e))
