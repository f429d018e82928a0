#include "vuln/ignore.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"

#define IGNORE_MAX_BYTES (4u << 20)
#define IGNORE_MAX_TOKEN 256

static bool valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int m = atoi(s + 5), d = atoi(s + 8);
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int dd_ignore_parse(dd_ignore_list *l, const char *text, const char *path, const char *today,
                    dd_error *e)
{
    int lineno = 0;
    const char *p = text;
    while (*p) {
        lineno++;
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        _cleanup_free_ char *line = dd_xstrndup(p, len);
        p += len + (eol ? 1 : 0);
        char *reason = strchr(line, '#');
        if (reason) {
            *reason++ = '\0';
            while (isspace((unsigned char)*reason))
                reason++;
            size_t rl = strlen(reason);
            while (rl && isspace((unsigned char)reason[rl - 1]))
                reason[--rl] = '\0';
        }
        dd_ignore_entry ent = {0};
        ent.line = lineno;
        char *save = NULL;
        for (char *tok = strtok_r(line, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save)) {
            if (strlen(tok) > IGNORE_MAX_TOKEN) {
                free(ent.id);
                free(ent.pkg);
                free(ent.expires);
                return dd_error_set(e, DD_ERR_INPUT, 0, "%s:%d: entry longer than %d characters",
                                    path, lineno, IGNORE_MAX_TOKEN);
            }
            const char *err = NULL;
            if (strncmp(tok, "pkg:", 4) == 0) {
                if (ent.pkg || !tok[4])
                    err = "pkg: given twice or empty";
                else
                    ent.pkg = dd_xstrdup(tok + 4);
            } else if (strncmp(tok, "exp:", 4) == 0) {
                if (ent.expires || !valid_date(tok + 4))
                    err = "exp: wants one date as YYYY-MM-DD";
                else
                    ent.expires = dd_xstrdup(tok + 4);
            } else if (!ent.id) {
                ent.id = dd_xstrdup(tok);
            } else {
                err = "unexpected word (format: ID [pkg:NAME] [exp:YYYY-MM-DD] [# reason])";
            }
            if (err) {
                dd_error_set(e, DD_ERR_INPUT, 0, "%s:%d: %s: '%s'", path, lineno, err, tok);
                free(ent.id);
                free(ent.pkg);
                free(ent.expires);
                return -1;
            }
        }
        if (!ent.id) {
            if (ent.pkg || ent.expires) {
                free(ent.pkg);
                free(ent.expires);
                return dd_error_set(e, DD_ERR_INPUT, 0, "%s:%d: entry without an advisory id",
                                    path, lineno);
            }
            continue; /* blank or comment */
        }
        ent.reason = reason && *reason ? dd_xstrdup(reason) : NULL;
        /* Expires at the end of the given day. */
        ent.expired = ent.expires && today && strcmp(today, ent.expires) > 0;
        l->v = dd_xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
        l->v[l->n++] = ent;
    }
    return 0;
}

int dd_ignore_load(dd_ignore_list *l, const char *path, dd_error *e)
{
    dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, IGNORE_MAX_BYTES) < 0) {
        int err = errno;
        dd_buf_free(&b);
        return dd_error_set(e, DD_ERR_RUN, err, "ignore file %s: %s", path, dd_file_strerror(err));
    }
    char today[16];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    /* Always the clock: tests pin the date through dd_ignore_parse's `today`, never through
     * the environment, where it could silently revive expired entries. */
    int rc = dd_ignore_parse(l, b.data ? b.data : "", path, today, e);
    dd_buf_free(&b);
    return rc;
}

const dd_ignore_entry *dd_ignore_find(const dd_ignore_list *l, const char *id, const char *pkg,
                                      const char *src_pkg)
{
    const dd_ignore_entry *expired = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const dd_ignore_entry *x = &l->v[i];
        if (strcmp(x->id, id) != 0)
            continue;
        if (x->pkg && !(pkg && strcmp(x->pkg, pkg) == 0) && !(src_pkg && strcmp(x->pkg, src_pkg) == 0))
            continue;
        /* A live entry wins over an expired one for the same finding. */
        if (!x->expired)
            return x;
        if (!expired)
            expired = x;
    }
    return expired;
}

void dd_ignore_free(dd_ignore_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].id);
        free(l->v[i].pkg);
        free(l->v[i].expires);
        free(l->v[i].reason);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}
