/* rpm's sqlite database (rpmdb.sqlite, rpm >= 4.16): the Packages table holds one rpm
 * header blob per package. The file is opened from memory with sqlite3_deserialize, so
 * nothing is written to disk, and the header blobs are parsed here with strict bounds.
 *
 * Header blob layout (big-endian): il (index entries), dl (data bytes), il entries of
 * {tag, type, offset, count}, then the data store. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

enum {
    RPMTAG_NAME = 1000,
    RPMTAG_VERSION = 1001,
    RPMTAG_RELEASE = 1002,
    RPMTAG_EPOCH = 1003,
    RPMTAG_LICENSE = 1014,
    RPMTAG_VENDOR = 1011,
    RPMTAG_ARCH = 1022,
    RPMTAG_SOURCERPM = 1044,
};
enum { RPM_INT32 = 4, RPM_STRING = 6, RPM_STRING_ARRAY = 8, RPM_I18NSTRING = 9 };

/* rpm's own sanity limits (hdrchkTags / hdrchkData). */
#define RPM_MAX_TAGS 0xffffu
#define RPM_MAX_DATA 0x0fffffffu
/* sqlite virtual-machine steps allowed per query: bounds a hostile schema without a clock. */
#define RPM_SQLITE_MAX_STEPS 50000000ull

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

typedef struct rpm_hdr {
    const unsigned char *index, *store;
    uint32_t il, dl;
} rpm_hdr;

static const unsigned char *find_tag(const rpm_hdr *h, uint32_t tag, uint32_t *type,
                                     uint32_t *count, uint32_t *avail)
{
    for (uint32_t i = 0; i < h->il; i++) {
        const unsigned char *ent = h->index + (size_t)i * 16;
        if (be32(ent) != tag)
            continue;
        uint32_t off = be32(ent + 8);
        if (off >= h->dl)
            return NULL;
        *type = be32(ent + 4);
        *count = be32(ent + 12);
        *avail = h->dl - off;
        return h->store + off;
    }
    return NULL;
}

/* First string of a STRING / STRING_ARRAY / I18NSTRING tag; NULL when absent or not
 * NUL-terminated inside the data store. */
static char *tag_string(const rpm_hdr *h, uint32_t tag)
{
    uint32_t type, count, avail;
    const unsigned char *d = find_tag(h, tag, &type, &count, &avail);
    if (!d || (type != RPM_STRING && type != RPM_STRING_ARRAY && type != RPM_I18NSTRING))
        return NULL;
    const unsigned char *nul = memchr(d, '\0', avail);
    if (!nul)
        return NULL;
    return dd_pkg_field_dup((const char *)d, (size_t)(nul - d));
}

static bool tag_int32(const rpm_hdr *h, uint32_t tag, uint32_t *v)
{
    uint32_t type, count, avail;
    const unsigned char *d = find_tag(h, tag, &type, &count, &avail);
    if (!d || type != RPM_INT32 || count < 1 || avail < 4)
        return false;
    *v = be32(d);
    return true;
}

/* "bash-5.1.8-6.el9.src.rpm" -> name "bash", version "5.1.8-6.el9". */
static void split_srpm(const char *srpm, char **name, char **version)
{
    *name = *version = NULL;
    _cleanup_free_ char *s = dd_xstrdup(srpm);
    size_t n = strlen(s);
    if (dd_str_ends(s, ".src.rpm"))
        s[n - 8] = '\0';
    else if (dd_str_ends(s, ".nosrc.rpm"))
        s[n - 10] = '\0';
    else
        return;
    char *rel = strrchr(s, '-');
    if (!rel || rel == s)
        return;
    *rel = '\0';
    char *ver = strrchr(s, '-');
    if (!ver || ver == s)
        return;
    *ver = '\0';
    *rel = '-';
    *name = dd_xstrdup(s);
    *version = dd_xstrdup(ver + 1);
}

int dd_pkg_read_rpm_header(const char *path, const void *blob, size_t len, const char *layer,
                           dd_package_list *out, dd_error *e)
{
    const unsigned char *b = blob;
    if (len < 8)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: rpm header of %zu bytes is truncated",
                            path, len);
    rpm_hdr h = {.il = be32(b), .dl = be32(b + 4)};
    if (h.il == 0 || h.il > RPM_MAX_TAGS || h.dl > RPM_MAX_DATA)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: rpm header claims %u index entries and %u data bytes", path,
                            h.il, h.dl);
    if ((uint64_t)h.il * 16 + h.dl > len - 8)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: rpm header needs %llu bytes, blob has %zu", path,
                            (unsigned long long)h.il * 16 + h.dl + 8, len);
    h.index = b + 8;
    h.store = h.index + (size_t)h.il * 16;

    _cleanup_free_ char *name = tag_string(&h, RPMTAG_NAME);
    _cleanup_free_ char *ver = tag_string(&h, RPMTAG_VERSION);
    _cleanup_free_ char *rel = tag_string(&h, RPMTAG_RELEASE);
    if (!name || !ver)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: rpm header without NAME or VERSION", path);
    /* gpg-pubkey entries are imported signing keys, not software. */
    if (strcmp(name, "gpg-pubkey") == 0)
        return 0;
    uint32_t epoch;
    bool has_epoch = tag_int32(&h, RPMTAG_EPOCH, &epoch);
    char *version = has_epoch ? dd_xasprintf("%u:%s%s%s", epoch, ver, rel ? "-" : "", rel ? rel : "")
                              : dd_xasprintf("%s%s%s", ver, rel ? "-" : "", rel ? rel : "");
    dd_package *p = dd_pkg_add_owned(out, DD_PKG_RPM, steal_pointer(&name), version, path, layer);
    p->arch = tag_string(&h, RPMTAG_ARCH);
    p->license = tag_string(&h, RPMTAG_LICENSE);
    p->supplier = tag_string(&h, RPMTAG_VENDOR);
    _cleanup_free_ char *srpm = tag_string(&h, RPMTAG_SOURCERPM);
    if (srpm) {
        char *sn, *sv;
        split_srpm(srpm, &sn, &sv);
        if (sn && strcmp(sn, p->name) != 0)
            p->source_name = steal_pointer(&sn);
        const char *vr = has_epoch ? strchr(p->version, ':') + 1 : p->version;
        if (sv && strcmp(sv, vr) != 0)
            p->source_version = steal_pointer(&sv);
        free(sn);
        free(sv);
    }
    return 0;
}

static int progress_cb(void *ud)
{
    unsigned long long *steps = ud;
    *steps += 1000;
    return *steps > RPM_SQLITE_MAX_STEPS;
}

static void db_closep(sqlite3 **db)
{
    if (*db)
        sqlite3_close(*db);
}
static void stmt_finalizep(sqlite3_stmt **st)
{
    if (*st)
        sqlite3_finalize(*st);
}

int dd_pkg_read_rpmdb_sqlite(const char *path, const void *data, size_t len, const char *layer,
                             dd_package_list *out, dd_error *e)
{
    if (len < 100 || memcmp(data, "SQLite format 3", 16) != 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: not an SQLite database", path);
    if (len > DD_PKG_MAX_FILE)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %zu bytes is more than the %u allowed",
                            path, len, DD_PKG_MAX_FILE);
    unsigned char *copy = sqlite3_malloc64(len);
    if (!copy)
        abort();
    memcpy(copy, data, len);
    /* rpm keeps the database in WAL mode, which an in-memory database cannot open: the
     * header's read/write versions (bytes 18, 19) say so; as a snapshot it is legacy. */
    if (copy[18] == 2)
        copy[18] = 1;
    if (copy[19] == 2)
        copy[19] = 1;

    __attribute__((cleanup(db_closep))) sqlite3 *db = NULL;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sqlite3_free(copy);
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: cannot open an in-memory sqlite database",
                            path);
    }
    /* Untrusted schema: no triggers/views calling functions, reject corrupt cells. */
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)DD_PKG_MAX_FILE);
    unsigned long long steps = 0;
    sqlite3_progress_handler(db, 1000, progress_cb, &steps);
    int rc = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
    if (rc != SQLITE_OK)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: cannot load the SQLite database: %s",
                            path, sqlite3_errstr(rc));
    sqlite3_exec(db, "PRAGMA cell_size_check=ON", NULL, NULL, NULL);

    __attribute__((cleanup(stmt_finalizep))) sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(db, "SELECT type FROM sqlite_master WHERE name = 'Packages'", -1,
                            &st, NULL);
    if (rc != SQLITE_OK)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: not a readable SQLite database: %s", path,
                            sqlite3_errmsg(db));
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW || !sqlite3_column_text(st, 0) ||
        strcmp((const char *)sqlite3_column_text(st, 0), "table") != 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: no Packages table: not an rpm database%s%s",
                            path, rc == SQLITE_ROW || rc == SQLITE_DONE ? "" : ": ",
                            rc == SQLITE_ROW || rc == SQLITE_DONE ? "" : sqlite3_errmsg(db));
    sqlite3_finalize(steal_pointer(&st));

    rc = sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages ORDER BY hnum", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: Packages table: %s", path,
                            sqlite3_errmsg(db));
    size_t count = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (++count > DD_PKG_MAX_ENTRIES)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: more than %u packages", path,
                                DD_PKG_MAX_ENTRIES);
        long long hnum = sqlite3_column_int64(st, 0);
        const void *blob = sqlite3_column_blob(st, 1);
        int blen = sqlite3_column_bytes(st, 1);
        dd_error he = {0};
        if (dd_pkg_read_rpm_header(path, blob ? blob : "", blob ? (size_t)blen : 0, layer, out,
                                   &he) < 0)
            /* One damaged header should not hide every other package. */
            dd_notes_add(&out->notes, NULL, "package %lld: %s", hnum, he.msg);
    }
    if (rc != SQLITE_DONE)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: reading Packages: %s", path,
                            steps > RPM_SQLITE_MAX_STEPS ? "query too costly, hostile schema?"
                                                         : sqlite3_errmsg(db));
    return 0;
}
