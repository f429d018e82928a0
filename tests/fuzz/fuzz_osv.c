/* Whole-blob import: gzip, zip (entry checks, bounds), detection, OSV records. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vuln/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dd_vdb_txn txn;
static bool ready;
static char path[64];

static void done(void)
{
    dd_vdb_txn_abort(&txn);
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_error e = {0};
    if (!ready) {
        snprintf(path, sizeof path, "/tmp/dd-fuzz-osv-%d.db", (int)getpid());
        if (dd_vdb_txn_begin(&txn, path, &e) < 0)
            abort();
        atexit(done);
        ready = true;
    }
    dd_import_stats st = {0};
    dd_import_blob(&txn, "fuzz", data, size, NULL, NULL, NULL, NULL, &st, &e);
    free(st.source);
    return 0;
}
