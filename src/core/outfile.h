/* A report file is all or nothing. `-o FILE` is written to a temporary file in FILE's own
 * directory and renamed over FILE only once every byte reached it (flushed, closed, no
 * write error): a full disk, a killed run or a --timeout never leaves a truncated report
 * that a CI step could take for a complete one, and FILE keeps its old content until the
 * new one is whole. Standard output ("-" or no path), and a FILE that is not a regular file
 * (a FIFO, /dev/stderr), are written directly: there is nothing to rename over.
 *
 * Ownership: the dd_outfile owns its FILE and paths until dd_outfile_commit() or
 * dd_outfile_abort(), which release everything (abort removes the temporary file). */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"

typedef struct dd_outfile {
    FILE *f;    /* where to write: the temporary file, the file itself, or stdout */
    char *path; /* the file named by the user, NULL for standard output */
    char *tmp;  /* the temporary file, NULL when writing directly */
} dd_outfile;

/* Open `path` for a report ("-" or NULL: standard output). Returns the stream, or NULL
 * with `e` filled (naming the file). */
FILE *dd_outfile_open(dd_outfile *o, const char *path, dd_error *e);
/* Flush and close; rename the temporary file into place. On a write error the
 * temporary file is removed, the old FILE is left untouched, and `e` names the file. */
int dd_outfile_commit(dd_outfile *o, dd_error *e);
/* Drop what was written (the run failed): the temporary file is removed. */
void dd_outfile_abort(dd_outfile *o);
/* Async-signal-safe: remove the temporary file of the report being written, if any (a
 * --timeout ends the process from a signal handler). */
void dd_outfile_unlink_pending(void);
