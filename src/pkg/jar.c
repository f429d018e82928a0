/* Java archives (jar, war, ear and Jenkins plugins): zip files read with libarchive, from
 * memory through the central directory, or (archives too big to hold) as a stream of
 * local entries. Each pom.properties is one Maven package: under META-INF/maven/GROUP/
 * ARTIFACT/ as Maven writes it, or anywhere else where shading and repackaging tools put
 * it; without any, META-INF/MANIFEST.MF (then the file name) names the archive itself.
 * Jars inside (WEB-INF/lib of a WAR, BOOT-INF/lib of a Spring Boot fat jar, or anywhere)
 * are read the same way, to a bounded depth and size.
 *
 * Python eggs (*.egg) are zips too: their EGG-INFO/PKG-INFO is read here. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

#define JAR_MAX_DEPTH   3
#define JAR_MAX_META    (1u << 20)   /* a MANIFEST.MF or pom.properties */
#define JAR_MAX_NESTED  (32u << 20)  /* one nested jar, uncompressed */
#define JAR_MAX_TOTAL   (128u << 20) /* all nested jars of one file, uncompressed */
#define JAR_MAX_ENTRIES 200000

typedef struct jar_ctx {
    const char *path, *layer;
    dd_package_list *out;
    size_t budget; /* bytes of nested jars still allowed */
    size_t entries;
    bool egg; /* a Python egg: only EGG-INFO/PKG-INFO is wanted */
} jar_ctx;

static void archive_freep(struct archive **a)
{
    if (*a)
        archive_read_free(*a);
}

/* Manifest values can be folded: a line starting with one space continues the last. */
static char *manifest_get(const char *mf, size_t n, const char *key)
{
    dd_lines it;
    dd_lines_init(&it, mf, n);
    const char *line, *v;
    size_t ln, vlen;
    dd_buf b = DD_BUF_INIT;
    bool in = false;
    while (dd_lines_next(&it, &line, &ln)) {
        if (in) {
            if (ln && line[0] == ' ') {
                if (b.len + ln <= DD_PKG_MAX_FIELD)
                    dd_buf_append(&b, line + 1, ln - 1);
                continue;
            }
            break;
        }
        if (ln == 0)
            break; /* only the main section describes the archive */
        if (dd_pkg_header(line, ln, key, &v, &vlen)) {
            dd_buf_append(&b, v, vlen);
            in = true;
        }
    }
    char *r = in ? dd_pkg_field_dup(b.data ? b.data : "", b.len) : NULL;
    dd_buf_free(&b);
    return r;
}

/* pom.properties is a Java properties file: "key=value", '#' comments. */
static char *props_get(const char *s, size_t n, const char *key)
{
    dd_lines it;
    dd_lines_init(&it, s, n);
    const char *line;
    size_t ln, kl = strlen(key);
    while (dd_lines_next(&it, &line, &ln)) {
        while (ln && (*line == ' ' || *line == '\t'))
            line++, ln--;
        if (!ln || *line == '#' || *line == '!')
            continue;
        if (ln > kl && memcmp(line, key, kl) == 0) {
            const char *r = line + kl;
            size_t rl = ln - kl;
            while (rl && (*r == ' ' || *r == '\t'))
                r++, rl--;
            if (rl && (*r == '=' || *r == ':'))
                return dd_pkg_field_dup(r + 1, rl - 1);
        }
    }
    return NULL;
}

/* "lib/commons-lang3-3.12.0.jar" -> name "commons-lang3", version "3.12.0". */
static void name_from_file(const char *path, char **name, char **version)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot ? (size_t)(dot - base) : strlen(base);
    *name = *version = NULL;
    for (size_t i = 0; i + 1 < n; i++) {
        if (base[i] == '-' && base[i + 1] >= '0' && base[i + 1] <= '9') {
            *name = dd_pkg_field_dup(base, i);
            *version = dd_pkg_field_dup(base + i + 1, n - i - 1);
            return;
        }
    }
    *name = dd_pkg_field_dup(base, n);
}

static bool is_jar_name(const char *p)
{
    static const char *const exts[] = {".jar", ".war", ".ear", ".jpi", ".hpi"};
    size_t n = strlen(p);
    for (size_t i = 0; i < DD_ARRAY_SIZE(exts); i++)
        if (n > 4 && strcasecmp(p + n - 4, exts[i]) == 0)
            return true;
    return false;
}

static int read_entry(struct archive *a, struct archive_entry *ent, size_t max, dd_buf *b,
                      const char *path, const char *name, dd_error *e)
{
    la_int64_t sz = archive_entry_size_is_set(ent) ? archive_entry_size(ent) : -1;
    if (sz > (la_int64_t)max)
        return 1; /* too big: skipped by the caller */
    dd_buf_reset(b);
    char chunk[16384];
    for (;;) {
        la_ssize_t r = archive_read_data(a, chunk, sizeof chunk);
        if (r == 0)
            break;
        if (r < 0)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %s: %s", path, name,
                                archive_error_string(a) ? archive_error_string(a) : "bad zip data");
        if (b->len + (size_t)r > max)
            return 1;
        dd_buf_append(b, chunk, (size_t)r);
    }
    return 0;
}

static int read_jar(jar_ctx *c, const char *path, const void *data, size_t len, int depth,
                    dd_error *e);
static int read_entries(jar_ctx *c, struct archive *a, const char *path, int depth, dd_error *e);

static int add_from_pom(jar_ctx *c, const char *path, const dd_buf *b)
{
    _cleanup_free_ char *g = props_get(b->data, b->len, "groupId");
    _cleanup_free_ char *a = props_get(b->data, b->len, "artifactId");
    char *v = props_get(b->data, b->len, "version");
    if (!a || !v) {
        free(v);
        return 0;
    }
    /* Maven coordinates as OSV and most tools write them: group:artifact. */
    char *name = g ? dd_xasprintf("%s:%s", g, a) : dd_xstrdup(a);
    dd_pkg_add_owned(c->out, DD_PKG_MAVEN, name, v, path, c->layer);
    return 1;
}

static void add_from_manifest(jar_ctx *c, const char *path, const dd_buf *mf)
{
    static const dd_buf none = DD_BUF_INIT;
    if (!mf)
        mf = &none;
    const char *m = mf->data ? mf->data : "";
    _cleanup_free_ char *title = manifest_get(m, mf->len, "Implementation-Title");
    _cleanup_free_ char *ver = manifest_get(m, mf->len, "Implementation-Version");
    _cleanup_free_ char *vendor = manifest_get(m, mf->len, "Implementation-Vendor-Id");
    _cleanup_free_ char *bname = manifest_get(m, mf->len, "Bundle-SymbolicName");
    _cleanup_free_ char *bver = manifest_get(m, mf->len, "Bundle-Version");
    _cleanup_free_ char *lic = manifest_get(m, mf->len, "Bundle-License");
    _cleanup_free_ char *fname = NULL, *fver = NULL;
    name_from_file(path, &fname, &fver);
    if (bname) {
        char *semi = strchr(bname, ';'); /* "org.foo.bar;singleton:=true" */
        if (semi)
            *semi = '\0';
    }
    /* The file name is the artifact id for Maven-built jars; the manifest title is often
     * a human name ("Apache Commons Lang"), so it only stands in when there is no file name. */
    const char *name = fname ? fname : title ? title : bname;
    const char *version = ver ? ver : bver ? bver : fver;
    if (!name || !version)
        return;
    char *n = vendor ? dd_xasprintf("%s:%s", vendor, name) : dd_xstrdup(name);
    dd_package *p = dd_pkg_add_owned(c->out, DD_PKG_MAVEN, n, dd_xstrdup(version), path, c->layer);
    p->license = steal_pointer(&lic);
}

static int read_jar(jar_ctx *c, const char *path, const void *data, size_t len, int depth,
                    dd_error *e)
{
    __attribute__((cleanup(archive_freep))) struct archive *a = archive_read_new();
    archive_read_support_format_zip_seekable(a);
    if (archive_read_open_memory(a, data, len) != ARCHIVE_OK)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: not a readable zip archive: %s", path,
                            archive_error_string(a) ? archive_error_string(a) : "?");
    return read_entries(c, a, path, depth, e);
}

static bool is_pom_properties(const char *name)
{
    return strcmp(name, "pom.properties") == 0 || dd_str_ends(name, "/pom.properties");
}

static int read_entries(jar_ctx *c, struct archive *a, const char *path, int depth, dd_error *e)
{
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    _cleanup_buf_ dd_buf mf = DD_BUF_INIT;
    bool have_mf = false;
    int poms = 0;
    struct archive_entry *ent;
    int r;
    while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
        if (++c->entries > JAR_MAX_ENTRIES)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: more than %d archive entries", path,
                                JAR_MAX_ENTRIES);
        const char *name = archive_entry_pathname(ent);
        if (!name || archive_entry_filetype(ent) != AE_IFREG)
            continue;
        if (c->egg) {
            if (strcmp(name, "EGG-INFO/PKG-INFO") == 0) {
                int rr = read_entry(a, ent, JAR_MAX_META, &b, path, name, e);
                if (rr < 0)
                    return -1;
                if (rr > 0)
                    return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %s larger than %u bytes", path,
                                        name, JAR_MAX_META);
                return dd_pkg_read_python(path, b.data ? b.data : "", b.len, c->layer, c->out, e);
            }
            continue;
        }
        if (strcasecmp(name, "META-INF/MANIFEST.MF") == 0) {
            int rr = read_entry(a, ent, JAR_MAX_META, &mf, path, name, e);
            if (rr < 0)
                return -1;
            have_mf = rr == 0;
        } else if (is_pom_properties(name)) {
            int rr = read_entry(a, ent, JAR_MAX_META, &b, path, name, e);
            if (rr < 0)
                return -1;
            if (rr == 0)
                poms += add_from_pom(c, path, &b);
        } else if (is_jar_name(name)) {
            if (depth >= JAR_MAX_DEPTH) {
                dd_notes_add(&c->out->notes, NULL, "%s: jars nested deeper than %d not read",
                             c->path, JAR_MAX_DEPTH);
                continue;
            }
            size_t max = c->budget < JAR_MAX_NESTED ? c->budget : JAR_MAX_NESTED;
            int rr = read_entry(a, ent, max, &b, path, name, e);
            if (rr < 0)
                return -1;
            if (rr > 0) {
                dd_notes_add(&c->out->notes, NULL, "%s: nested jar %s too large, not read", path,
                             name);
                continue;
            }
            c->budget -= b.len;
            _cleanup_free_ char *inner = dd_xasprintf("%s:%s", path, name);
            dd_error ie = {0};
            if (read_jar(c, inner, b.data ? b.data : "", b.len, depth + 1, &ie) < 0)
                dd_notes_add(&c->out->notes, NULL, "%s", ie.msg);
        }
    }
    if (r != ARCHIVE_EOF)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: corrupt zip archive: %s", path,
                            archive_error_string(a) ? archive_error_string(a) : "?");
    if (c->egg)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: Python egg without EGG-INFO/PKG-INFO", path);
    /* Without a pom.properties the manifest, then the file name, names the archive. */
    if (!poms)
        add_from_manifest(c, path, have_mf ? &mf : NULL);
    return 0;
}

int dd_pkg_read_jar(const char *path, const void *data, size_t len, const char *layer,
                    dd_package_list *out, dd_error *e)
{
    jar_ctx c = {.path = path, .layer = layer, .out = out, .budget = JAR_MAX_TOTAL};
    return read_jar(&c, path, data, len, 0, e);
}

/* ---- streams: archives too big to hold, read entry by entry as they go by ---- */

typedef struct zip_stream {
    const void *head;
    size_t headlen;
    bool head_done;
    dd_pkg_read_fn rd;
    void *ud;
    unsigned char buf[65536];
} zip_stream;

static la_ssize_t zip_stream_read(struct archive *a, void *ud, const void **out)
{
    zip_stream *z = ud;
    if (!z->head_done) {
        z->head_done = true;
        if (z->headlen) {
            *out = z->head;
            return (la_ssize_t)z->headlen;
        }
    }
    if (!z->rd)
        return 0;
    long r = z->rd(z->ud, z->buf, sizeof z->buf);
    if (r < 0) {
        archive_set_error(a, EIO, "read error");
        return -1;
    }
    *out = z->buf;
    return r;
}

int dd_pkg_read_jar_stream(const char *path, const void *head, size_t headlen, dd_pkg_read_fn rd,
                           void *ud, const char *layer, dd_package_list *out, dd_error *e)
{
    jar_ctx c = {.path = path,
                 .layer = layer,
                 .out = out,
                 .budget = JAR_MAX_TOTAL,
                 .egg = dd_str_ends(path, ".egg")};
    _cleanup_free_ zip_stream *z = dd_xcalloc(1, sizeof *z);
    *z = (zip_stream){.head = head, .headlen = headlen, .rd = rd, .ud = ud};
    __attribute__((cleanup(archive_freep))) struct archive *a = archive_read_new();
    archive_read_support_format_zip_streamable(a);
    if (archive_read_open(a, z, NULL, zip_stream_read, NULL) != ARCHIVE_OK)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: not a readable zip archive: %s", path,
                            archive_error_string(a) ? archive_error_string(a) : "?");
    return read_entries(&c, a, path, 0, e);
}

int dd_pkg_read_egg(const char *path, const void *data, size_t len, const char *layer,
                    dd_package_list *out, dd_error *e)
{
    jar_ctx c = {.path = path, .layer = layer, .out = out, .budget = 0, .egg = true};
    return read_jar(&c, path, data, len, 0, e);
}
