/* Content digests ("sha256:<hex>", "sha512:<hex>") checked while the bytes go by.
 *
 * Every blob drydock reads from an image (archive member, OCI layout blob, registry
 * blob, manifest, configuration) is named by its digest somewhere up the chain of trust:
 * the reference or index names the manifest, the manifest names the config and layer
 * blobs, the config names the layers' diff ids. A blob whose bytes do not hash to its
 * name is refused: nothing read from it may be reported as if it were fine. This is the
 * one place that computes and compares those digests (OpenSSL's libcrypto).
 *
 * A dd_digest owns an OpenSSL context: dd_digest_init*() allocate it, dd_digest_final()
 * and dd_digest_free() release it (free is safe after final and on a zeroed struct). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* "sha512:" + 128 hex + NUL fits */
#define DD_DIGEST_LEN 136

typedef struct dd_digest {
    void *md; /* EVP_MD_CTX */
    bool sha512;
    uint64_t n; /* bytes hashed */
} dd_digest;

/* SHA-256. */
void dd_digest_init(dd_digest *d);
/* The algorithm `want` names (sha256 or sha512); -1 when it names neither. */
int dd_digest_init_for(dd_digest *d, const char *want);
void dd_digest_update(dd_digest *d, const void *p, size_t n);
/* Finish and write "ALG:<hex>" into out. */
void dd_digest_final(dd_digest *d, char out[DD_DIGEST_LEN]);
void dd_digest_free(dd_digest *d);

/* The SHA-256 digest of a buffer, in one call. */
void dd_digest_of(const void *p, size_t n, char out[DD_DIGEST_LEN]);

/* Whether `want` is a digest we can verify (sha256 or sha512, well formed). */
bool dd_digest_checkable(const char *want);

/* Hash `p` with want's algorithm and compare. On mismatch fills `e` with
 * "CONTEXT: digest mismatch: expected WANT, got GOT" and returns -1. */
int dd_digest_check(const void *p, size_t n, const char *want, dd_error *e, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Compare a computed digest with the expected one; same message. */
int dd_digest_expect(const char *got, const char *want, dd_error *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
