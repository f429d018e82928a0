/* Registry authentication pieces: the WWW-Authenticate challenge (RFC 7235 syntax, as
 * registries send it) and credentials from the docker client's configuration.
 *
 * Trust: the challenge comes from the registry and the helper output from a program
 * named by the user's configuration; both are parsed with bounds. Credentials are sent
 * only to the realm the registry named, over TLS unless the registry itself is on the
 * user's insecure list (client.c decides). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "registry/registry.h"

#define MAX_CHALLENGE  8192
#define MAX_PARAM      2048
#define MAX_CONFIG     (4u << 20)
#define MAX_HELPER_OUT (64u << 10)

extern char **environ;

void dd_auth_challenge_free(dd_auth_challenge *c)
{
    free(c->realm);
    free(c->service);
    free(c->scope);
    free(c->error);
    memset(c, 0, sizeof *c);
}

static bool token_char(char c)
{
    return isalnum((unsigned char)c) || strchr("!#$%&'*+-.^_`|~", c);
}

int dd_auth_challenge_parse(const char *v, size_t len, dd_auth_challenge *c, dd_error *e)
{
    memset(c, 0, sizeof *c);
    if (len > MAX_CHALLENGE)
        return dd_error_set(e, DD_ERR_INPUT, 0, "WWW-Authenticate: %zu bytes is too long", len);
    size_t i = 0;
    while (i < len && (v[i] == ' ' || v[i] == '\t'))
        i++;
    size_t s0 = i;
    while (i < len && token_char(v[i]))
        i++;
    size_t sl = i - s0;
    if (sl == 0)
        return dd_error_set(e, DD_ERR_INPUT, 0, "WWW-Authenticate: no scheme");
    if (sl == 6 && strncasecmp(v + s0, "bearer", 6) == 0)
        strcpy(c->scheme, "bearer");
    else if (sl == 5 && strncasecmp(v + s0, "basic", 5) == 0)
        strcpy(c->scheme, "basic");
    else
        return dd_error_set(e, DD_ERR_INPUT, 0, "WWW-Authenticate: unsupported scheme '%.*s'",
                            (int)(sl < 32 ? sl : 32), v + s0);
    /* auth-params: name=token / name="quoted", comma separated */
    for (;;) {
        while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            i++;
        if (i >= len)
            break;
        size_t k0 = i;
        while (i < len && token_char(v[i]))
            i++;
        size_t kl = i - k0;
        while (i < len && (v[i] == ' ' || v[i] == '\t'))
            i++;
        if (kl == 0 || i >= len || v[i] != '=') {
            dd_auth_challenge_free(c);
            return dd_error_set(e, DD_ERR_INPUT, 0,
                                "WWW-Authenticate: malformed parameter at offset %zu", k0);
        }
        i++;
        while (i < len && (v[i] == ' ' || v[i] == '\t'))
            i++;
        dd_buf val = DD_BUF_INIT;
        if (i < len && v[i] == '"') {
            i++;
            bool closed = false;
            while (i < len) {
                char ch = v[i++];
                if (ch == '"') {
                    closed = true;
                    break;
                }
                if (ch == '\\' && i < len)
                    ch = v[i++];
                dd_buf_putc(&val, ch);
                if (val.len > MAX_PARAM)
                    break;
            }
            if (!closed) {
                dd_buf_free(&val);
                dd_auth_challenge_free(c);
                return dd_error_set(e, DD_ERR_INPUT, 0,
                                    "WWW-Authenticate: unterminated or overlong quoted value");
            }
        } else {
            /* Unquoted: up to the next separator (lenient: some servers put URLs here). */
            size_t v0 = i;
            while (i < len && v[i] != ',' && v[i] != ' ' && v[i] != '\t' && v[i] != '"')
                i++;
            if (i - v0 > MAX_PARAM) {
                dd_auth_challenge_free(c);
                return dd_error_set(e, DD_ERR_INPUT, 0, "WWW-Authenticate: overlong value");
            }
            dd_buf_append(&val, v + v0, i - v0);
            dd_buf_putc(&val, '\0');
            val.len--;
        }
        if (!val.data)
            dd_buf_puts(&val, "");
        char **slot = NULL;
        if (kl == 5 && strncasecmp(v + k0, "realm", 5) == 0)
            slot = &c->realm;
        else if (kl == 7 && strncasecmp(v + k0, "service", 7) == 0)
            slot = &c->service;
        else if (kl == 5 && strncasecmp(v + k0, "scope", 5) == 0)
            slot = &c->scope;
        else if (kl == 5 && strncasecmp(v + k0, "error", 5) == 0)
            slot = &c->error;
        if (slot) {
            free(*slot);
            *slot = dd_buf_steal(&val);
        } else {
            dd_buf_free(&val);
        }
    }
    if (strcmp(c->scheme, "bearer") == 0) {
        if (!c->realm || !c->realm[0]) {
            dd_auth_challenge_free(c);
            return dd_error_set(e, DD_ERR_INPUT, 0, "WWW-Authenticate: Bearer without a realm");
        }
        if (strncmp(c->realm, "https://", 8) != 0 && strncmp(c->realm, "http://", 7) != 0) {
            dd_error_set(e, DD_ERR_INPUT, 0,
                         "WWW-Authenticate: realm '%.200s' is not an http(s) "
                         "URL",
                         c->realm);
            dd_auth_challenge_free(c);
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------- credentials ---- */

void dd_reg_creds_free(dd_reg_creds *c)
{
    if (c->password)
        explicit_bzero(c->password, strlen(c->password));
    if (c->identity_token)
        explicit_bzero(c->identity_token, strlen(c->identity_token));
    free(c->username);
    free(c->password);
    free(c->identity_token);
    memset(c, 0, sizeof *c);
}

/* The keys a host may be stored under in `auths` (docker login writes the first form;
 * Docker Hub is stored under its v1 index URL). */
static bool auth_key_matches(const char *key, const char *host)
{
    const char *k = key;
    if (strncmp(k, "https://", 8) == 0)
        k += 8;
    else if (strncmp(k, "http://", 7) == 0)
        k += 7;
    size_t n = strcspn(k, "/");
    if (strcmp(host, "docker.io") == 0)
        return (n == 15 && strncmp(k, "index.docker.io", 15) == 0) ||
               (n == 9 && strncmp(k, "docker.io", 9) == 0) ||
               (n == 19 && strncmp(k, "registry-1.docker.io", 19) == 0);
    return strlen(host) == n && strncmp(k, host, n) == 0;
}

static int decode_auth(const char *b64, dd_reg_creds *out, const char *path, dd_error *e)
{
    size_t n = strlen(b64);
    if (n > 8192 || n % 4)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: an 'auth' value is not base64", path);
    unsigned char *raw = dd_xmalloc(n + 1);
    int got = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n);
    if (got < 0) {
        free(raw);
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: an 'auth' value is not base64", path);
    }
    /* EVP_DecodeBlock counts padding as zero bytes. */
    while (n && b64[n - 1] == '=') {
        n--;
        got--;
    }
    raw[got] = '\0';
    char *colon = memchr(raw, ':', (size_t)got);
    if (!colon) {
        explicit_bzero(raw, (size_t)got);
        free(raw);
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: an 'auth' value is not user:password", path);
    }
    *colon = '\0';
    out->username = dd_xstrdup((char *)raw);
    out->password = dd_xstrdup(colon + 1);
    explicit_bzero(raw, (size_t)got);
    free(raw);
    return 0;
}

/* Run `docker-credential-NAME get` with the server on stdin. The helper is a program the
 * user configured; it runs with our environment and no shell. */
static int run_helper(const char *name, const char *host, dd_reg_creds *out, dd_error *e)
{
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
            return dd_error_set(e, DD_ERR_INPUT, 0, "credential helper name '%s' is not valid",
                                name);
    _cleanup_free_ char *prog = dd_xasprintf("docker-credential-%s", name);
    int in[2], outp[2];
    if (pipe2(in, O_CLOEXEC) < 0)
        return dd_error_sys(e, errno, "cannot run %s", prog);
    if (pipe2(outp, O_CLOEXEC) < 0) {
        close(in[0]);
        close(in[1]);
        return dd_error_sys(e, errno, "cannot run %s", prog);
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
    char *argv[] = {prog, "get", NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(outp[1]);
    if (rc != 0) {
        close(in[1]);
        close(outp[0]);
        dd_error_sys(e, rc, "cannot run the credential helper %s", prog);
        return dd_error_hint(e, "install it, or remove credsStore/credHelpers from the docker "
                                "config");
    }
    /* Docker Hub's credentials are stored under its v1 index URL. */
    const char *server = strcmp(host, "docker.io") == 0 ? "https://index.docker.io/v1/" : host;
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    ssize_t w = write(in[1], server, strlen(server));
    (void)w;
    close(in[1]);
    dd_buf b = DD_BUF_INIT;
    char tmp[4096];
    ssize_t g;
    while ((g = read(outp[0], tmp, sizeof tmp)) > 0 && b.len < MAX_HELPER_OUT)
        dd_buf_append(&b, tmp, (size_t)g);
    close(outp[0]);
    signal(SIGPIPE, old);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        /* "credentials not found in native keychain": anonymous, as docker does. */
        bool not_found = b.data && strstr(b.data, "not found");
        if (b.data)
            explicit_bzero(b.data, b.len);
        dd_buf_free(&b);
        if (not_found)
            return 0;
        return dd_error_set(e, DD_ERR_RUN, 0, "credential helper %s failed for %s", prog, host);
    }
    json_error_t je;
    json_t *j = b.data ? json_loadb(b.data, b.len, 0, &je) : NULL;
    if (b.data)
        explicit_bzero(b.data, b.len);
    dd_buf_free(&b);
    const char *user = json_string_value(json_object_get(j, "Username"));
    const char *secret = json_string_value(json_object_get(j, "Secret"));
    if (!j || !user || !secret) {
        if (j)
            json_decref(j);
        return dd_error_set(e, DD_ERR_INPUT, 0,
                            "credential helper %s: answer is not {Username, Secret} JSON", prog);
    }
    if (strcmp(user, "<token>") == 0)
        out->identity_token = dd_xstrdup(secret);
    else {
        out->username = dd_xstrdup(user);
        out->password = dd_xstrdup(secret);
    }
    json_decref(j);
    return 0;
}

int dd_reg_creds_lookup(const char *config_dir, const char *host, dd_reg_creds *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    _cleanup_free_ char *dir = NULL;
    if (config_dir)
        dir = dd_xstrdup(config_dir);
    else if (getenv("DOCKER_CONFIG") && *getenv("DOCKER_CONFIG"))
        dir = dd_xstrdup(getenv("DOCKER_CONFIG"));
    else if (getenv("HOME"))
        dir = dd_xasprintf("%s/.docker", getenv("HOME"));
    else
        return 0;
    _cleanup_free_ char *path = dd_xasprintf("%s/config.json", dir);
    dd_buf b = DD_BUF_INIT;
    if (dd_buf_read_file(&b, path, MAX_CONFIG) < 0) {
        int err = errno;
        dd_buf_free(&b);
        if (err == ENOENT || err == ENOTDIR)
            return 0;
        return dd_error_sys(e, err, "cannot read %s", path);
    }
    json_error_t je;
    _cleanup_json_ json_t *j = json_loadb(b.data, b.len, 0, &je);
    dd_buf_free(&b);
    if (!j)
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s:%d:%d: invalid JSON: %s", path, je.line,
                            je.column, je.text);
    if (!json_is_object(j))
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: not a JSON object", path);
    /* The per-registry helper wins over the store, which wins over inline auths (that
     * is the order docker uses). */
    const char *helper = NULL;
    json_t *ch = json_object_get(j, "credHelpers");
    const char *key;
    json_t *val;
    if (json_is_object(ch))
        json_object_foreach(ch, key, val) if (auth_key_matches(key, host) && json_is_string(val))
            helper = json_string_value(val);
    if (!helper)
        helper = json_string_value(json_object_get(j, "credsStore"));
    if (helper && *helper)
        return run_helper(helper, host, out, e) < 0 ? dd_error_prefix(e, "%s", path) : 0;
    json_t *auths = json_object_get(j, "auths");
    if (!json_is_object(auths))
        return 0;
    json_object_foreach(auths, key, val)
    {
        if (!auth_key_matches(key, host) || !json_is_object(val))
            continue;
        const char *a = json_string_value(json_object_get(val, "auth"));
        const char *u = json_string_value(json_object_get(val, "username"));
        const char *p = json_string_value(json_object_get(val, "password"));
        const char *it = json_string_value(json_object_get(val, "identitytoken"));
        if (it && *it)
            out->identity_token = dd_xstrdup(it);
        if (a && *a)
            return decode_auth(a, out, path, e);
        if (u && p) {
            out->username = dd_xstrdup(u);
            out->password = dd_xstrdup(p);
        }
        return 0;
    }
    return 0;
}
