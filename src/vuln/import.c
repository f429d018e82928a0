/* Containers (gzip, zip), format detection and file/directory import. */
#include "vuln/import.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"

const char *dd_feed_kind_name(dd_feed_kind k)
{
    switch (k) {
    case DD_FEED_DEBIAN:
        return "debian-tracker";
    case DD_FEED_ALPINE:
        return "alpine-secdb";
    case DD_FEED_OSV:
        return "osv";
    default:
        return "unknown";
    }
}

void dd_import_skip_add(dd_import_stats *st, const char *what, size_t len, const char *why)
{
    st->skipped++;
    if (len >= sizeof st->skips[0].what)
        len = sizeof st->skips[0].what - 1;
    for (size_t i = 0; i < st->nskips; i++) {
        dd_import_skip *k = &st->skips[i];
        if (k->why == why && strlen(k->what) == len && memcmp(k->what, what, len) == 0) {
            k->n++;
            return;
        }
    }
    if (st->nskips == DD_IMPORT_MAX_SKIPS)
        return; /* counted in st->skipped */
    dd_import_skip *k = &st->skips[st->nskips++];
    memcpy(k->what, what, len);
    k->what[len] = '\0';
    k->why = why;
    k->n = 1;
}

char *dd_import_skipped_text(const dd_import_stats *st)
{
    if (!st->skipped)
        return NULL;
    dd_buf b = DD_BUF_INIT;
    dd_buf_printf(&b, "%lld affected entr%s not imported:", st->skipped,
                  st->skipped == 1 ? "y" : "ies");
    long long listed = 0;
    for (size_t i = 0; i < st->nskips; i++) {
        /* Only printable ASCII of a feed's text reaches the terminal. */
        dd_buf_printf(&b, "%s ", i ? "," : "");
        for (const char *p = st->skips[i].what; *p; p++)
            dd_buf_putc(&b, *p >= 0x20 && *p < 0x7f ? *p : '?');
        dd_buf_printf(&b, " %lld (%s)", st->skips[i].n, st->skips[i].why);
        listed += st->skips[i].n;
    }
    if (listed < st->skipped)
        dd_buf_printf(&b, ", %lld more of other kinds", st->skipped - listed);
    return dd_buf_steal(&b);
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcasecmp(s + a - b, suf) == 0;
}

static bool is_gzip(const unsigned char *d, size_t n)
{
    return n >= 2 && d[0] == 0x1f && d[1] == 0x8b;
}

static bool is_zip(const unsigned char *d, size_t n)
{
    return n >= 4 && d[0] == 'P' && d[1] == 'K' &&
           ((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6));
}

/* What the content looks like, for errors about files that are not what they claim. */
static const char *describe(const unsigned char *d, size_t n)
{
    size_t i = 0;
    while (i < n && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t'))
        i++;
    if (i == n)
        return "empty";
    if (is_gzip(d, n))
        return "gzip data";
    if (is_zip(d, n))
        return "a zip archive";
    if (d[i] == '{' || d[i] == '[')
        return "JSON";
    if (d[i] == '<')
        return "HTML or XML";
    if (n >= 3 && d[0] == 'B' && d[1] == 'Z' && d[2] == 'h')
        return "bzip2 data";
    if (n >= 6 && memcmp(d,
                         "\xfd"
                         "7zXZ",
                         5) == 0)
        return "xz data";
    for (size_t k = i; k < n && k < i + 512; k++)
        if (d[k] < 0x09 || (d[k] > 0x0d && d[k] < 0x20))
            return "binary data";
    return "text";
}

static int gunzip(const char *name, const unsigned char *d, size_t n, dd_buf *out, dd_error *e)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: cannot start gzip decoder", name);
    z.next_in = (unsigned char *)d;
    z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
    unsigned char chunk[1 << 16];
    int rc;
    do {
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&z);
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: corrupt gzip data%s", name,
                                rc == Z_BUF_ERROR ? " (truncated)" : "");
        }
        size_t got = sizeof chunk - z.avail_out;
        if (out->len + got > DD_FEED_MAX_JSON) {
            inflateEnd(&z);
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "%s: decompresses to more than %u MB (gzip bomb?)", name,
                                DD_FEED_MAX_JSON >> 20);
        }
        dd_buf_append(out, chunk, got);
        if (rc != Z_STREAM_END && z.avail_in == 0 && got == 0) {
            inflateEnd(&z);
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: corrupt gzip data (truncated)", name);
        }
    } while (rc != Z_STREAM_END);
    inflateEnd(&z);
    if (!out->data)
        dd_buf_puts(out, "");
    return 0;
}

/* Find the kind of a JSON document from its first top-level member. */
typedef struct {
    dd_feed_kind kind;
} detect_ctx;

static int detect_member(const char *key, json_t *val, void *ud, dd_error *e)
{
    detect_ctx *c = ud;
    static const char *const alpine[] = {"distroversion", "reponame", "archs",
                                         "urlprefix",     "apkurl",   "packages"};
    static const char *const osv[] = {"id",        "schema_version",    "modified", "published",
                                      "withdrawn", "aliases",           "related",  "summary",
                                      "details",   "severity",          "affected", "references",
                                      "credits",   "database_specific", "upstream"};
    for (size_t i = 0; i < sizeof alpine / sizeof alpine[0]; i++)
        if (strcmp(key, alpine[i]) == 0) {
            c->kind = DD_FEED_ALPINE;
            return 1;
        }
    for (size_t i = 0; i < sizeof osv / sizeof osv[0]; i++)
        if (strcmp(key, osv[i]) == 0) {
            c->kind = DD_FEED_OSV;
            return 1;
        }
    /* Anything else keyed by name with structured values is read as the tracker feed
     * (package -> advisories), so a wrong-schema tracker gets an error about its
     * package instead of "unknown format". */
    if (json_is_object(val) || json_is_array(val))
        c->kind = DD_FEED_DEBIAN;
    return 1;
}

static int detect_json(const char *name, const char *d, size_t n, dd_feed_kind *out, dd_error *e)
{
    size_t i = 0;
    while (i < n && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t'))
        i++;
    if (i < n && d[i] == '[') {
        *out = DD_FEED_OSV;
        return 0;
    }
    if (i >= n || d[i] != '{')
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: not JSON (the content is %s)", name,
                            describe((const unsigned char *)d, n));
    detect_ctx c = {DD_FEED_UNKNOWN};
    /* The first member of the Debian feed is one source package: a few MB at most. */
    if (dd_json_each_member(name, d, n, 64u << 20, detect_member, &c, e) < 0)
        return -1;
    if (c.kind == DD_FEED_UNKNOWN)
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: not a known vulnerability feed (expected Debian security tracker, "
                            "Alpine secdb or OSV JSON)",
                            name);
    *out = c.kind;
    return 0;
}

static int import_json(dd_vdb_txn *t, const char *name, const char *d, size_t n,
                       dd_import_stats *st, dd_error *e)
{
    dd_feed_kind k;
    if (detect_json(name, d, n, &k, e) < 0)
        return -1;
    switch (k) {
    case DD_FEED_DEBIAN:
        return dd_import_debian_json(t, name, d, n, st, e);
    case DD_FEED_ALPINE:
        return dd_import_alpine_json(t, name, d, n, st, e);
    default:
        return dd_import_osv_json(t, name, d, n, st, e);
    }
}

/* A zip entry name that could escape a directory if anyone ever extracted it is a sign
 * of a hostile archive: refuse the whole file. */
static bool unsafe_entry(const char *p)
{
    if (p[0] == '/' || p[0] == '\\' || (p[0] && p[1] == ':'))
        return true;
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/\\");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return true;
        s += n;
        if (*s)
            s++;
    }
    return false;
}

static int import_zip(dd_vdb_txn *t, const char *name, const unsigned char *d, size_t n,
                      dd_import_stats *st, dd_error *e)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    if (archive_read_open_memory(a, d, n) != ARCHIVE_OK) {
        dd_error_set(e, DD_ERR_INPUT, 0, "%s: not a readable zip archive: %s", name,
                     archive_error_string(a));
        archive_read_free(a);
        return -1;
    }
    if (!t->source && dd_vdb_source_begin(t, "osv", e) < 0) {
        archive_read_free(a);
        return -1;
    }
    unsigned long long total = 0;
    size_t entries = 0;
    dd_buf b = DD_BUF_INIT;
    struct archive_entry *ent;
    int rc = 0, r;
    while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
        const char *path = archive_entry_pathname(ent);
        if (!path)
            path = "";
        if (unsafe_entry(path)) {
            rc = dd_error_set(e, DD_ERR_INPUT, 0,
                              "%s: zip entry \"%.200s\": unsafe path (absolute or '..')", name,
                              path);
            break;
        }
        if (archive_entry_filetype(ent) == AE_IFDIR || !ends_with(path, ".json"))
            continue;
        dd_buf_reset(&b);
        char chunk[1 << 16];
        la_ssize_t got;
        while ((got = archive_read_data(a, chunk, sizeof chunk)) > 0) {
            total += (unsigned long long)got;
            if (b.len + (size_t)got > DD_ZIP_MAX_ENTRY || total > DD_ZIP_MAX_TOTAL) {
                rc = dd_error_set(
                    e, DD_ERR_INPUT, 0,
                    "%s: zip entry \"%.200s\": more than %u MB uncompressed (zip bomb?)", name,
                    path,
                    b.len + (size_t)got > DD_ZIP_MAX_ENTRY ? DD_ZIP_MAX_ENTRY >> 20
                                                           : (unsigned)(DD_ZIP_MAX_TOTAL >> 20));
                break;
            }
            dd_buf_append(&b, chunk, (size_t)got);
        }
        if (rc < 0)
            break;
        if (got < 0) {
            rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: zip entry \"%.200s\": %s", name, path,
                              archive_error_string(a));
            break;
        }
        _cleanup_free_ char *ename = dd_xasprintf("%s: zip entry \"%.200s\"", name, path);
        dd_feed_kind k = DD_FEED_UNKNOWN;
        if (detect_json(ename, b.data ? b.data : "", b.len, &k, e) < 0) {
            rc = -1;
            break;
        }
        if (k != DD_FEED_OSV) {
            rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: is a %s feed, not an OSV record", ename,
                              dd_feed_kind_name(k));
            break;
        }
        if (dd_import_osv_json(t, ename, b.data, b.len, st, e) < 0) {
            rc = -1;
            break;
        }
        entries++;
    }
    if (rc == 0 && r != ARCHIVE_EOF)
        rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: corrupt zip archive: %s", name,
                          archive_error_string(a));
    dd_buf_free(&b);
    archive_read_free(a);
    if (rc == 0 && entries == 0)
        rc = dd_error_set(e, DD_ERR_INPUT, 0, "%s: zip archive holds no .json OSV records", name);
    if (rc == 0)
        st->kind = DD_FEED_OSV;
    return rc;
}

/* "osv:PyPI" from ".../PyPI/all.zip", "osv:GHSA-x" from "GHSA-x.json", "osv:crates.io"
 * from "crates.io.zip": only the file type's suffix goes, the dots of a name stay. */
static char *osv_source_name(const char *name)
{
    _cleanup_free_ char *copy = dd_xstrdup(name);
    char *q = strchr(copy, '?');
    if (q)
        *q = '\0';
    size_t len = strlen(copy);
    while (len > 1 && copy[len - 1] == '/')
        copy[--len] = '\0';
    char *base = strrchr(copy, '/');
    base = base ? base + 1 : copy;
    static const char *const suffixes[] = {".json.gz", ".json", ".zip", ".gz"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (ends_with(base, suffixes[i]) && strlen(base) > strlen(suffixes[i])) {
            base[strlen(base) - strlen(suffixes[i])] = '\0';
            break;
        }
    if (strcmp(base, "all") == 0 && base > copy + 1) {
        base[-1] = '\0';
        char *parent = strrchr(copy, '/');
        base = parent ? parent + 1 : copy;
        /* ".../Red%20Hat/all.zip": the ecosystem's name as OSV writes it */
        for (char *p = base, *o = base;; p++, o++) {
            if (p[0] == '%' && p[1] == '2' && p[2] == '0') {
                *o = ' ';
                p += 2;
            } else if (!(*o = *p)) {
                break;
            }
        }
    }
    return dd_xasprintf("osv:%s", *base ? base : "feed");
}

int dd_import_blob(dd_vdb_txn *t, const char *name, const unsigned char *data, size_t len,
                   const char *source, const char *url, const char *etag, const char *last_modified,
                   dd_import_stats *st, dd_error *e)
{
    _cleanup_free_ char *clean = dd_xstrdup(name);
    char *q = strchr(clean, '?');
    if (q && strstr(clean, "://"))
        *q = '\0';
    bool says_zip = ends_with(clean, ".zip"), says_gz = ends_with(clean, ".gz");
    bool says_json = ends_with(clean, ".json");
    if (says_zip && !is_zip(data, len))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: named .zip but the content is %s", name,
                            describe(data, len));
    if (says_gz && !is_gzip(data, len))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: named .gz but the content is %s", name,
                            describe(data, len));
    if (says_json && (is_gzip(data, len) || is_zip(data, len)))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: named .json but the content is %s", name,
                            describe(data, len));

    free(t->source);
    t->source = NULL;
    int rc;
    if (is_zip(data, len)) {
        _cleanup_free_ char *src = source ? dd_xstrdup(source) : osv_source_name(clean);
        if (dd_vdb_source_begin(t, src, e) < 0)
            return -1;
        rc = import_zip(t, name, data, len, st, e);
    } else {
        dd_buf plain = DD_BUF_INIT;
        const char *d = (const char *)data;
        size_t n = len;
        if (is_gzip(data, len)) {
            if (gunzip(name, data, len, &plain, e) < 0) {
                dd_buf_free(&plain);
                return -1;
            }
            d = plain.data;
            n = plain.len;
            if (is_gzip((const unsigned char *)d, n) || is_zip((const unsigned char *)d, n)) {
                dd_buf_free(&plain);
                return dd_error_set(e, DD_ERR_INPUT, 0, "%s: nested archives are not supported",
                                    name);
            }
        }
        dd_feed_kind k;
        if (detect_json(name, d, n, &k, e) < 0) {
            dd_buf_free(&plain);
            return -1;
        }
        if (k == DD_FEED_OSV) {
            _cleanup_free_ char *src = source ? dd_xstrdup(source) : osv_source_name(clean);
            if (dd_vdb_source_begin(t, src, e) < 0) {
                dd_buf_free(&plain);
                return -1;
            }
        }
        rc = import_json(t, name, d, n, st, e);
        dd_buf_free(&plain);
    }
    if (rc < 0)
        return -1;
    free(st->source);
    st->source = dd_xstrdup(t->source);
    if (dd_vdb_source_end(t, dd_feed_kind_name(st->kind), url, etag, last_modified, e) < 0)
        return -1;
    dd_vdb_source_counts(t, &st->advisories, &st->affected);
    return 0;
}

static int import_dir(dd_vdb_txn *t, const char *dir, int depth, dd_import_stats *st, size_t *files,
                      dd_error *e)
{
    if (depth > 8)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: directories nested too deep", dir);
    _cleanup_closedir_ DIR *d = opendir(dir);
    if (!d)
        return dd_error_sys(e, errno, "cannot read directory %s", dir);
    /* Sorted, so the import order (and so every error) is reproducible. */
    struct dirent **list = NULL;
    int n = scandir(dir, &list, NULL, alphasort);
    if (n < 0)
        return dd_error_sys(e, errno, "cannot read directory %s", dir);
    int rc = 0;
    for (int i = 0; i < n; i++) {
        const char *nm = list[i]->d_name;
        if (rc == 0 && nm[0] != '.') {
            _cleanup_free_ char *p = dd_xasprintf("%s/%s", dir, nm);
            struct stat sb;
            if (stat(p, &sb) != 0) {
                rc = dd_error_sys(e, errno, "%s", p);
            } else if (S_ISDIR(sb.st_mode)) {
                rc = import_dir(t, p, depth + 1, st, files, e);
            } else if (S_ISREG(sb.st_mode) && ends_with(nm, ".json")) {
                dd_buf b = DD_BUF_INIT;
                if (dd_buf_read_file(&b, p, DD_ZIP_MAX_ENTRY) < 0) {
                    rc = errno == EFBIG ? dd_error_set(e, DD_ERR_INPUT, 0, "%s: larger than %u MB",
                                                       p, DD_ZIP_MAX_ENTRY >> 20)
                                        : dd_error_sys(e, errno, "cannot read %s", p);
                } else {
                    dd_feed_kind k = DD_FEED_UNKNOWN;
                    if (detect_json(p, b.data ? b.data : "", b.len, &k, e) < 0)
                        rc = -1;
                    else if (k != DD_FEED_OSV)
                        rc = dd_error_set(
                            e, DD_ERR_INPUT, 0,
                            "%s: a %s feed inside an OSV directory; import it on its own", p,
                            dd_feed_kind_name(k));
                    else
                        rc = dd_import_osv_json(t, p, b.data, b.len, st, e);
                    (*files)++;
                }
                dd_buf_free(&b);
            }
        }
        free(list[i]);
    }
    free(list);
    return rc;
}

int dd_import_path(dd_vdb_txn *t, const char *path, dd_import_stats *st, dd_error *e)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return dd_error_sys(e, errno, "cannot import %s", path);
    if (S_ISDIR(sb.st_mode)) {
        _cleanup_free_ char *src = osv_source_name(path);
        free(t->source);
        t->source = NULL;
        if (dd_vdb_source_begin(t, src, e) < 0)
            return -1;
        size_t files = 0;
        if (import_dir(t, path, 0, st, &files, e) < 0)
            return -1;
        if (files == 0)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: no .json OSV records in this directory",
                                path);
        st->kind = DD_FEED_OSV;
        free(st->source);
        st->source = dd_xstrdup(src);
        if (dd_vdb_source_end(t, "osv", NULL, NULL, NULL, e) < 0)
            return -1;
        dd_vdb_source_counts(t, &st->advisories, &st->affected);
        return 0;
    }
    dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, DD_FEED_MAX_INPUT) < 0) {
        int err = errno;
        dd_buf_free(&b);
        if (err == EFBIG)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: larger than %u MB", path,
                                DD_FEED_MAX_INPUT >> 20);
        return dd_error_sys(e, err, "cannot read %s", path);
    }
    int rc = dd_import_blob(t, path, (const unsigned char *)(b.data ? b.data : ""), b.len, NULL,
                            NULL, NULL, NULL, st, e);
    dd_buf_free(&b);
    return rc;
}
