/* Which image files hold package data, and the dispatch to each reader. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/cleanup.h"
#include "core/mem.h"
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

int dd_pkg_want(const char *path, unsigned mode, uint64_t size)
{
    if ((mode & S_IFMT) && !S_ISREG(mode))
        return 0;
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    while (path[0] == '/')
        path++;
    const char *base = base_name(path);

    if (strcmp(path, "var/lib/dpkg/status") == 0)
        return DD_PKGF_DPKG_STATUS;
    if (strncmp(path, "var/lib/dpkg/status.d/", 22) == 0 && !strchr(path + 22, '/') && path[22] &&
        !dd_str_ends(path, ".md5sums"))
        return DD_PKGF_DPKG_STATUSD;
    if (strcmp(path, "lib/apk/db/installed") == 0)
        return DD_PKGF_APK;
    if (strcmp(path, "var/lib/rpm/rpmdb.sqlite") == 0 ||
        strcmp(path, "usr/lib/sysimage/rpm/rpmdb.sqlite") == 0)
        return DD_PKGF_RPM_SQLITE;
    if (strcmp(path, "var/lib/rpm/Packages") == 0 ||
        strcmp(path, "usr/lib/sysimage/rpm/Packages") == 0)
        return DD_PKGF_RPM_BDB;
    if (strcmp(path, "var/lib/rpm/Packages.db") == 0 ||
        strcmp(path, "usr/lib/sysimage/rpm/Packages.db") == 0)
        return DD_PKGF_RPM_NDB;
    if (strcmp(path, "etc/os-release") == 0 || strcmp(path, "usr/lib/os-release") == 0)
        return DD_PKGF_OS_RELEASE;
    if (strcmp(base, "METADATA") == 0 && base - path > 11 &&
        memcmp(base - 11, ".dist-info/", 11) == 0)
        return DD_PKGF_PY_METADATA;
    if ((strcmp(base, "PKG-INFO") == 0 && base - path > 10 &&
         (memcmp(base - 10, ".egg-info/", 10) == 0 ||
          (memcmp(base - 9, "EGG-INFO/", 9) == 0 && base - path > 14 &&
           memcmp(base - 14, ".egg/", 5) == 0))) ||
        (dd_str_ends(base, ".egg-info") && strlen(base) > 9))
        return DD_PKGF_PY_PKGINFO;
    if (dd_str_ends(base, ".egg") && strlen(base) > 4)
        return DD_PKGF_PY_EGG;
    if (strcmp(base, "package.json") == 0 && npm_manifest(path))
        return DD_PKGF_NPM;
    size_t bl = strlen(base);
    if (bl > 4) {
        const char *ext = base + bl - 4;
        if (!strcasecmp(ext, ".jar") || !strcasecmp(ext, ".war") || !strcasecmp(ext, ".ear") ||
            !strcasecmp(ext, ".jpi") || !strcasecmp(ext, ".hpi"))
            return DD_PKGF_JAR;
    }
    /* Windows binaries in an image (a download directory, a cross-build) keep no mode. */
    if (size >= GO_MIN_SIZE && ((mode & 0111) || (bl > 4 && !strcasecmp(base + bl - 4, ".exe"))))
        return DD_PKGF_EXEC;
    return 0;
}

static int parse_os_release(const char *path, const void *data, size_t len, dd_package_list *out,
                            dd_error *e)
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
    free(out->os.id);
    free(out->os.version_id);
    free(out->os.codename);
    free(out->os.pretty);
    free(out->os.source);
    out->os = tmp;
    out->os.source = dd_xstrdup(path);
    return 0;
}

int dd_pkg_parse(int kind, const char *path, const void *data, size_t len, const char *layer,
                 dd_package_list *out, dd_error *e)
{
    if (len > DD_PKG_MAX_FILE)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: %zu bytes is more than the %u read", path, len,
                            DD_PKG_MAX_FILE);
    if (!data)
        data = "";
    size_t n0 = out->n;
    int rc;
    switch (kind) {
    case DD_PKGF_DPKG_STATUS:
    case DD_PKGF_DPKG_STATUSD:
        rc = dd_pkg_read_dpkg(path, data, len, kind == DD_PKGF_DPKG_STATUSD, layer, out, e);
        break;
    case DD_PKGF_APK:
        rc = dd_pkg_read_apk(path, data, len, layer, out, e);
        break;
    case DD_PKGF_RPM_SQLITE:
        rc = dd_pkg_read_rpmdb_sqlite(path, data, len, layer, out, e);
        break;
    case DD_PKGF_RPM_BDB:
        rc = dd_pkg_read_rpmdb_bdb(path, data, len, layer, out, e);
        break;
    case DD_PKGF_RPM_NDB:
        rc = dd_pkg_read_rpmdb_ndb(path, data, len, layer, out, e);
        break;
    case DD_PKGF_PY_EGG:
        rc = dd_pkg_read_egg(path, data, len, layer, out, e);
        break;
    case DD_PKGF_PY_METADATA:
    case DD_PKGF_PY_PKGINFO:
        rc = dd_pkg_read_python(path, data, len, layer, out, e);
        break;
    case DD_PKGF_NPM:
        rc = dd_pkg_read_npm(path, data, len, layer, out, e);
        break;
    case DD_PKGF_EXEC:
        rc = dd_pkg_read_go(path, data, len, layer, out, e);
        break;
    case DD_PKGF_JAR:
        rc = dd_pkg_read_jar(path, data, len, layer, out, e);
        break;
    case DD_PKGF_OS_RELEASE:
        rc = parse_os_release(path, data, len, out, e);
        break;
    default:
        return dd_error_set(e, DD_ERR_RUN, 0, "%s: unknown package file kind %d", path, kind);
    }
    if (rc < 0)
        dd_pkg_truncate(out, n0);
    return rc;
}

int dd_pkg_parse_stream(int kind, const char *path, uint64_t size, const void *head, size_t headlen,
                        dd_pkg_read_fn rd, void *ud, const char *layer, dd_package_list *out,
                        dd_error *e)
{
    if (!head)
        head = "";
    size_t n0 = out->n;
    int rc;
    switch (kind) {
    case DD_PKGF_EXEC: {
        dd_rsrc s;
        dd_rsrc_stream(&s, head, headlen, size, rd, ud);
        rc = dd_pkg_read_go_src(path, &s, layer, out, e);
        dd_rsrc_free(&s);
        break;
    }
    case DD_PKGF_JAR:
    case DD_PKGF_PY_EGG:
        rc = dd_pkg_read_jar_stream(path, head, headlen, rd, ud, layer, out, e);
        break;
    default:
        dd_package_list_note(out,
                             "%s: %llu bytes, more than the %u MiB a package database "
                             "may have: not read",
                             path, (unsigned long long)size, DD_PKG_MAX_FILE >> 20);
        rc = 0;
        break;
    }
    if (rc < 0)
        dd_pkg_truncate(out, n0);
    return rc;
}
