/* `scan --dockerfile FILE`: image findings placed on the Dockerfile lines that made them,
 * so code scanning shows a CVE on the RUN that installed the package, a secret on the COPY
 * that added the file, a base image's CVEs on its FROM.
 *
 * The image's history is matched to the Dockerfile's last stage (and the stages it is built
 * FROM) step by step from the top: each entry's instruction must be the Dockerfile's, and a
 * RUN's command the same text. A file that does not match (not the one the image was built
 * from, or edited since) places nothing: a note says where they part, so no finding ever
 * lands on a line that did not make it.
 *
 * Ownership: dd_df_map_open returns a map the caller frees with dd_df_map_free. */
#pragma once
#include <stddef.h>

#include "core/error.h"
#include "image/image.h"
#include "report/report.h"

typedef struct dd_df_map dd_df_map;

/* Read and parse the Dockerfile at `path`. NULL with `e` set: DD_ERR_USAGE when it cannot
 * be read (the user named it), DD_ERR_INPUT naming FILE:LINE when it does not parse. */
dd_df_map *dd_df_map_open(const char *path, dd_error *e);
/* The same from `len` bytes already read (`path` names them in messages). */
dd_df_map *dd_df_map_parse(const char *path, const char *data, size_t len, dd_error *e);
void dd_df_map_free(dd_df_map *m);
static inline void dd_df_map_freep(dd_df_map **m)
{
    dd_df_map_free(*m);
}
#define _cleanup_df_map_ __attribute__((cleanup(dd_df_map_freep)))

/* Give each of findings [first, r->n), all about image `img`, the line that made what it
 * is about, as props.dockerfile_line: the step that added its layer (a file, a package),
 * the step its history_step names, the last ENV/LABEL/USER/... step that set the
 * configuration it is about (props.instruction, props.key), else the stage's FROM. Sets
 * meta.dockerfile to the path. When the history does not match, adds a note to `r`. */
void dd_df_map_apply(const dd_df_map *m, const dd_image *img, dd_report *r, size_t first);
