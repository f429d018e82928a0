/* Image references, parsed as the docker CLI and skopeo's docker:// transport do. */
#include <string.h>

#include "core/mem.h"
#include "image/image.h"
#include "registry/registry.h"

/* Bounds from the distribution reference grammar: a name is at most 255 characters. */
#define MAX_NAME 255
#define MAX_TAG  128

static bool repo_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
           c == '/';
}

static bool tag_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

static bool host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == ':' || c == '[' || c == ']';
}

void dd_regref_free(dd_regref *r)
{
    free(r->host);
    free(r->repo);
    free(r->tag);
    free(r->digest);
    memset(r, 0, sizeof *r);
}

void dd_regref_split(const char *s, dd_regref_parts *p)
{
    memset(p, 0, sizeof *p);
    size_t len = strlen(s);
    const char *at = strchr(s, '@');
    if (at) {
        p->digest = at + 1;
        p->digest_len = len - (size_t)(at + 1 - s);
        len = (size_t)(at - s);
    }
    /* A tag is after the last ':' that comes after the last '/'. */
    const char *slash = memrchr(s, '/', len);
    const char *from = slash ? slash : s;
    const char *colon = memrchr(from, ':', len - (size_t)(from - s));
    if (colon) {
        p->tag = colon + 1;
        p->tag_len = len - (size_t)(colon + 1 - s);
        len = (size_t)(colon - s);
    }
    p->name = s;
    p->name_len = len;
    /* The first component is a registry when it looks like a host name. */
    const char *first = memchr(s, '/', len);
    if (first) {
        size_t hl = (size_t)(first - s);
        bool is_host = memchr(s, '.', hl) || memchr(s, ':', hl) ||
                       (hl == 9 && strncmp(s, "localhost", 9) == 0);
        for (size_t i = 0; is_host && i < hl; i++)
            if (!host_char(s[i]))
                is_host = false;
        if (is_host) {
            p->host = s;
            p->host_len = hl;
            p->name = first + 1;
            p->name_len = len - hl - 1;
        }
    }
}

int dd_regref_parse(const char *s, dd_regref *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    if (strncmp(s, "docker://", 9) == 0)
        s += 9;
    size_t n = strlen(s);
    if (n == 0 || n > MAX_NAME + MAX_TAG + DD_DIGEST_LEN + 2)
        return dd_error_set(e, DD_ERR_USAGE, 0, "'%.80s' is not an image reference", s);
    dd_regref_parts p;
    dd_regref_split(s, &p);
    if (p.digest) {
        out->digest = dd_xstrndup(p.digest, p.digest_len);
        if (!dd_digest_checkable(out->digest)) {
            dd_error_set(e, DD_ERR_USAGE, 0, "image reference %s: '%s' is not a digest", s,
                         out->digest);
            dd_regref_free(out);
            return -1;
        }
    }
    if (p.tag) {
        const char *t = p.tag;
        size_t tl = p.tag_len;
        bool ok = tl > 0 && tl <= MAX_TAG && t[0] != '.' && t[0] != '-';
        for (size_t i = 0; ok && i < tl; i++)
            ok = tag_char(t[i]);
        if (!ok) {
            dd_error_set(e, DD_ERR_USAGE, 0, "image reference %s: '%.*s' is not a valid tag", s,
                         (int)tl, t);
            dd_regref_free(out);
            return -1;
        }
        out->tag = dd_xstrndup(t, tl);
    }
    out->host = p.host ? dd_xstrndup(p.host, p.host_len) : dd_xstrdup("docker.io");
    if (strcmp(out->host, "index.docker.io") == 0) {
        free(out->host);
        out->host = dd_xstrdup("docker.io");
    }
    const char *name = p.name;
    size_t nl = p.name_len;
    bool ok = nl > 0 && nl <= MAX_NAME && name[0] != '/' && name[nl - 1] != '/' &&
              !memmem(name, nl, "//", 2);
    for (size_t i = 0; ok && i < nl; i++)
        ok = repo_char(name[i]);
    if (!ok) {
        dd_error_set(e, DD_ERR_USAGE, 0,
                     "image reference %s: '%.*s' is not a repository name (lower case letters, "
                     "digits, '.', '_', '-', '/')",
                     s, (int)nl, name);
        dd_regref_free(out);
        return -1;
    }
    if (strcmp(out->host, "docker.io") == 0 && !memchr(name, '/', nl))
        out->repo = dd_xasprintf("library/%.*s", (int)nl, name);
    else
        out->repo = dd_xstrndup(name, nl);
    return 0;
}

char *dd_regref_repository(const dd_regref *r)
{
    return dd_xasprintf("%s/%s", r->host, r->repo);
}

char *dd_regref_string(const dd_regref *r)
{
    if (r->tag || !r->digest)
        return dd_xasprintf("%s/%s:%s", r->host, r->repo, r->tag ? r->tag : "latest");
    return dd_xasprintf("%s/%s@%s", r->host, r->repo, r->digest);
}

const char *dd_regref_target(const dd_regref *r)
{
    return r->digest ? r->digest : r->tag ? r->tag : "latest";
}
