/* Table-driven checks for the version comparators: each row is (a, b, expected sign);
 * every row is also checked reversed (antisymmetry) and each side against itself. */
#pragma once
#include "tap.h"

typedef struct {
    const char *a, *b;
    int want; /* -1, 0, 1 */
} vercase;

static inline int vc_sign(int x)
{
    return (x > 0) - (x < 0);
}

#define RUN_VERCASES(fn, table)                                                               \
    do {                                                                                      \
        for (size_t i_ = 0; i_ < sizeof(table) / sizeof((table)[0]); i_++) {                  \
            const vercase *c_ = &(table)[i_];                                                 \
            int got_ = vc_sign(fn(c_->a, c_->b)), rev_ = vc_sign(fn(c_->b, c_->a));           \
            if (got_ != c_->want || rev_ != -c_->want)                                        \
                fprintf(stderr, "  %s(\"%s\", \"%s\") = %d (reversed %d), expected %d\n", #fn, \
                        c_->a, c_->b, got_, rev_, c_->want);                                  \
            CHECK_INT(got_, c_->want);                                                        \
            CHECK_INT(rev_, -c_->want);                                                       \
            CHECK_INT(fn(c_->a, c_->a), 0);                                                   \
        }                                                                                     \
    } while (0)

/* An ordered list: every earlier element is less than every later one. */
#define RUN_VERORDER(fn, list)                                                                \
    do {                                                                                      \
        size_t n_ = sizeof(list) / sizeof((list)[0]);                                         \
        for (size_t i_ = 0; i_ < n_; i_++)                                                    \
            for (size_t j_ = i_ + 1; j_ < n_; j_++) {                                         \
                int got_ = vc_sign(fn((list)[i_], (list)[j_]));                               \
                int rev_ = vc_sign(fn((list)[j_], (list)[i_]));                               \
                if (got_ != -1 || rev_ != 1)                                                  \
                    fprintf(stderr, "  %s: expected \"%s\" < \"%s\", got %d / %d\n", #fn,    \
                            (list)[i_], (list)[j_], got_, rev_);                              \
                CHECK_INT(got_, -1);                                                          \
                CHECK_INT(rev_, 1);                                                           \
            }                                                                                 \
    } while (0)
