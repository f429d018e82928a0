/* The running containers of a daemon, grouped by image, for `scan --running`: one
 * container list call, each image named once however many containers run it.
 *
 * Ownership: dd_running_list() fills a dd_running the caller frees with dd_running_free(). */
#pragma once
#include <stddef.h>

#include "core/error.h"
#include "engine/engine.h"

typedef struct dd_running_image {
    char *id;   /* "sha256:..." */
    char *name; /* what the first container was started from ("nginx:1.25"), or the id */
} dd_running_image;

typedef struct dd_running_container {
    char *id;
    char *name;   /* without the leading '/' */
    size_t image; /* index into images */
} dd_running_container;

typedef struct dd_running {
    dd_running_image *images;
    size_t nimages;
    dd_running_container *containers;
    size_t ncontainers;
} dd_running;

int dd_running_list(const dd_engine_config *cfg, dd_running *out, dd_error *e);
void dd_running_free(dd_running *r);
