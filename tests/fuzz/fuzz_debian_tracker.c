/* The Debian security tracker importer (streaming member reader included). */
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
        snprintf(path, sizeof path, "/tmp/dd-fuzz-debian-%d.db", (int)getpid());
        if (dd_vdb_txn_begin(&txn, path, &e) < 0)
            abort();
        atexit(done);
        ready = true;
    }
    dd_import_stats st = {0};
    dd_import_debian_json(&txn, "fuzz", (const char *)data, size, &st, &e);
    free(st.source);
    return 0;
}
