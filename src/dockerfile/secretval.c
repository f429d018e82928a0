/* Secrets by value in ENV/ARG/LABEL values: a few well-known, self-identifying token
 * formats that are safe to flag without context (a fixed prefix plus a fixed alphabet
 * and length), checked by hand-written scanners because the values are short and a
 * regex engine would cost more to set up than to run. The image scanner (src/secrets)
 * has the full pattern set; this one exists so `lint` has no dependency on it. */
#include <ctype.h>
#include <string.h>

#include "secrets/secrets.h"
#include "core/mem.h"
#include "dockerfile/dockerfile.h"

static bool alnum(char c)
{
    return isalnum((unsigned char)c) != 0;
}

static bool b64url(char c)
{
    return alnum(c) || c == '_' || c == '-';
}

/* Count characters from s accepted by `ok`. */
static size_t run_len(const char *s, bool (*ok)(char))
{
    size_t n = 0;
    while (s[n] && ok(s[n]))
        n++;
    return n;
}

static bool upper_digit(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool alnum_us(char c)
{
    return alnum(c) || c == '_';
}

static bool slack_char(char c)
{
    return alnum(c) || c == '-';
}

/* The token must not be glued to more word characters on its left. */
static bool boundary(const char *start, const char *p)
{
    return p == start || !alnum(p[-1]);
}

const char *dd_df_secret_kind(const char *v)
{
    if (!v)
        return NULL;
    /* One pass: only these characters can start a token, and the first "://" is noted on
     * the way for the URL check below (this runs on every word of every instruction). */
    static const unsigned char starts[256] = {['A'] = 1, ['g'] = 1, ['x'] = 1, ['s'] = 1,
                                              ['r'] = 1, ['-'] = 1, ['e'] = 1, [':'] = 2};
    const char *scheme = NULL;
    for (const char *p = v; *p; p++) {
        unsigned char t = starts[(unsigned char)*p];
        if (!t)
            continue;
        if (t == 2) {
            if (!scheme && p[1] == '/' && p[2] == '/')
                scheme = p;
            continue;
        }
        if (!boundary(v, p) && *p != '-')
            continue;
        switch (*p) {
        case 'A':
            if (strncmp(p, "AKIA", 4) == 0 || strncmp(p, "ASIA", 4) == 0) {
                size_t n = run_len(p + 4, upper_digit);
                if (n == 16 && !alnum(p[20]))
                    return "AWS access key id";
            }
            if (strncmp(p, "AIza", 4) == 0 && run_len(p + 4, b64url) == 35)
                return "Google API key";
            break;
        case 'g':
            if (p[1] == 'h' && strchr("pousr", p[2]) && p[2] && p[3] == '_' &&
                run_len(p + 4, alnum) >= 36)
                return "GitHub token";
            if (strncmp(p, "github_pat_", 11) == 0 && run_len(p + 11, alnum_us) >= 22)
                return "GitHub fine-grained token";
            if (strncmp(p, "glpat-", 6) == 0 && run_len(p + 6, b64url) >= 20)
                return "GitLab personal access token";
            break;
        case 'x':
            if (strncmp(p, "xox", 3) == 0 && p[3] && strchr("baprs", p[3]) && p[4] == '-' &&
                run_len(p + 5, slack_char) >= 10)
                return "Slack token";
            break;
        case 's':
        case 'r':
            if ((strncmp(p, "sk_live_", 8) == 0 || strncmp(p, "rk_live_", 8) == 0) &&
                run_len(p + 8, alnum) >= 20)
                return "Stripe live key";
            break;
        case '-':
            if (strncmp(p, "-----BEGIN ", 11) == 0) {
                const char *e = strstr(p + 11, "PRIVATE KEY-----");
                if (e && e - p < 60)
                    return "private key";
            }
            break;
        case 'e':
            if (strncmp(p, "eyJ", 3) == 0) {
                size_t a = run_len(p, b64url);
                if (a >= 10 && p[a] == '.') {
                    size_t b = run_len(p + a + 1, b64url);
                    if (b >= 10 && p[a + 1 + b] == '.' && run_len(p + a + 2 + b, b64url) >= 10)
                        return "JSON Web Token";
                }
            }
            break;
        default:
            break;
        }
    }
    /* scheme://user:password@host */
    const char *s = scheme;
    if (s) {
        const char *at = strchr(s + 3, '@');
        const char *colon = strchr(s + 3, ':');
        const char *slash = strchr(s + 3, '/');
        if (at && colon && colon < at && (!slash || at < slash) && at - colon > 1 &&
            colon[1] != '$')
            return "password in a URL";
    }
    return NULL;
}

char *dd_df_mask(const char *value)
{
    /* The masking policy of src/secrets, so lint and scan never disagree on what shows. */
    return dd_xasprintf("%.*s****", (int)dd_secret_mask_keep(strlen(value)), value);
}
