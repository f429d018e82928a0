/* What the program loads: every shared object this process has mapped once each lazily
 * loaded library (src/lazy/) is loaded too, i.e. all a root file system must hold for
 * every command to run. `drydock version --libraries` prints it; the image build copies
 * exactly that list into the image and runs the same command inside to check it. */
#pragma once
#include <stdio.h>

#include "core/error.h"

/* One absolute path per line (the dynamic loader included); -1 with `e` naming the library
 * that could not be loaded. */
int dd_loaded_objects(FILE *out, dd_error *e);
