/* Which image files hold package data, and the dispatch to each reader. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/cleanup.h"
#include "core/mem.h"
#include "core/strlist.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

/* A Go binary is at least this big (the runtime alone is over a megabyte); smaller
 * executables (scripts, tiny C tools) are not worth reading. */
#define GO_MIN_SIZE (256u << 10)

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Is `path` DIR/node_modules/NAME/package.json or DIR/node_modules/@SCOPE/NAME/package.json? */
static bool npm_manifest(const char *path)
{
    if (!dd_str_ends(path, "/package.json"))
        return false;
    size_t n = strlen(path) - strlen("/package.json");
    /* Walk back one or two segments to the node_modules directory. */
    size_t i = n;
    while (i > 0 && path[i - 1] != '/')
        i--;
    if (i == n || i == 0)
        return false;
    size_t seg = i; /* start of NAME */
    if (path[seg] == '.')
        return false;   /* node_modules/.bin, .cache: not packages */
    size_t j = seg - 1; /* the '/' before NAME */
    size_t k = j;
    while (k > 0 && path[k - 1] != '/')
        k--;
    /* path[k, j) is the segment before NAME */
    if (j - k == 12 && memcmp(path + k, "node_modules", 12) == 0)
        return path[seg] != '@';
    if (j > k && path[k] == '@' && k >= 13 && memcmp(path + k - 13, "node_modules/", 13) == 0)
        return k == 13 || path[k - 14] == '/';
    return false;
}

static bool want_statusd(const char *path, const char *base, unsigned mode, uint64_t size)
{
    return strncmp(path, "var/lib/dpkg/status.d/", 22) == 0 && !strchr(path + 22, '/') &&
           path[22] && !dd_str_ends(path, ".md5sums");
}

static bool want_py_metadata(const char *path, const char *base, unsigned mode, uint64_t size)
{
    return strcmp(base, "METADATA") == 0 && base - path > 11 &&
           memcmp(base - 11, ".dist-info/", 11) == 0;
}

static bool want_py_pkginfo(const char *path, const char *base, unsigned mode, uint64_t size)
{
    return (strcmp(base, "PKG-INFO") == 0 && base - path > 10 &&
            (memcmp(base - 10, ".egg-info/", 10) == 0 ||
             (memcmp(base - 9, "EGG-INFO/", 9) == 0 && base - path > 14 &&
              memcmp(base - 14, ".egg/", 5) == 0))) ||
           (dd_str_ends(base, ".egg-info") && strlen(base) > 9);
}

static bool want_py_egg(const char *path, const char *base, unsigned mode, uint64_t size)
{
    return dd_str_ends(base, ".egg") && strlen(base) > 4;
}

static bool want_npm(const char *path, const char *base, unsigned mode, uint64_t size)
{
    return strcmp(base, "package.json") == 0 && npm_manifest(path);
}

static bool ext_is(const char *base, const char *ext)
{
    size_t bl = strlen(base), el = strlen(ext);
    return bl > el && strcasecmp(base + bl - el, ext) == 0;
}

static bool want_jar(const char *path, const char *base, unsigned mode, uint64_t size)
{
    return ext_is(base, ".jar") || ext_is(base, ".war") || ext_is(base, ".ear") ||
           ext_is(base, ".jpi") || ext_is(base, ".hpi");
}

/* Windows binaries in an image (a download directory, a cross-build) keep no mode. */
static bool want_exec(const char *path, const char *base, unsigned mode, uint64_t size)
{
    return size >= GO_MIN_SIZE && ((mode & 0111) || ext_is(base, ".exe"));
}

static int parse_os_release(const char *path, const void *data, size_t len, const char *layer,
                            dd_package_list *out, dd_error *e)
{
    while (path[0] == '/')
        path++;
    /* etc/os-release is the admin's; usr/lib/os-release only the vendor's fallback. */
    if (strcmp(path, "usr/lib/os-release") == 0 && out->os.source &&
        strcmp(out->os.source, "etc/os-release") == 0)
        return 0;
    dd_os_info tmp = {0};
    if (dd_os_release_parse(data, len, &tmp, e) < 0)
        return dd_error_prefix(e, "%s", path);
    dd_os_info_free(&out->os);
    out->os = tmp;
    out->os.source = dd_xstrdup(path);
    return 0;
}

static int read_dpkg_status(const char *path, const void *data, size_t len, const char *layer,
                            dd_package_list *out, dd_error *e)
{
    return dd_pkg_read_dpkg(path, data, len, 0, layer, out, e);
}

static int read_dpkg_statusd(const char *path, const void *data, size_t len, const char *layer,
                             dd_package_list *out, dd_error *e)
{
    return dd_pkg_read_dpkg(path, data, len, 1, layer, out, e);
}

static int stream_go(const char *path, uint64_t size, const void *head, size_t headlen,
                     dd_pkg_read_fn rd, void *ud, const char *layer, dd_package_list *out,
                     dd_error *e)
{
    dd_rsrc s;
    dd_rsrc_stream(&s, head, headlen, size, rd, ud);
    int rc = dd_pkg_read_go_src(path, &s, layer, out, e);
    dd_rsrc_free(&s);
    return rc;
}

static int stream_zip(const char *path, uint64_t size, const void *head, size_t headlen,
                      dd_pkg_read_fn rd, void *ud, const char *layer, dd_package_list *out,
                      dd_error *e)
{
    return dd_pkg_read_jar_stream(path, head, headlen, rd, ud, layer, out, e);
}

/* One row per kind of package file, tried in this order (a .jar with the exec bit is a
 * Java archive; any other large executable may be a Go binary): the exact paths that are
 * one, or the test that says so, and its readers. */
typedef int (*read_fn)(const char *path, const void *data, size_t len, const char *layer,
                       dd_package_list *out, dd_error *e);
typedef int (*stream_fn)(const char *path, uint64_t size, const void *head, size_t headlen,
                         dd_pkg_read_fn rd, void *ud, const char *layer, dd_package_list *out,
                         dd_error *e);
static const struct pkg_format {
    const char *paths; /* exact paths in the image, '|'-separated, no leading '/' */
    bool (*want)(const char *path, const char *base, unsigned mode, uint64_t size);
    read_fn read;
    stream_fn read_stream; /* NULL: a file over DD_PKG_MAX_FILE is noted as not read */
} formats[DD_PKGF_MAX_] = {
    [DD_PKGF_DPKG_STATUS] = {.paths = "var/lib/dpkg/status", .read = read_dpkg_status},
    [DD_PKGF_DPKG_STATUSD] = {.want = want_statusd, .read = read_dpkg_statusd},
    [DD_PKGF_APK] = {.paths = "lib/apk/db/installed", .read = dd_pkg_read_apk},
    [DD_PKGF_RPM_SQLITE] = {.paths = "var/lib/rpm/rpmdb.sqlite|usr/lib/sysimage/rpm/rpmdb.sqlite",
                            .read = dd_pkg_read_rpmdb_sqlite},
    [DD_PKGF_RPM_BDB] = {.paths = "var/lib/rpm/Packages|usr/lib/sysimage/rpm/Packages",
                         .read = dd_pkg_read_rpmdb_bdb},
    [DD_PKGF_RPM_NDB] = {.paths = "var/lib/rpm/Packages.db|usr/lib/sysimage/rpm/Packages.db",
                         .read = dd_pkg_read_rpmdb_ndb},
    [DD_PKGF_OS_RELEASE] = {.paths = "etc/os-release|usr/lib/os-release", .read = parse_os_release},
    [DD_PKGF_PY_METADATA] = {.want = want_py_metadata, .read = dd_pkg_read_python},
    [DD_PKGF_PY_PKGINFO] = {.want = want_py_pkginfo, .read = dd_pkg_read_python},
    [DD_PKGF_PY_EGG] = {.want = want_py_egg, .read = dd_pkg_read_egg, .read_stream = stream_zip},
    [DD_PKGF_NPM] = {.want = want_npm, .read = dd_pkg_read_npm},
    [DD_PKGF_JAR] = {.want = want_jar, .read = dd_pkg_read_jar, .read_stream = stream_zip},
    [DD_PKGF_EXEC] = {.want = want_exec, .read = dd_pkg_read_go, .read_stream = stream_go},
};

int dd_pkg_want(const char *path, unsigned mode, uint64_t size)
{
    if ((mode & S_IFMT) && !S_ISREG(mode))
        return 0;
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    while (path[0] == '/')
        path++;
    const char *base = base_name(path);
    for (int k = 1; k < DD_PKGF_MAX_; k++) {
        const struct pkg_format *f = &formats[k];
        if (f->paths ? dd_strlist_has(f->paths, '|', path, strlen(path), false)
                     : f->want(path, base, mode, size))
            return k;
    }
    return 0;
}

int dd_pkg_parse(int kind, const char *path, const void *data, size_t len, const char *layer,
                 dd_package_list *out, dd_error *e)
{
    if (len > DD_PKG_MAX_FILE)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %zu bytes is more than the %u read", path, len,
                            DD_PKG_MAX_FILE);
    if (kind <= 0 || kind >= DD_PKGF_MAX_)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: unknown package file kind %d", path, kind);
    size_t n0 = out->n;
    int rc = formats[kind].read(path, data ? data : "", len, layer, out, e);
    if (rc < 0)
        dd_pkg_truncate(out, n0);
    return rc;
}

int dd_pkg_parse_stream(int kind, const char *path, uint64_t size, const void *head, size_t headlen,
                        dd_pkg_read_fn rd, void *ud, const char *layer, dd_package_list *out,
                        dd_error *e)
{
    if (kind <= 0 || kind >= DD_PKGF_MAX_)
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: unknown package file kind %d", path, kind);
    if (!formats[kind].read_stream) {
        dd_notes_add(&out->notes, NULL,
                     "%s: %llu bytes, more than the %u MiB a package database "
                     "may have: not read",
                     path, (unsigned long long)size, DD_PKG_MAX_FILE >> 20);
        return 0;
    }
    size_t n0 = out->n;
    int rc =
        formats[kind].read_stream(path, size, head ? head : "", headlen, rd, ud, layer, out, e);
    if (rc < 0)
        dd_pkg_truncate(out, n0);
    return rc;
}
