/* libsodium, loaded on first use (lazy.h): cosign's encrypted private keys. */
#include <sodium.h>

#include "lazy/lazy.h"

#define SODIUM_FUNCS(X, V, A)                                                                      \
    X(int, sodium_init, (void), ())                                                                \
    V(sodium_memzero, (void *const p, const size_t n), (p, n))                                     \
    V(randombytes_buf, (void *const p, const size_t n), (p, n))                                    \
    X(int, crypto_pwhash_scryptsalsa208sha256_ll,                                                  \
      (const uint8_t *pw, size_t pwlen, const uint8_t *salt, size_t saltlen, uint64_t N,           \
       uint32_t r, uint32_t p, uint8_t *buf, size_t buflen),                                       \
      (pw, pwlen, salt, saltlen, N, r, p, buf, buflen))                                            \
    X(int, crypto_secretbox_easy,                                                                  \
      (unsigned char *c, const unsigned char *m, unsigned long long mlen, const unsigned char *n,  \
       const unsigned char *k),                                                                    \
      (c, m, mlen, n, k))                                                                          \
    X(int, crypto_secretbox_open_easy,                                                             \
      (unsigned char *m, const unsigned char *c, unsigned long long clen, const unsigned char *n,  \
       const unsigned char *k),                                                                    \
      (m, c, clen, n, k))

#define DD_LAZY_THIS lazy_sodium
DD_LAZY_LIBRARY(SODIUM_FUNCS, lazy_sodium, DD_SONAME_SODIUM, "libsodium23")
