/* An image's build history, read back as Dockerfile instructions.
 *
 * Each entry of a configuration's `history` says what made it in `created_by`, in the
 * words of the builder that ran it:
 *   classic builder   "/bin/sh -c #(nop)  ENV A=b", "/bin/sh -c apt-get ...",
 *                     "|1 TOKEN=x /bin/sh -c make" (a RUN that saw build arguments)
 *   BuildKit          "ENV A=b", "RUN /bin/sh -c apt-get ... # buildkit", "COPY x /y # buildkit"
 * Nothing here allocates; returned pointers point into `created_by`. */
#pragma once
#include <stddef.h>

#include "dockerfile/dockerfile.h"

/* The instruction that made a history entry, and its arguments as the builder recorded them
 * (for RUN: the shell command, without the shell and BuildKit's " # buildkit"); `*body` and
 * `*len` describe them. DD_DF_UNKNOWN for an entry no Dockerfile instruction made
 * ("Imported from -", a base image's own tooling). */
dd_df_kind dd_history_kind(const char *created_by, const char **body, size_t *len);
