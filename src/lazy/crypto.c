/* OpenSSL's libcrypto, loaded on first use (lazy.h): blob digests, Sigstore keys and
 * signatures. (libcurl loads its own copy of the same library for TLS: the dynamic linker
 * shares it.) */
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdarg.h>
#include <string.h>

#include "lazy/lazy.h"

#define CRYPTO_FUNCS(X, V, A)                                                                      \
    X(int, EVP_EncodeBlock, (unsigned char *t, const unsigned char *f, int n), (t, f, n))          \
    X(int, EVP_DecodeBlock, (unsigned char *t, const unsigned char *f, int n), (t, f, n))          \
    X(EVP_MD_CTX *, EVP_MD_CTX_new, (void), ())                                                    \
    V(EVP_MD_CTX_free, (EVP_MD_CTX * c), (c))                                                      \
    X(const EVP_MD *, EVP_sha256, (void), ())                                                      \
    X(const EVP_MD *, EVP_sha512, (void), ())                                                      \
    X(int, EVP_DigestInit_ex, (EVP_MD_CTX * c, const EVP_MD *t, ENGINE *e), (c, t, e))             \
    X(int, EVP_DigestUpdate, (EVP_MD_CTX * c, const void *d, size_t n), (c, d, n))                 \
    X(int, EVP_DigestFinal_ex, (EVP_MD_CTX * c, unsigned char *md, unsigned int *n), (c, md, n))   \
    X(int, EVP_DigestSignInit,                                                                     \
      (EVP_MD_CTX * c, EVP_PKEY_CTX * *pc, const EVP_MD *t, ENGINE *e, EVP_PKEY *k),               \
      (c, pc, t, e, k))                                                                            \
    X(int, EVP_DigestSign,                                                                         \
      (EVP_MD_CTX * c, unsigned char *sig, size_t *siglen, const unsigned char *tbs,               \
       size_t tbslen),                                                                             \
      (c, sig, siglen, tbs, tbslen))                                                               \
    X(int, EVP_DigestVerifyInit,                                                                   \
      (EVP_MD_CTX * c, EVP_PKEY_CTX * *pc, const EVP_MD *t, ENGINE *e, EVP_PKEY *k),               \
      (c, pc, t, e, k))                                                                            \
    X(int, EVP_DigestVerify,                                                                       \
      (EVP_MD_CTX * c, const unsigned char *sig, size_t siglen, const unsigned char *tbs,          \
       size_t tbslen),                                                                             \
      (c, sig, siglen, tbs, tbslen))                                                               \
    V(EVP_PKEY_free, (EVP_PKEY * k), (k))                                                          \
    X(int, EVP_PKEY_get_base_id, (const EVP_PKEY *k), (k))                                         \
    X(int, EVP_PKEY_get_utf8_string_param,                                                         \
      (const EVP_PKEY *k, const char *name, char *s, size_t max, size_t *n), (k, name, s, max, n)) \
    X(PKCS8_PRIV_KEY_INFO *, EVP_PKEY2PKCS8, (const EVP_PKEY *k), (k))                             \
    V(PKCS8_PRIV_KEY_INFO_free, (PKCS8_PRIV_KEY_INFO * p), (p))                                    \
    X(int, i2d_PKCS8_PRIV_KEY_INFO, (const PKCS8_PRIV_KEY_INFO *p, unsigned char **out), (p, out)) \
    X(int, i2d_PUBKEY, (const EVP_PKEY *k, unsigned char **out), (k, out))                         \
    X(EVP_PKEY *, d2i_PUBKEY, (EVP_PKEY * *k, const unsigned char **in, long n), (k, in, n))       \
    X(EVP_PKEY *, d2i_AutoPrivateKey, (EVP_PKEY * *k, const unsigned char **in, long n),           \
      (k, in, n))                                                                                  \
    V(CRYPTO_free, (void *p, const char *file, int line), (p, file, line))                         \
    V(OPENSSL_cleanse, (void *p, size_t n), (p, n))                                                \
    A(EVP_PKEY_Q_keygen)

#define DD_LAZY_THIS lazy_crypto
DD_LAZY_LIBRARY(CRYPTO_FUNCS, lazy_crypto, DD_SONAME_CRYPTO, "libssl3")

/* The arguments after the type depend on it (EVP_PKEY_Q_keygen(3)): a curve name for EC,
 * a key size for RSA, nothing for the others. */
EVP_PKEY *EVP_PKEY_Q_keygen(OSSL_LIB_CTX *libctx, const char *propq, const char *type, ...)
{
    EVP_PKEY *(*call)(OSSL_LIB_CTX *, const char *, const char *, ...) =
        DD_LAZY_CALL(lazy_crypto, EVP_PKEY *, EVP_PKEY_Q_keygen,
                     (OSSL_LIB_CTX *, const char *, const char *, ...));
    va_list ap;
    va_start(ap, type);
    EVP_PKEY *k;
    if (type && (!strcmp(type, "EC") || !strcmp(type, "SM2")))
        k = call(libctx, propq, type, va_arg(ap, char *));
    else if (type && (!strcmp(type, "RSA") || !strcmp(type, "RSA-PSS")))
        k = call(libctx, propq, type, va_arg(ap, size_t));
    else
        k = call(libctx, propq, type);
    va_end(ap);
    return k;
}
