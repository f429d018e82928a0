/* os-release(5): shell-style KEY=value lines, values optionally quoted. Only the keys
 * drydock needs are kept. */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"
#include "pkg/internal.h"
#include "pkg/readers.h"

#define OS_RELEASE_MAX (64u << 10)

/* Unquote a value: "..." with backslash escapes, '...' literal, or bare. */
static char *unquote(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    dd_buf b = DD_BUF_INIT;
    char q = 0;
    if (n >= 1 && (s[0] == '"' || s[0] == '\'')) {
        q = s[0];
        s++, n--;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (q && c == q)
            break;
        if (q == '"' && c == '\\' && i + 1 < n) {
            c = s[++i];
        }
        dd_buf_putc(&b, c);
    }
    char *r = dd_pkg_field_dup(b.data ? b.data : "", b.len);
    dd_buf_free(&b);
    return r;
}

static const char *debian_codename(const char *version_id)
{
    static const struct {
        const char *v, *name;
    } map[] = {{"13", "trixie"}, {"12", "bookworm"}, {"11", "bullseye"}, {"10", "buster"},
               {"9", "stretch"}, {"8", "jessie"},    {"7", "wheezy"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(version_id, map[i].v) == 0)
            return map[i].name;
    return NULL;
}

static void set(char **dst, char *v)
{
    free(*dst);
    *dst = v;
}

int dd_os_release_parse(const void *data, size_t len, dd_os_info *os, dd_error *e)
{
    if (len > OS_RELEASE_MAX)
        return dd_error_set(e, DD_ERR_INPUT, 0, "os-release: %zu bytes is more than %u", len,
                            OS_RELEASE_MAX);
    dd_lines it;
    dd_lines_init(&it, data, len);
    const char *line;
    size_t n;
    char *id = NULL, *ver = NULL, *code = NULL, *pretty = NULL;
    while (dd_lines_next(&it, &line, &n)) {
        while (n && (*line == ' ' || *line == '\t'))
            line++, n--;
        if (!n || *line == '#')
            continue;
        const char *eq = memchr(line, '=', n);
        if (!eq)
            continue; /* os-release(5): invalid lines are ignored */
        size_t kl = (size_t)(eq - line);
        char **dst = NULL;
        if (kl == 2 && memcmp(line, "ID", 2) == 0)
            dst = &id;
        else if (kl == 10 && memcmp(line, "VERSION_ID", 10) == 0)
            dst = &ver;
        else if (kl == 16 && memcmp(line, "VERSION_CODENAME", 16) == 0)
            dst = &code;
        else if (kl == 11 && memcmp(line, "PRETTY_NAME", 11) == 0)
            dst = &pretty;
        if (dst)
            set(dst, unquote(eq + 1, n - kl - 1));
    }
    if (!id && !ver && !pretty) {
        free(code);
        return dd_error_set(e, DD_ERR_INPUT, 0, "os-release: no ID, VERSION_ID or PRETTY_NAME");
    }
    if (id && ver && !code && strcmp(id, "debian") == 0) {
        const char *c = debian_codename(ver);
        code = c ? dd_xstrdup(c) : NULL;
    }
    set(&os->id, id);
    set(&os->version_id, ver);
    set(&os->codename, code);
    set(&os->pretty, pretty);
    return 0;
}
