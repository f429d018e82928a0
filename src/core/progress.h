/* One progress line on stderr for long work (image reads, feed downloads). Callers
 * decide whether to show it at all (only when stderr is a terminal); this draws it,
 * at most ten times a second, and clears it. No state is owned by the caller. */
#pragma once
#include <stdint.h>

/* Draw "LABEL [#####     ]  42% 120/290 MiB", or "LABEL 120 MiB" when total is 0. */
void dd_progress_draw(const char *label, uint64_t done, uint64_t total);
/* Erase the line (call once when the work is over). */
void dd_progress_clear(void);
