/* A minimal test harness: CHECK records a failure and goes on, so one run shows every
 * broken expectation. Each test file ends with `return dd_test_done();`, which prints
 * "N passed, N failed" and returns non-zero on any failure. */
#pragma once
#include <stdio.h>
#include <string.h>

static int dd_test_pass, dd_test_fail;

#define CHECK(cond)                                                                           \
    do {                                                                                      \
        if (cond) {                                                                           \
            dd_test_pass++;                                                                   \
        } else {                                                                              \
            dd_test_fail++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);          \
        }                                                                                     \
    } while (0)

#define CHECK_STR(a, b)                                                                       \
    do {                                                                                      \
        const char *a_ = (a), *b_ = (b);                                                      \
        if (a_ && b_ && strcmp(a_, b_) == 0) {                                                \
            dd_test_pass++;                                                                   \
        } else {                                                                              \
            dd_test_fail++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK_STR failed: %s == %s\n  got:      \"%s\"\n  "      \
                            "expected: \"%s\"\n",                                             \
                    __FILE__, __LINE__, #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)");      \
        }                                                                                     \
    } while (0)

#define CHECK_INT(a, b)                                                                       \
    do {                                                                                      \
        long long a_ = (long long)(a), b_ = (long long)(b);                                   \
        if (a_ == b_) {                                                                       \
            dd_test_pass++;                                                                   \
        } else {                                                                              \
            dd_test_fail++;                                                                   \
            fprintf(stderr, "%s:%d: CHECK_INT failed: %s == %s (got %lld, expected %lld)\n", \
                    __FILE__, __LINE__, #a, #b, a_, b_);                                      \
        }                                                                                     \
    } while (0)

static inline int dd_test_done(void)
{
    printf("%d passed, %d failed\n", dd_test_pass, dd_test_fail);
    return dd_test_fail ? 1 : 0;
}
