#include "image/history.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* The command of a RUN entry: what follows the shell's "-c" when the entry names a shell
 * (the default "/bin/sh -c" or one SHELL set), perhaps after the build arguments the step
 * saw ("|2 A=1 B=2 /bin/sh -c ..."), else the whole text (an exec form). */
static const char *run_command(const char *s)
{
    while (s[0] == '-' &&
           s[1] == '-') { /* BuildKit: the step's flags (--mount=..., --network=...) */
        s += strcspn(s, " ");
        while (*s == ' ')
            s++;
    }
    if (*s == '/' || (*s == '|' && isdigit((unsigned char)s[1]))) {
        const char *c = strstr(s, " -c ");
        if (c)
            return c + 4;
    }
    return s;
}

dd_df_kind dd_history_kind(const char *created_by, const char **body, size_t *len)
{
    const char *s = created_by ? created_by : "";
    while (*s == ' ')
        s++;
    dd_df_kind kind = DD_DF_UNKNOWN;
    const char *nop = strstr(s, "#(nop)");
    if (nop) {
        /* classic builder, a step that ran no command: the keyword follows the marker */
        s = nop + 6;
        while (*s == ' ')
            s++;
        size_t w = strcspn(s, " ");
        char word[16];
        if (w < sizeof word) {
            memcpy(word, s, w);
            word[w] = '\0';
            kind = dd_df_kind_from(word);
        }
        s += w;
    } else if (*s == '/' || (*s == '|' && isdigit((unsigned char)s[1]))) {
        /* classic builder, a RUN: the shell and its command */
        kind = DD_DF_RUN;
        s = run_command(s);
    } else if (isupper((unsigned char)*s)) {
        /* BuildKit: the keyword first */
        size_t w = strcspn(s, " ");
        char word[16];
        if (w < sizeof word) {
            memcpy(word, s, w);
            word[w] = '\0';
            for (size_t i = 0; i < w; i++)
                if (!isupper((unsigned char)word[i]))
                    word[0] = '\0';
            kind = word[0] ? dd_df_kind_from(word) : DD_DF_UNKNOWN;
        }
        if (kind != DD_DF_UNKNOWN) {
            s += w;
            while (*s == ' ')
                s++;
            if (kind == DD_DF_RUN)
                s = run_command(s);
        }
    }
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    static const char bk[] = " # buildkit";
    if (n >= sizeof bk - 1 && strcmp(s + n - (sizeof bk - 1), bk) == 0)
        n -= sizeof bk - 1;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        n--;
    *body = s;
    *len = n;
    return kind;
}
