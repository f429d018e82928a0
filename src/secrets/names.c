/* Secrets by the name they are given: the test shared by every place a name and a value
 * come together (image ENV and build arguments, compose and Kubernetes environments). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "report/rule.h"
#include "secrets/secrets.h"

/* Names of variables that hold secrets: PASSWORD, DB_TOKEN, AWS_SECRET_ACCESS_KEY... but
 * not GPG_KEY (a public fingerprint, in every official image), *_FILE or *_PATH
 * (where a secret is, not what), checksums. */
bool dd_secret_name(const char *name)
{
    static const char *const words[] = {
        "PASSWORD",   "PASSWD",      "PASSPHRASE", "SECRET",   "TOKEN", "APIKEY", "API_KEY",
        "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL", "AUTH_KEY", "_PASS", "_PWD"};
    static const char *const not_words[] = {
        "GPG",        "SHA",   "CHECKSUM", "FINGERPRINT", "PUBLIC", "_FILE",    "_PATH",
        "_DIR",       "_URL",  "_HOST",    "_PORT",       "_USER",  "_NAME",    "_ID",
        "_ALGORITHM", "_TYPE", "_LENGTH",  "_TTL",        "_EXPIR", "_ENABLED", "_MODE"};
    char up[256];
    size_t n = strlen(name);
    if (n == 0 || n >= sizeof up)
        return false;
    for (size_t i = 0; i <= n; i++)
        up[i] = (char)toupper((unsigned char)name[i]);
    bool hit = false;
    for (size_t i = 0; i < DD_ARRAY_LEN(words) && !hit; i++) {
        const char *w = words[i];
        const char *p = strstr(up, w);
        /* "_PASS" must end the name or be followed by '_' (not "_PASSTHROUGH"). */
        if (p && w[0] == '_')
            hit = p[strlen(w)] == '\0' || p[strlen(w)] == '_';
        else if (p)
            hit = true;
    }
    if (!hit && (strcmp(up, "PASS") == 0 || strcmp(up, "PWD_HASH") == 0))
        hit = true;
    if (!hit)
        return false;
    for (size_t i = 0; i < DD_ARRAY_LEN(not_words); i++) {
        const char *p = strstr(up, not_words[i]);
        if (p && (not_words[i][0] != '_' || p[strlen(not_words[i])] == '\0'))
            return false;
    }
    return true;
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
