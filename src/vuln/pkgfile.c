#include "vuln/pkgfile.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"

#define PKGFILE_MAX (128u << 20)

typedef struct {
    char *name, *version, *arch, *source, *source_version, *status;
} para;

static void para_free(para *p)
{
    free(p->name);
    free(p->version);
    free(p->arch);
    free(p->source);
    free(p->source_version);
    free(p->status);
    memset(p, 0, sizeof *p);
}

static void flush(para *p, bool apk, const char *path, dd_package_list *l)
{
    /* dpkg keeps removed-but-configured packages in status: only "installed" counts. */
    bool installed = apk || (p->status && strstr(p->status, " installed") &&
                             strncmp(p->status, "install ", 8) == 0);
    if (p->name && p->version && installed) {
        dd_package *k = dd_package_list_add(l, apk ? DD_PKG_APK : DD_PKG_DPKG, p->name, p->version);
        k->arch = steal_pointer(&p->arch);
        k->source_name = steal_pointer(&p->source);
        k->source_version = steal_pointer(&p->source_version);
        k->path = dd_xstrdup(path);
    }
    para_free(p);
}

static char *trimmed(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return dd_xstrndup(s, n);
}

int dd_vuln_read_pkgfile(const char *path, dd_package_list *l, dd_error *e)
{
    dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, PKGFILE_MAX) < 0) {
        int err = errno;
        dd_buf_free(&b);
        return dd_error_sys(e, err, "cannot read %s", path);
    }
    const char *d = b.data ? b.data : "";
    /* apk's installed file uses one-letter keys ("P:"), dpkg's status full names. */
    bool apk = strncmp(d, "C:", 2) == 0 || strncmp(d, "P:", 2) == 0 || strstr(d, "\nP:") != NULL;
    bool dpkg = strncmp(d, "Package:", 8) == 0 || strstr(d, "\nPackage:") != NULL;
    if (!apk && !dpkg) {
        dd_buf_free(&b);
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "%s: neither a dpkg status file nor an apk installed database", path);
    }
    if (dpkg)
        apk = false;
    para p = {0};
    size_t before = l->n;
    for (const char *s = d; *s;) {
        const char *eol = strchr(s, '\n');
        size_t n = eol ? (size_t)(eol - s) : strlen(s);
        const char *next = s + n + (eol ? 1 : 0);
        if (n == 0 || (n == 1 && s[0] == '\r')) {
            flush(&p, apk, path, l);
        } else if (!isspace((unsigned char)s[0])) {
            const char *colon = memchr(s, ':', n);
            if (colon) {
                size_t kl = (size_t)(colon - s);
                char *val = trimmed(colon + 1, n - kl - 1);
                char **slot = NULL;
#define KEY(k) (kl == strlen(k) && strncmp(s, k, kl) == 0)
                if (apk ? KEY("P") : KEY("Package"))
                    slot = &p.name;
                else if (apk ? KEY("V") : KEY("Version"))
                    slot = &p.version;
                else if (apk ? KEY("A") : KEY("Architecture"))
                    slot = &p.arch;
                else if (apk ? KEY("o") : KEY("Source"))
                    slot = &p.source;
                else if (!apk && KEY("Status"))
                    slot = &p.status;
#undef KEY
                if (slot) {
                    free(*slot);
                    *slot = val;
                    val = NULL;
                }
                free(val);
                /* "Source: name (version)" when the source version differs. */
                if (!apk && p.source && strchr(p.source, '(') && !p.source_version) {
                    char *paren = strchr(p.source, '(');
                    char *close = strchr(paren, ')');
                    if (close) {
                        p.source_version = trimmed(paren + 1, (size_t)(close - paren - 1));
                        char *nm = trimmed(p.source, (size_t)(paren - p.source));
                        free(p.source);
                        p.source = nm;
                    }
                }
            }
        }
        s = next;
    }
    flush(&p, apk, path, l);
    dd_buf_free(&b);
    if (l->n == before)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: no installed packages found", path);
    return 0;
}

int dd_vuln_read_os_release(const char *path, dd_os_info *os, dd_error *e)
{
    dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, 64u << 10) < 0) {
        int err = errno;
        dd_buf_free(&b);
        return dd_error_sys(e, err, "cannot read %s", path);
    }
    char *save = NULL;
    for (char *line = strtok_r(b.data ? b.data : "", "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        if (!eq || line[0] == '#')
            continue;
        *eq = '\0';
        char *v = eq + 1;
        size_t n = strlen(v);
        while (n && (v[n - 1] == '\r' || v[n - 1] == ' '))
            v[--n] = '\0';
        if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
            v[n - 1] = '\0';
            v++;
        }
        char **slot = strcmp(line, "ID") == 0                 ? &os->id
                      : strcmp(line, "VERSION_ID") == 0       ? &os->version_id
                      : strcmp(line, "VERSION_CODENAME") == 0 ? &os->codename
                      : strcmp(line, "PRETTY_NAME") == 0      ? &os->pretty
                                                              : NULL;
        if (slot) {
            free(*slot);
            *slot = dd_xstrdup(v);
        }
    }
    dd_buf_free(&b);
    if (!os->id)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: no ID= line (not an os-release file?)", path);
    return 0;
}
