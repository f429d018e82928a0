/* The vulnerability database through a registry, as an OCI artifact (the way trivy-db is
 * distributed): one internal registry serves the database to every host.
 *
 *   manifest  application/vnd.oci.image.manifest.v1+json, artifactType DD_DB_ARTIFACT
 *   config    DD_DB_CONFIG: {"schema_version": N, "created": unix time}
 *   layer     DD_DB_LAYER: the SQLite file itself
 *
 * `push` uploads the file as it is (streamed, never loaded whole). `pull` is conditional
 * on the manifest digest (remembered in DB.oci next to the database): an unchanged
 * artifact is not downloaded again. The new file is streamed to a temporary file beside
 * the database while its digest is checked, opened as a drydock database (schema
 * version) and only then renamed over the old one: a failed, tampered or interrupted
 * download leaves the old database as it was. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "image/digest.h"
#include "registry/registry.h"

#define DD_DB_ARTIFACT "application/vnd.drydock.vuln.db.v1"
#define DD_DB_CONFIG   "application/vnd.drydock.vuln.db.config.v1+json"
#define DD_DB_LAYER    "application/vnd.drydock.vuln.db.layer.v1.sqlite3"
/* A database larger than this is not one of ours. */
#define DD_DB_MAX_PULL (8ull << 30)

int dd_vuln_db_push(const char *db_path, const char *ref, const dd_registry_opts *ro,
                    char digest_out[DD_DIGEST_LEN], dd_error *e);

typedef struct dd_db_pull_result {
    bool updated; /* false: the artifact had the digest pulled last time */
    char digest[DD_DIGEST_LEN];
    uint64_t bytes;
    char *path; /* the database written (caller frees) */
} dd_db_pull_result;

int dd_vuln_db_pull(const char *db_path, const char *ref, const dd_registry_opts *ro,
                    dd_db_pull_result *res, dd_error *e);
