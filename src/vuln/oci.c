#include "vuln/oci.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "vuln/db.h"

static int file_digest(const char *path, char out[DD_DIGEST_LEN], uint64_t *size, dd_error *e)
{
    _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return dd_error_sys(e, errno, "cannot open %s", path);
    dd_digest d;
    dd_digest_init(&d);
    char buf[1 << 16];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        dd_digest_update(&d, buf, (size_t)n);
    if (n < 0) {
        dd_digest_free(&d);
        return dd_error_sys(e, errno, "cannot read %s", path);
    }
    *size = d.n;
    dd_digest_final(&d, out);
    return 0;
}

/* The database must be one of ours before it is published or installed. */
static int check_db(const char *path, dd_error *e)
{
    dd_vuln_db *db = NULL;
    if (dd_vuln_db_open(&db, path, true, e) < 0)
        return -1;
    dd_vuln_db_close(db);
    return 0;
}

int dd_vuln_db_push(const char *db_path, const char *ref, const dd_registry_opts *ro,
                    char digest_out[DD_DIGEST_LEN], dd_error *e)
{
    _cleanup_free_ char *def = db_path ? NULL : dd_vuln_db_default_path();
    const char *path = db_path ? db_path : def;
    if (!path)
        return dd_error_set(e, DD_ERR_RUN, 0, "no database path (set --db)");
    if (check_db(path, e) < 0)
        return dd_error_prefix(e, "db push");
    dd_regref rr;
    if (dd_regref_parse(ref, &rr, e) < 0)
        return -1;
    int rc = -1;
    dd_registry *reg = NULL;
    char *cfg = NULL, *man = NULL;
    char ldigest[DD_DIGEST_LEN], cdigest[DD_DIGEST_LEN];
    uint64_t size = 0;
    if (file_digest(path, ldigest, &size, e) < 0 || dd_registry_open(&reg, rr.host, ro, e) < 0 ||
        dd_registry_put_blob_file(reg, rr.repo, ldigest, path, e) < 0)
        goto out;
    json_t *c = json_pack("{s:i, s:I}", "schema_version", DD_VDB_SCHEMA_VERSION, "created",
                          (json_int_t)time(NULL));
    cfg = json_dumps(c, JSON_COMPACT);
    json_decref(c);
    dd_digest_of(cfg, strlen(cfg), cdigest);
    if (dd_registry_put_blob(reg, rr.repo, cdigest, cfg, strlen(cfg), e) < 0)
        goto out;
    json_t *m = json_pack("{s:i, s:s, s:s, s:{s:s, s:s, s:I}, s:[{s:s, s:s, s:I, s:{s:s}}]}",
                          "schemaVersion", 2, "mediaType", DD_MT_OCI_MANIFEST, "artifactType",
                          DD_DB_ARTIFACT, "config", "mediaType", DD_DB_CONFIG, "digest", cdigest,
                          "size", (json_int_t)strlen(cfg), "layers", "mediaType", DD_DB_LAYER,
                          "digest", ldigest, "size", (json_int_t)size, "annotations",
                          "org.opencontainers.image.title", "vuln.db");
    man = json_dumps(m, JSON_COMPACT);
    json_decref(m);
    if (dd_registry_put_manifest(reg, rr.repo, dd_regref_target(&rr), man, strlen(man),
                                 DD_MT_OCI_MANIFEST, digest_out, e) < 0)
        goto out;
    rc = 0;
out:
    free(cfg);
    free(man);
    dd_registry_free(reg);
    dd_regref_free(&rr);
    return rc;
}

/* DB.oci: the manifest digest last installed, one line. */
static char *state_path(const char *db)
{
    return dd_xasprintf("%s.oci", db);
}

static bool same_as_installed(const char *db, const char *digest)
{
    _cleanup_free_ char *sp = state_path(db);
    dd_buf b = DD_BUF_INIT;
    bool same = false;
    if (access(db, R_OK) == 0 && dd_buf_read_file(&b, sp, 4096) == 0 && b.data) {
        size_t n = strcspn(b.data, "\n");
        same = n == strlen(digest) && strncmp(b.data, digest, n) == 0;
    }
    dd_buf_free(&b);
    return same;
}

/* Remember what is installed (after the rename: a crash between the two only costs one
 * more download). */
static void remember(const char *db, const char *digest, const char *ref)
{
    _cleanup_free_ char *sp = state_path(db);
    _cleanup_free_ char *stmp = dd_xasprintf("%s.tmp", sp);
    FILE *f = fopen(stmp, "we");
    if (f) {
        fprintf(f, "%s\n%s\n", digest, ref);
        if (fclose(f) == 0)
            rename(stmp, sp);
    }
}

int dd_vuln_db_pull(const char *db_path, const char *ref, const dd_registry_opts *ro,
                    dd_db_pull_result *res, dd_error *e)
{
    memset(res, 0, sizeof *res);
    res->path = db_path ? dd_xstrdup(db_path) : dd_vuln_db_default_path();
    if (!res->path)
        return dd_error_set(e, DD_ERR_RUN, 0, "no database path (set --db)");
    dd_regref rr;
    if (dd_regref_parse(ref, &rr, e) < 0)
        return -1;
    int rc = -1, fd = -1;
    dd_registry *reg = NULL;
    dd_reg_manifest m = {0};
    dd_reg_image_manifest im = {0};
    json_t *index = NULL;
    dd_reg_blob *blob = NULL;
    char *tmp = NULL;
    if (dd_registry_open(&reg, rr.host, ro, e) < 0 ||
        dd_registry_get_manifest(reg, rr.repo, dd_regref_target(&rr), &m, NULL, e) < 0)
        goto out;
    memcpy(res->digest, m.digest, DD_DIGEST_LEN);
    int kind = dd_reg_parse_manifest(m.body, m.len, m.media_type, &index, &im, e);
    if (kind < 0) {
        dd_error_prefix(e, "%s", ref);
        goto out;
    }
    if (kind != 2 || !im.config.media_type || strcmp(im.config.media_type, DD_DB_CONFIG) != 0 ||
        im.nlayers != 1 || !im.layers[0].media_type ||
        strcmp(im.layers[0].media_type, DD_DB_LAYER) != 0) {
        dd_error_set(e, DD_ERR_INPUT, 0,
                     "%s is not a drydock vulnerability database artifact "
                     "(%s with one %s layer)",
                     ref, DD_DB_ARTIFACT, DD_DB_LAYER);
        goto out;
    }
    if (same_as_installed(res->path, m.digest)) {
        rc = 0; /* conditional: the artifact we already have */
        goto out;
    }
    if (im.layers[0].size > DD_DB_MAX_PULL) {
        dd_error_set(e, DD_ERR_INPUT, 0, "%s: a %llu-byte database is too large", ref,
                     (unsigned long long)im.layers[0].size);
        goto out;
    }
    tmp = dd_xasprintf("%s.pull.XXXXXX", res->path);
    fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        dd_error_sys(e, errno, "cannot create a file next to %s", res->path);
        free(tmp);
        tmp = NULL;
        goto out;
    }
    blob = dd_registry_blob_open(reg, rr.repo, im.layers[0].digest, im.layers[0].size, e);
    if (!blob)
        goto out;
    const void *p;
    long n;
    while ((n = dd_reg_blob_read(blob, &p, e)) > 0) {
        if (dd_write_all(fd, p, (size_t)n) < 0) {
            dd_error_sys(e, errno, "cannot write %s", tmp);
            goto out;
        }
        res->bytes += (uint64_t)n;
    }
    if (n < 0)
        goto out;
    if (fsync(fd) < 0 || close(fd) < 0) {
        fd = -1;
        dd_error_sys(e, errno, "cannot write %s", tmp);
        goto out;
    }
    fd = -1;
    if (check_db(tmp, e) < 0) {
        dd_error_prefix(e, "%s: the downloaded file", ref);
        goto out;
    }
    if (rename(tmp, res->path) < 0) {
        dd_error_sys(e, errno, "cannot install %s", res->path);
        goto out;
    }
    free(tmp);
    tmp = NULL;
    remember(res->path, m.digest, ref);
    res->updated = true;
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    dd_reg_blob_close(blob);
    if (index)
        json_decref(index);
    dd_reg_image_manifest_free(&im);
    dd_reg_manifest_free(&m);
    dd_registry_free(reg);
    dd_regref_free(&rr);
    return rc;
}
