/* The program's one lexical path normaliser (no file is looked at): tar member names and
 * symlink targets of an image (image/walker.h), SARIF artifact paths (report/sarif.c). */
#pragma once
#include <stdbool.h>
#include <stddef.h>

/* Normalise a '/'-separated path into `out` (room for strlen(name) + 1): "" and "."
 * components dropped, ".." applied, no leading '/'. Returns 0; -1 when ".." climbs above
 * the start (with `clamp` it stays there instead, as in a chroot); -2 when the path nests
 * deeper than max_depth (0: no bound). */
int dd_path_normalise(const char *name, char *out, bool clamp, size_t max_depth);
