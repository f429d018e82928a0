/* Image signatures in the format Sigstore/cosign and containers/image (skopeo, podman)
 * share: a "simple signing" JSON payload naming the image's manifest digest and its
 * repository, signed with ECDSA P-256 over SHA-256 (ASN.1 DER, base64), stored in the
 * same repository as the image under the tag "sha256-<hex>.sig": an OCI manifest whose
 * layers are the payloads (media type application/vnd.dev.cosign.simplesigning.v1+json)
 * each annotated with its signature (dev.cosignproject.cosign/signature).
 *
 * Keys are cosign's files: the public key a PEM "PUBLIC KEY" (PKIX); the private key a
 * PEM "ENCRYPTED COSIGN PRIVATE KEY" holding JSON {kdf: scrypt N=32768 r=8 p=1, cipher:
 * nacl/secretbox, ciphertext} around the PKCS#8 key — the format cosign and skopeo read.
 * Crypto is OpenSSL's libcrypto (ECDSA, SHA-256, PEM) and libsodium (scrypt, secretbox).
 *
 * Trust: payloads, signatures and attachment manifests come from the registry and are
 * untrusted until the signature verifies; a payload is parsed only after that, strictly
 * (exactly the fields the format has), and accepted only for the image's own digest and
 * repository.
 *
 * Ownership: keys from dd_sig_key_* are freed with dd_sig_key_free(); strings returned
 * are the caller's (free()). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "image/digest.h"
#include "registry/registry.h"

#define DD_SIG_PAYLOAD_TYPE "cosign container image signature"
#define DD_SIG_MEDIA_TYPE   "application/vnd.dev.cosign.simplesigning.v1+json"
#define DD_SIG_ANNOTATION   "dev.cosignproject.cosign/signature"
/* A payload or signature larger than this is not one (containers/image uses 4 MiB). */
#define DD_SIG_MAX_PAYLOAD (64u << 10)
#define DD_SIG_MAX_LAYERS  256

/* ---- keys ---- */

typedef struct dd_sig_key dd_sig_key;

/* Write PREFIX.key (encrypted with `password`) and PREFIX.pub; refuses to overwrite. */
int dd_sig_key_generate(const char *prefix, const char *password, dd_error *e);
int dd_sig_key_load_private(dd_sig_key **out, const char *path, const char *password, dd_error *e);
int dd_sig_key_load_public(dd_sig_key **out, const char *path, dd_error *e);
void dd_sig_key_free(dd_sig_key *k);
/* "sha256:<hex>" of the public key's DER: how reports name a key. Borrowed. */
const char *dd_sig_key_id(const dd_sig_key *k);
const char *dd_sig_key_path(const dd_sig_key *k);

/* The password for a private key: $DRYDOCK_KEY_PASSWORD, else $COSIGN_PASSWORD, else a
 * prompt on the terminal (twice when `confirm`). Caller frees (and wipes). */
char *dd_sig_password(const char *what, bool confirm, dd_error *e);

/* Sign / verify bytes: ECDSA-SHA256, signature as base64 of DER. */
int dd_sig_sign(const dd_sig_key *k, const void *data, size_t len, char **b64, dd_error *e);
/* 0 valid, -1 not (e says why: bad base64, wrong key, tampered data). */
int dd_sig_verify(const dd_sig_key *k, const void *data, size_t len, const char *b64, dd_error *e);

/* ---- payloads ---- */

typedef struct dd_sig_payload {
    char *reference;            /* critical.identity.docker-reference */
    char digest[DD_DIGEST_LEN]; /* critical.image.docker-manifest-digest */
    char *creator;              /* optional.creator, or NULL */
    long long timestamp;        /* optional.timestamp, 0 when absent */
} dd_sig_payload;

/* The payload for `reference` ("HOST/REPO[:TAG]") and `digest`. Caller frees. */
char *dd_sig_payload_build(const char *reference, const char *digest, size_t *len);
/* Parse strictly (containers/image's rules). */
int dd_sig_payload_parse(const char *p, size_t len, dd_sig_payload *out, dd_error *e);
void dd_sig_payload_free(dd_sig_payload *p);

/* ---- images in a registry ---- */

/* Sign the image `ref` names (by tag or digest): resolve its manifest digest, then add a
 * signature to its sha256-<hex>.sig manifest (keeping the ones already there). */
int dd_sign_image(const char *ref, const dd_sig_key *k, const dd_registry_opts *ro,
                  char digest_out[DD_DIGEST_LEN], dd_error *e);

typedef enum {
    DD_SIG_OK = 0,       /* a valid signature by this key for this image */
    DD_SIG_MISSING,      /* the image has no signatures at all */
    DD_SIG_NO_KEY,       /* signatures, none valid for this key */
    DD_SIG_BAD_DIGEST,   /* valid for this key but for another digest */
    DD_SIG_BAD_IDENTITY, /* valid for this key but for another repository */
} dd_sig_status;

typedef struct dd_verify_key_result {
    const dd_sig_key *key;
    dd_sig_status status;
    char detail[512];
} dd_verify_key_result;

typedef struct dd_verify_result {
    char *reference;            /* HOST/REPO:TAG as named */
    char digest[DD_DIGEST_LEN]; /* the manifest digest verified */
    size_t nsignatures;         /* signature layers found */
    dd_verify_key_result *keys; /* one per key given */
    size_t nkeys;
} dd_verify_result;

/* Check the image's signatures against every key. Returns 0 when the check could be
 * made (each key's status in res), -1 when it could not (registry unreachable...). */
int dd_verify_image(const char *ref, const dd_sig_key *const *keys, size_t nkeys,
                    const dd_registry_opts *ro, dd_verify_result *res, dd_error *e);
void dd_verify_result_free(dd_verify_result *r);
const char *dd_sig_status_name(dd_sig_status s);

/* ---- base64 (standard alphabet, padded) ---- */
char *dd_b64_encode(const void *p, size_t n);
/* Decodes into a new buffer (NUL-terminated for convenience); -1 when not base64. */
int dd_b64_decode(const char *s, size_t n, unsigned char **out, size_t *outlen);
