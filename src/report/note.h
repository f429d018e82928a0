/* Notes: what a reader of any report must know that is not a finding. Above all, every
 * limit drydock applies and hits is a note: a bound on work or memory may stop drydock
 * from looking further, but it is never silent. Every module that has a limit (files per
 * layer, path depth, JSON sizes, secrets per layer, package files...) records hitting it
 * here, naming the limit, and every output format shows the notes (text, JSON, SARIF,
 * JUnit, CycloneDX, SPDX).
 *
 * Ownership: a dd_notes owns its strings; dd_notes_free() releases them. A dd_notes
 * belongs to one thread at a time. */
#pragma once
#include <stddef.h>

typedef struct dd_note {
    char *limit; /* the limit that was hit ("--max-layer-size", "secret findings per
                    layer"...), or NULL for a plain note */
    char *text;  /* what was not looked at, naming image, layer and path */
} dd_note;

typedef struct dd_notes {
    dd_note *v;
    size_t n, cap;
} dd_notes;

/* Add a note; `limit` may be NULL. A note equal to one already there is not repeated. */
void dd_notes_add(dd_notes *ns, const char *limit, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Move every note of `src` to the end of `dst` (src is left empty). */
void dd_notes_move(dd_notes *dst, dd_notes *src);
void dd_notes_free(dd_notes *ns);
