/* An OCI distribution (registry v2) client over libcurl.
 *
 * References are parsed the way docker and skopeo parse them ("docker://" prefix
 * optional): HOST[:PORT]/REPO[:TAG][@sha256:...]; a first component without '.' or ':'
 * (and not "localhost") is a Docker Hub repository (docker.io, "library/" added).
 *
 * Authentication follows the registry's WWW-Authenticate challenge: Bearer (token from
 * realm with service and scope, using the credentials when there are any) or Basic.
 * Credentials come from --username/--password, else DOCKER_CONFIG/config.json (or
 * ~/.docker/config.json): `auths` entries, `credHelpers[host]` and `credsStore` by
 * running `docker-credential-NAME get`. TLS is verified, with the registry's own CA and
 * client certificate from /etc/docker/certs.d/HOST/ when present; plain HTTP or
 * unverified TLS only for a host the caller lists as insecure.
 *
 * Registries are untrusted: every answer is bounded in size, every manifest and blob is
 * checked against the digest that names it, and 429/5xx answers and broken transfers are
 * retried a bounded number of times with back-off (blob reads resume with Range).
 *
 * Threads: one dd_registry may be used from several threads at once (tokens are shared
 * under a lock); each request uses its own connection handle.
 *
 * Ownership: dd_registry_open() returns a client freed with dd_registry_free(); strings
 * and buffers returned through out-parameters are owned by the caller (free()). */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "image/digest.h"

/* A manifest or index larger than this is refused (the distribution spec's advice). */
#define DD_REG_MAX_MANIFEST (4u << 20)
/* A token answer or error body larger than this is refused. */
#define DD_REG_MAX_SMALL (1u << 20)

#define DD_MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define DD_MT_DOCKER_LIST     "application/vnd.docker.distribution.manifest.list.v2+json"
#define DD_MT_OCI_MANIFEST    "application/vnd.oci.image.manifest.v1+json"
#define DD_MT_OCI_INDEX       "application/vnd.oci.image.index.v1+json"

/* ---- references ---- */

typedef struct dd_regref {
    char *host;   /* "docker.io", "127.0.0.1:5000" */
    char *repo;   /* "library/busybox", "team/app" */
    char *tag;    /* NULL when none was given (then "latest" unless there is a digest) */
    char *digest; /* "sha256:..." or NULL */
} dd_regref;

/* The parts of "[HOST/]NAME[:TAG][@DIGEST]" as written, unchecked: pointers into s with
 * lengths, NULL for a part not written (no host: Docker Hub). What a linter reads from any
 * FROM line, valid or not; dd_regref_parse() splits with it, then checks and copies. */
typedef struct dd_regref_parts {
    const char *host, *name, *tag, *digest;
    size_t host_len, name_len, tag_len, digest_len;
} dd_regref_parts;
void dd_regref_split(const char *s, dd_regref_parts *p);

/* Parse "[docker://]NAME[:TAG][@DIGEST]". Errors name the reference. */
int dd_regref_parse(const char *s, dd_regref *out, dd_error *e);
void dd_regref_free(dd_regref *r);
/* "HOST/REPO" (the repository identity signatures are bound to). Caller frees. */
char *dd_regref_repository(const dd_regref *r);
/* "HOST/REPO:TAG" or "HOST/REPO@DIGEST" (tag preferred). Caller frees. */
char *dd_regref_string(const dd_regref *r);
/* What to ask the registry for: the digest when there is one, else the tag, else
 * "latest". Borrowed. */
const char *dd_regref_target(const dd_regref *r);

/* ---- authentication pieces (exposed for tests and fuzzing) ---- */

typedef struct dd_auth_challenge {
    char scheme[16]; /* "bearer" or "basic" (lower case); "" when unknown */
    char *realm, *service, *scope, *error;
} dd_auth_challenge;

/* Parse one WWW-Authenticate header value. Returns 0, or -1 when it is not a challenge
 * we understand (the message says why). Strings are freed by dd_auth_challenge_free. */
int dd_auth_challenge_parse(const char *value, size_t len, dd_auth_challenge *c, dd_error *e);
void dd_auth_challenge_free(dd_auth_challenge *c);

typedef struct dd_reg_creds {
    char *username, *password; /* both NULL: anonymous */
    char *identity_token;      /* an OAuth2 refresh token (helpers answering "<token>") */
} dd_reg_creds;

/* Credentials for `host` from a docker config directory (NULL: DOCKER_CONFIG or
 * ~/.docker). No entry is not an error: the result is anonymous. */
int dd_reg_creds_lookup(const char *config_dir, const char *host, dd_reg_creds *out, dd_error *e);
void dd_reg_creds_free(dd_reg_creds *c);

/* ---- the client ---- */

typedef struct dd_registry_opts {
    const char *const *insecure; /* hosts reached over plain HTTP (or TLS unverified) */
    size_t ninsecure;
    const char *docker_config;       /* NULL: DOCKER_CONFIG or ~/.docker */
    const char *certs_dir;           /* NULL: DRYDOCK_CERTS_D or /etc/docker/certs.d */
    const char *username, *password; /* explicit credentials, override the config */
    int retries;                     /* attempts after the first for 429/5xx/broken; 0: 4 */
} dd_registry_opts;

typedef struct dd_registry dd_registry;

int dd_registry_open(dd_registry **out, const char *host, const dd_registry_opts *o, dd_error *e);
void dd_registry_free(dd_registry *r);
const char *dd_registry_host(const dd_registry *r);
/* Whether the host is in the insecure list (also used by callers for messages). */
bool dd_registry_opts_insecure(const dd_registry_opts *o, const char *host);

typedef struct dd_reg_manifest {
    char *body;
    size_t len;
    char *media_type; /* Content-Type, or the document's mediaType */
    char digest[DD_DIGEST_LEN];
} dd_reg_manifest;

/* GET a manifest or index by tag or digest. When `ref` is a digest the body must hash
 * to it. *status gets the HTTP status (404: not found is an error too). */
int dd_registry_get_manifest(dd_registry *r, const char *repo, const char *ref,
                             dd_reg_manifest *out, long *status, dd_error *e);
void dd_reg_manifest_free(dd_reg_manifest *m);
/* PUT a manifest under a tag or its digest. digest_out (may be NULL) gets its digest. */
int dd_registry_put_manifest(dd_registry *r, const char *repo, const char *ref, const char *body,
                             size_t len, const char *media_type, char digest_out[DD_DIGEST_LEN],
                             dd_error *e);

/* GET a small blob whole (config, signature payload), verified, at most `max` bytes. */
int dd_registry_get_blob(dd_registry *r, const char *repo, const char *digest, size_t max,
                         char **out, size_t *len, dd_error *e);
/* Whether a blob exists (HEAD). */
int dd_registry_blob_exists(dd_registry *r, const char *repo, const char *digest, bool *exists,
                            dd_error *e);
/* Upload a blob from memory (monolithic POST+PUT), unless it is already there. */
int dd_registry_put_blob(dd_registry *r, const char *repo, const char *digest, const void *data,
                         size_t len, dd_error *e);
/* Upload a blob from a file (streamed, never loaded whole), unless already there. */
int dd_registry_put_blob_file(dd_registry *r, const char *repo, const char *digest,
                              const char *path, dd_error *e);

/* A blob read as a stream, pulled chunk by chunk (for libarchive's read callback):
 * the bytes are hashed as they come and the digest is compared at the end; a broken
 * transfer is resumed with a Range request. */
typedef struct dd_reg_blob dd_reg_blob;
dd_reg_blob *dd_registry_blob_open(dd_registry *r, const char *repo, const char *digest,
                                   uint64_t size, dd_error *e);
/* Next bytes: >0 bytes in *out (valid until the next call), 0 at the end (after the
 * digest matched), -1 on error (e filled: transfer, size or digest). */
long dd_reg_blob_read(dd_reg_blob *b, const void **out, dd_error *e);
void dd_reg_blob_close(dd_reg_blob *b);

/* ---- manifests (parsed; exposed for fuzzing) ---- */

typedef struct dd_reg_desc {
    char *media_type;
    char *digest;
    uint64_t size;
} dd_reg_desc;

typedef struct dd_reg_image_manifest {
    dd_reg_desc config;
    dd_reg_desc *layers;
    size_t nlayers;
    char *artifact_type; /* OCI artifactType, or NULL */
} dd_reg_image_manifest;

/* Parse a registry answer: an index / manifest list (returns 1; *index gets the JSON,
 * caller decrefs) or an image manifest (returns 2; *m filled, dd_reg_manifest_parsed_free).
 * Schema 1 manifests are refused with a clear message. -1 on bad input. */
int dd_reg_parse_manifest(const char *body, size_t len, const char *media_type, json_t **index,
                          dd_reg_image_manifest *m, dd_error *e);
void dd_reg_image_manifest_free(dd_reg_image_manifest *m);
/* From an index, the digest of the manifest for `platform` ("os/arch[/variant]", NULL:
 * linux and this machine's architecture). Borrowed from `index`. NULL with e set when no
 * entry matches (the message lists the platforms there are). */
const char *dd_reg_pick_platform(const json_t *index, const char *platform, dd_error *e);
/* This machine's platform as "linux/ARCH". */
const char *dd_reg_host_platform(void);
