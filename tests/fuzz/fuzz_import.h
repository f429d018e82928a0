/* One body for the feed importers' fuzz targets: each input is imported into one scratch
 * database (opened once per process, removed at exit). A target is one line:
 *   DD_FUZZ_IMPORT_TARGET("osv", dd_import_blob(txn, "fuzz", data, size, NULL, NULL, NULL,
 *                                               NULL, &st, &e))
 * where the call can use txn (a dd_vdb_txn *), data, size, st and e. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vuln/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dd_vdb_txn dd_fuzz_txn;
static char dd_fuzz_db[64];

static void dd_fuzz_import_done(void)
{
    dd_vdb_txn_abort(&dd_fuzz_txn);
    unlink(dd_fuzz_db);
}

static inline dd_vdb_txn *dd_fuzz_import_txn(const char *name)
{
    static bool ready;
    if (!ready) {
        dd_error e = {0};
        snprintf(dd_fuzz_db, sizeof dd_fuzz_db, "/tmp/dd-fuzz-%s-%d.db", name, (int)getpid());
        if (dd_vdb_txn_begin(&dd_fuzz_txn, dd_fuzz_db, &e) < 0)
            abort();
        atexit(dd_fuzz_import_done);
        ready = true;
    }
    return &dd_fuzz_txn;
}

#define DD_FUZZ_IMPORT_TARGET(name, call)                                                     \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                              \
    {                                                                                         \
        dd_vdb_txn *txn = dd_fuzz_import_txn(name);                                           \
        dd_error e = {0};                                                                     \
        dd_import_stats st = {0};                                                             \
        call;                                                                                 \
        free(st.source);                                                                      \
        return 0;                                                                             \
    }
