/* Vectorscan (libhs), loaded on first use (lazy.h): the secret scanner's pattern engine.
 * It is C++: loading it also loads libstdc++, which is why lint must not. */
#include <hs/hs.h>

#include "lazy/lazy.h"

#define HS_FUNCS(X, V, A)                                                                          \
    X(hs_error_t, hs_alloc_scratch, (const hs_database_t *db, hs_scratch_t **s), (db, s))          \
    X(hs_error_t, hs_compile_multi,                                                                \
      (const char *const *expr, const unsigned int *flags, const unsigned int *ids,                \
       unsigned int n, unsigned int mode, const hs_platform_info_t *plat, hs_database_t **db,      \
       hs_compile_error_t **err),                                                                  \
      (expr, flags, ids, n, mode, plat, db, err))                                                  \
    X(hs_error_t, hs_expression_info,                                                              \
      (const char *expr, unsigned int flags, hs_expr_info_t **info, hs_compile_error_t **err),     \
      (expr, flags, info, err))                                                                    \
    X(hs_error_t, hs_free_compile_error, (hs_compile_error_t * e), (e))                            \
    X(hs_error_t, hs_free_database, (hs_database_t * db), (db))                                    \
    X(hs_error_t, hs_free_scratch, (hs_scratch_t * s), (s))                                        \
    X(hs_error_t, hs_scan,                                                                         \
      (const hs_database_t *db, const char *data, unsigned int len, unsigned int flags,            \
       hs_scratch_t *s, match_event_handler cb, void *ctx),                                        \
      (db, data, len, flags, s, cb, ctx))

#define DD_LAZY_THIS lazy_hs
DD_LAZY_LIBRARY(HS_FUNCS, lazy_hs, DD_SONAME_HS, "libvectorscan5")
