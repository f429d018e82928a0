/* Secrets by the name they are given: the test shared by every place a name and a value
 * come together (image ENV and build arguments, compose and Kubernetes environments). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "report/rule.h"
#include "secrets/secrets.h"

static bool in(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

/* Names of variables that hold secrets, read as '_'-separated words (upper case, '-' and
 * '.' as '_'): PASSWORD, DB_TOKEN, AWS_SECRET_ACCESS_KEY, api.key... A word must be whole
 * (TOKENIZER, SECRETARY are not secrets) and the last word must not say the variable is
 * about a secret rather than one: *_FILE, *_PATH (where it is), *_TTL, *_EXPIRE_MINUTES
 * (settings), *_HEADER, *_ENDPOINT (names). GPG_KEY, a public fingerprint in every official
 * image, and checksums name no secret word. Shared by lint (ENV, ARG), the image checks
 * (ENV, build arguments) and compose and Kubernetes environments. */
bool dd_secret_name(const char *name)
{
    static const char *const words[] = {
        "PASSWORD", "PASSWD", "PASS",        "PASSPHRASE", "PWD",        "SECRET",    "SECRETS",
        "TOKEN",    "APIKEY", "CREDENTIALS", "CREDENTIAL", "PRIVATEKEY", "AUTHTOKEN", NULL};
    static const char *const pairs[] = {
        "API_KEY",        "ACCESS_KEY", "PRIVATE_KEY",   "SECRET_KEY",   "AUTH_KEY", "SIGNING_KEY",
        "ENCRYPTION_KEY", "MASTER_KEY", "CLIENT_SECRET", "ACCESS_TOKEN", NULL};
    static const char *const safe_last[] = {
        "FILE", "PATH", "DIR", "URL", "NAME", "LENGTH", "TYPE", "ENABLED", "HEADER", "ID", "USER",
        "USERNAME", "HOST", "PORT", "FILES", "MODE",
        /* settings about a secret, not the secret:
         * ACCESS_TOKEN_EXPIRE_MINUTES=30, AUTH_TOKEN_TTL */
        "TTL", "TIMEOUT", "EXPIRE", "EXPIRES", "EXPIRY", "EXPIRATION", "LIFETIME", "SECONDS",
        "MINUTES", "HOURS", "DAYS", "ENDPOINT", "ISSUER", "AUDIENCE", "ALGORITHM", "VERSION", NULL};
    /* Credential names hadolint's DL3064 lists that the words do not catch. */
    static const char *const exact[] = {"AWS_ACCESS_KEY_ID", "OKTA_CLIENT_TOKEN", NULL};
    char up[256];
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof up)
        return false;
    for (size_t i = 0; i <= n; i++)
        up[i] = (name[i] == '-' || name[i] == '.') ? '_' : (char)toupper((unsigned char)name[i]);
    if (in(up, exact))
        return true;
    /* PWD alone is the shell's working directory. */
    if (strcmp(up, "PWD") == 0)
        return false;
    const char *last = strrchr(up, '_');
    last = last ? last + 1 : up;
    if (last != up && in(last, safe_last))
        return false;
    for (const char *const *pr = pairs; *pr; pr++)
        if (strstr(up, *pr))
            return true;
    char *save = NULL;
    for (char *t = strtok_r(up, "_", &save); t; t = strtok_r(NULL, "_", &save))
        if (in(t, words))
            return true;
    return false;
}

/* A value that is only a reference or a placeholder, not a secret. */
bool dd_secret_trivial_value(const char *v)
{
    if (!v[0] || v[0] == '$' || v[0] == '/' || strlen(v) < 4)
        return true;
    static const char *const stop[] = {"changeme", "change_me",  "<password>", "xxxx",
                                       "none",     "null",       "false",      "true",
                                       "example",  "placeholder"};
    for (size_t i = 0; i < DD_ARRAY_LEN(stop); i++)
        if (strcasecmp(v, stop[i]) == 0)
            return true;
    return false;
}
