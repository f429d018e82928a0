/* PCRE2 (8-bit), loaded on first use (lazy.h): confirms the secret scanner's candidates (and
 * finds a configured rule's secret group) and evaluates the regex operator of watch rules.
 * The names are PCRE2's macros (pcre2_match is pcre2_match_8); both the symbol looked up
 * and the function defined use the expansion. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "lazy/lazy.h"

#define PCRE2_FUNCS(X, V, A)                                                                       \
    X(pcre2_code *, pcre2_compile,                                                                 \
      (PCRE2_SPTR pat, PCRE2_SIZE len, uint32_t opts, int *err, PCRE2_SIZE *off,                   \
       pcre2_compile_context *cc),                                                                 \
      (pat, len, opts, err, off, cc))                                                              \
    V(pcre2_code_free, (pcre2_code * c), (c))                                                      \
    X(int, pcre2_get_error_message, (int code, PCRE2_UCHAR *buf, PCRE2_SIZE len),                  \
      (code, buf, len))                                                                            \
    X(PCRE2_SIZE *, pcre2_get_ovector_pointer, (pcre2_match_data * md), (md))                      \
    X(int, pcre2_jit_compile, (pcre2_code * c, uint32_t opts), (c, opts))                          \
    V(pcre2_jit_stack_assign, (pcre2_match_context * mc, pcre2_jit_callback cb, void *data),       \
      (mc, cb, data))                                                                              \
    X(pcre2_jit_stack *, pcre2_jit_stack_create,                                                   \
      (PCRE2_SIZE start, PCRE2_SIZE max, pcre2_general_context * gc), (start, max, gc))            \
    V(pcre2_jit_stack_free, (pcre2_jit_stack * s), (s))                                            \
    X(int, pcre2_match,                                                                            \
      (const pcre2_code *c, PCRE2_SPTR subj, PCRE2_SIZE len, PCRE2_SIZE start, uint32_t opts,      \
       pcre2_match_data *md, pcre2_match_context *mc),                                             \
      (c, subj, len, start, opts, md, mc))                                                         \
    X(pcre2_match_context *, pcre2_match_context_create, (pcre2_general_context * gc), (gc))       \
    V(pcre2_match_context_free, (pcre2_match_context * mc), (mc))                                  \
    X(pcre2_match_data *, pcre2_match_data_create, (uint32_t n, pcre2_general_context * gc),       \
      (n, gc))                                                                                     \
    X(pcre2_match_data *, pcre2_match_data_create_from_pattern,                                    \
      (const pcre2_code *c, pcre2_general_context *gc), (c, gc))                                   \
    V(pcre2_match_data_free, (pcre2_match_data * md), (md))                                        \
    X(int, pcre2_set_match_limit, (pcre2_match_context * mc, uint32_t v), (mc, v))                 \
    X(int, pcre2_substring_number_from_name, (const pcre2_code *c, PCRE2_SPTR name), (c, name))

#define DD_LAZY_THIS lazy_pcre2
DD_LAZY_LIBRARY(PCRE2_FUNCS, lazy_pcre2, DD_SONAME_PCRE2, "libpcre2-8-0")
