/* ISA-L, loaded on first use (lazy.h): inflates gzip'd image layers (image/inflate.h). */
#include <isa-l/igzip_lib.h>

#include "lazy/lazy.h"

#define ISAL_FUNCS(X, V, A)                                                                        \
    V(isal_inflate_init, (struct inflate_state * s), (s))                                          \
    V(isal_inflate_reset, (struct inflate_state * s), (s))                                         \
    X(int, isal_inflate, (struct inflate_state * s), (s))

#define DD_LAZY_THIS lazy_isal
DD_LAZY_LIBRARY(ISAL_FUNCS, lazy_isal, DD_SONAME_ISAL, "libisal2")
