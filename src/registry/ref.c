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

int dd_regref_parse(const char *s, dd_regref *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    if (strncmp(s, "docker://", 9) == 0)
        s += 9;
    size_t n = strlen(s);
    if (n == 0 || n > MAX_NAME + MAX_TAG + DD_DIGEST_LEN + 2)
        return dd_error_set(e, DD_ERR_USAGE, 0, "'%.80s' is not an image reference", s);
    char *copy = dd_xstrdup(s);
    char *at = strchr(copy, '@');
    if (at) {
        *at = '\0';
        if (!dd_digest_checkable(at + 1)) {
            dd_error_set(e, DD_ERR_USAGE, 0, "image reference %s: '%s' is not a digest", s, at + 1);
            free(copy);
            return -1;
        }
        out->digest = dd_xstrdup(at + 1);
    }
    /* A tag is after the last ':' that comes after the last '/'. */
    char *slash = strrchr(copy, '/');
    char *colon = strrchr(slash ? slash : copy, ':');
    if (colon) {
        *colon = '\0';
        const char *t = colon + 1;
        size_t tl = strlen(t);
        bool ok = tl > 0 && tl <= MAX_TAG && t[0] != '.' && t[0] != '-';
        for (size_t i = 0; ok && i < tl; i++)
            ok = tag_char(t[i]);
        if (!ok) {
            dd_error_set(e, DD_ERR_USAGE, 0, "image reference %s: '%s' is not a valid tag", s, t);
            free(copy);
            dd_regref_free(out);
            return -1;
        }
        out->tag = dd_xstrdup(t);
    }
    char *name = copy;
    char *first = strchr(name, '/');
    if (first) {
        size_t hl = (size_t)(first - name);
        bool is_host = memchr(name, '.', hl) || memchr(name, ':', hl) ||
                       (hl == 9 && strncmp(name, "localhost", 9) == 0);
        for (size_t i = 0; is_host && i < hl; i++)
            if (!host_char(name[i]))
                is_host = false;
        if (is_host) {
            out->host = dd_xstrndup(name, hl);
            name = first + 1;
        }
    }
    if (!out->host)
        out->host = dd_xstrdup("docker.io");
    if (strcmp(out->host, "index.docker.io") == 0) {
        free(out->host);
        out->host = dd_xstrdup("docker.io");
    }
    size_t nl = strlen(name);
    bool ok =
        nl > 0 && nl <= MAX_NAME && name[0] != '/' && name[nl - 1] != '/' && !strstr(name, "//");
    for (size_t i = 0; ok && i < nl; i++)
        ok = repo_char(name[i]);
    if (!ok) {
        dd_error_set(e, DD_ERR_USAGE, 0,
                     "image reference %s: '%s' is not a repository name (lower case letters, "
                     "digits, '.', '_', '-', '/')",
                     s, name);
        free(copy);
        dd_regref_free(out);
        return -1;
    }
    if (strcmp(out->host, "docker.io") == 0 && !strchr(name, '/'))
        out->repo = dd_xasprintf("library/%s", name);
    else
        out->repo = dd_xstrdup(name);
    free(copy);
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
