/* passwd/group lookups per container. */
#include "watch/users.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/mem.h"

#define DD_USERS_FILE_MAX    (1u << 20)
#define DD_USERS_ENTRIES_MAX 20000
#define DD_USERS_DBS         256

typedef struct uent {
    uint32_t id;
    char *name, *home, *shell;
} uent;

typedef struct udb {
    char key[65];
    uent *users, *groups;
    size_t nusers, ngroups;
    uint64_t used; /* LRU clock */
    uint32_t pid;  /* the process its files were read through */
    int tries;
} udb;

struct dd_users {
    char *procroot;
    udb *dbs;
    size_t n;
    uint64_t clock;
};

dd_users *dd_users_new(const char *procroot)
{
    dd_users *u = dd_xcalloc(1, sizeof *u);
    u->procroot = dd_xstrdup(procroot);
    u->dbs = dd_xcalloc(DD_USERS_DBS, sizeof *u->dbs);
    return u;
}

static void free_ents(uent *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].name);
        free(e[i].home);
        free(e[i].shell);
    }
    free(e);
}

static void db_clear(udb *d)
{
    free_ents(d->users, d->nusers);
    free_ents(d->groups, d->ngroups);
    memset(d, 0, sizeof *d);
}

void dd_users_free(dd_users *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->n; i++)
        db_clear(&u->dbs[i]);
    free(u->dbs);
    free(u->procroot);
    free(u);
}

/* name:x:id:...  (passwd: field 6 home, 7 shell) */
static void parse(const char *text, size_t len, uent **out, size_t *nout, bool passwd)
{
    size_t cap = 0;
    const char *p = text, *end = text + len;
    while (p < end && *nout < DD_USERS_ENTRIES_MAX) {
        const char *nl = memchr(p, '\n', end - p);
        const char *le = nl ? nl : end;
        const char *f[7] = {0};
        size_t fl[7] = {0};
        int nf = 0;
        const char *s = p;
        while (nf < 7) {
            const char *c = memchr(s, ':', le - s);
            f[nf] = s;
            fl[nf] = (c ? c : le) - s;
            nf++;
            if (!c)
                break;
            s = c + 1;
        }
        if (nf >= 3 && fl[0] && fl[2] && f[0][0] != '#') {
            char num[16];
            size_t l = fl[2] < sizeof num - 1 ? fl[2] : sizeof num - 1;
            memcpy(num, f[2], l);
            num[l] = 0;
            char *e;
            unsigned long id = strtoul(num, &e, 10);
            if (!*e) {
                *out = dd_xgrow(*out, &cap, *nout + 1, sizeof **out);
                uent *u = &(*out)[(*nout)++];
                u->id = (uint32_t)id;
                u->name = dd_xstrndup(f[0], fl[0]);
                u->home = passwd && nf >= 6 ? dd_xstrndup(f[5], fl[5]) : NULL;
                u->shell = passwd && nf >= 7 ? dd_xstrndup(f[6], fl[6]) : NULL;
            }
        }
        if (!nl)
            break;
        p = nl + 1;
    }
}

static udb *db_for(dd_users *u, const dd_users_src *src)
{
    const char *key = src->key;
    uint32_t pid = src->pid;
    udb *d = NULL;
    for (size_t i = 0; i < u->n && !d; i++)
        if (!strcmp(u->dbs[i].key, key))
            d = &u->dbs[i];
    if (d) {
        d->used = ++u->clock;
        /* the process we read through may have been gone: try another, a few times */
        if (d->nusers || (d->pid == pid && !src->passwd) || d->tries >= 4)
            return d;
        int tries = d->tries;
        db_clear(d);
        d->tries = tries;
    } else if (u->n < DD_USERS_DBS) {
        d = &u->dbs[u->n++];
    } else {
        d = &u->dbs[0];
        for (size_t i = 1; i < u->n; i++)
            if (u->dbs[i].used < d->used)
                d = &u->dbs[i];
        db_clear(d);
    }
    snprintf(d->key, sizeof d->key, "%s", key);
    d->used = ++u->clock;
    d->pid = pid;
    d->tries++;
    bool host = !strcmp(key, "host");
    if (src->passwd) {
        parse(src->passwd, strlen(src->passwd), &d->users, &d->nusers, true);
        if (src->group)
            parse(src->group, strlen(src->group), &d->groups, &d->ngroups, false);
        return d;
    }
    dd_buf b = DD_BUF_INIT;
    char path[256];
    snprintf(path, sizeof path, host ? "/etc/passwd" : "%s/%u/root/etc/passwd", u->procroot, pid);
    if (dd_buf_read_file(&b, path, DD_USERS_FILE_MAX) == 0)
        parse(b.data, b.len, &d->users, &d->nusers, true);
    dd_buf_reset(&b);
    snprintf(path, sizeof path, host ? "/etc/group" : "%s/%u/root/etc/group", u->procroot, pid);
    if (dd_buf_read_file(&b, path, DD_USERS_FILE_MAX) == 0)
        parse(b.data, b.len, &d->groups, &d->ngroups, false);
    dd_buf_free(&b);
    return d;
}

static const uent *find(const uent *e, size_t n, uint32_t id)
{
    for (size_t i = 0; i < n; i++)
        if (e[i].id == id)
            return &e[i];
    return NULL;
}

const char *dd_users_name(dd_users *u, const dd_users_src *s, uint32_t uid)
{
    udb *d = db_for(u, s);
    const uent *e = find(d->users, d->nusers, uid);
    return e ? e->name : NULL;
}

const char *dd_users_home(dd_users *u, const dd_users_src *s, uint32_t uid)
{
    udb *d = db_for(u, s);
    const uent *e = find(d->users, d->nusers, uid);
    return e ? e->home : NULL;
}

const char *dd_users_shell(dd_users *u, const dd_users_src *s, uint32_t uid)
{
    udb *d = db_for(u, s);
    const uent *e = find(d->users, d->nusers, uid);
    return e ? e->shell : NULL;
}

const char *dd_users_group(dd_users *u, const dd_users_src *s, uint32_t gid)
{
    udb *d = db_for(u, s);
    const uent *e = find(d->groups, d->ngroups, gid);
    return e ? e->name : NULL;
}
