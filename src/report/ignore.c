#include "report/ignore.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"
#include "report/report.h"

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
                free(ent.object);
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
            } else if (!ent.object) {
                ent.object = dd_xstrdup(tok);
            } else {
                err = "unexpected word (format: ID [OBJECT] [pkg:NAME] [exp:YYYY-MM-DD] [# "
                      "reason])";
            }
            if (err) {
                dd_error_set(e, DD_ERR_INPUT, 0, "%s:%d: %s: '%s'", path, lineno, err, tok);
                free(ent.id);
                free(ent.object);
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
        ent.file = dd_xstrdup(path);
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

static bool id_matches(const char *want, const dd_finding *f)
{
    const char *id = dd_finding_id(f);
    if (id && strcasecmp(want, id) == 0)
        return true;
    const dd_rule *r = f->rule;
    if (r && r->alias && strcasecmp(want, r->alias) == 0)
        return true;
    if (r && r->cis &&
        (strcmp(want, r->cis) == 0 || (strncasecmp(want, "CIS-", 4) == 0 && !strcmp(want + 4, r->cis))))
        return true;
    json_t *aliases = f->props ? json_object_get(f->props, "aliases") : NULL;
    size_t i;
    json_t *a;
    json_array_foreach(aliases, i, a)
    {
        if (json_is_string(a) && strcasecmp(want, json_string_value(a)) == 0)
            return true;
    }
    return false;
}

static bool glob_is(const char *pattern, const char *s)
{
    return s && (strcmp(pattern, s) == 0 || fnmatch(pattern, s, 0) == 0);
}

static const char *prop(const dd_finding *f, const char *key)
{
    return f->props ? json_string_value(json_object_get(f->props, key)) : NULL;
}

static bool entry_matches(const dd_ignore_entry *x, const dd_finding *f)
{
    if (!id_matches(x->id, f))
        return false;
    if (x->object) {
        const char *where[] = {f->path,           f->target,    prop(f, "package"),
                               prop(f, "source_package"), prop(f, "purl"), prop(f, "image")};
        bool any = false;
        for (size_t i = 0; i < DD_ARRAY_LEN(where) && !any; i++)
            any = glob_is(x->object, where[i]);
        if (!any)
            return false;
    }
    if (x->pkg) {
        const char *names[] = {prop(f, "package"), prop(f, "source_package"),
                               prop(f, "ecosystem"), prop(f, "purl_type")};
        bool any = false;
        for (size_t i = 0; i < DD_ARRAY_LEN(names) && !any; i++)
            any = names[i] && strcmp(x->pkg, names[i]) == 0;
        if (!any)
            return false;
    }
    return true;
}

size_t dd_ignore_apply(const dd_ignore_list *l, dd_report *r)
{
    size_t hidden = 0, k = 0;
    for (size_t i = 0; i < r->n; i++) {
        dd_finding *f = &r->items[i];
        const dd_ignore_entry *expired = NULL;
        bool hide = false;
        for (size_t j = 0; f->status == DD_STATUS_FAIL && j < l->n && !hide; j++) {
            if (!entry_matches(&l->v[j], f))
                continue;
            /* A live entry wins over an expired one for the same finding. */
            if (!l->v[j].expired)
                hide = true;
            else if (!expired)
                expired = &l->v[j];
        }
        if (hide) {
            dd_finding_free(f);
            hidden++;
            continue;
        }
        if (expired) {
            char *m = dd_xasprintf("%s; the %s entry (line %d) expired on %s%s%s",
                                   f->message ? f->message : "", expired->file, expired->line,
                                   expired->expires, expired->reason ? ": " : "",
                                   expired->reason ? expired->reason : "");
            free(f->message);
            f->message = m;
            if (!f->props)
                f->props = json_object();
            json_object_set_new(f->props, "ignore_expired", json_string(expired->expires));
            dd_notes_add(&r->notes, NULL,
                         "%s:%d: ignore entry for %s expired on %s, no longer hiding it",
                         expired->file, expired->line, expired->id, expired->expires);
        }
        r->items[k++] = *f;
    }
    r->n = k;
    if (r->meta && l->n)
        json_object_set_new(r->meta, "ignored", json_integer((json_int_t)hidden));
    return hidden;
}

void dd_ignore_free(dd_ignore_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].id);
        free(l->v[i].object);
        free(l->v[i].file);
        free(l->v[i].pkg);
        free(l->v[i].expires);
        free(l->v[i].reason);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}
