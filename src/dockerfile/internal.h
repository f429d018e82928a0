/* Shared between the parser, the shell splitter and the lint rules; not a public API. */
#pragma once
#include "dockerfile/arena.h"
#include "dockerfile/dockerfile.h"

/* dd_sh_split with the arena given directly. `pa`, when not NULL, holds the position of
 * every byte of text (a RUN line joined from continuation lines); `heredoc` says whether newlines in the
 * text may open shell heredocs whose bodies follow (true for scripts, false for a RUN
 * line whose Dockerfile heredocs the parser already took away). */
dd_sh_cmd *dd_sh_split_ex(dd_arena *a, const char *text, size_t len, dd_df_pos base,
                          const dd_df_pos *pa, bool heredoc, size_t *n);
