/* A file a report is written to, seen whole or not at all: the bytes go to a temporary
 * file beside it, renamed over the name only when every write succeeded. A reader (the
 * node-exporter textfile collector, a log shipper tailing a directory, CI picking up an
 * artefact) never sees half a report, and a run that fails leaves the previous file as it
 * was. A name that exists and is not a regular file (a FIFO, /dev/stdout, a terminal) is
 * written in place, as before. "-" or NULL is standard output.
 * Ownership: the dd_outfile holds the FILE and the temporary name until commit or discard. */
#pragma once
#include <stdio.h>

#include "core/error.h"

typedef struct dd_outfile {
    FILE *f;
    char *tmp;        /* the temporary name, or NULL when written in place */
    const char *path; /* borrowed */
} dd_outfile;

/* Open; NULL with `e` (naming the file) on failure. */
FILE *dd_outfile_open(dd_outfile *o, const char *path, dd_error *e);
/* Flush, close and rename into place; -1 with `e` if any write failed (nothing renamed). */
int dd_outfile_commit(dd_outfile *o, dd_error *e);
/* Close and drop the temporary file (after an error); safe to call after commit. */
void dd_outfile_discard(dd_outfile *o);
