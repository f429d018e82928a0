/* A bounded, incremental reader for a top-level JSON object: the Debian tracker feed is
 * tens of megabytes in one object, and building one jansson tree for it would cost ten
 * times that in memory. Only the extent of each member is found here (strings and
 * nesting are tracked, nothing else); jansson parses each member on its own. */
#include <string.h>

#include "vuln/import.h"

#define MAX_DEPTH 512

static size_t skip_ws(const char *d, size_t len, size_t i)
{
    while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
        i++;
    return i;
}

/* Index just past the string starting at d[i] == '"', or 0 when unterminated. */
static size_t skip_string(const char *d, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        if (d[i] == '\\')
            i++;
        else if (d[i] == '"')
            return i + 1;
    }
    return 0;
}

/* Index just past the value at d[i]; 0 with *why set on error. */
static size_t skip_value(const char *d, size_t len, size_t i, const char **why)
{
    if (i >= len) {
        *why = "unexpected end of data (truncated?)";
        return 0;
    }
    if (d[i] == '"') {
        size_t j = skip_string(d, len, i);
        if (!j)
            *why = "unterminated string (truncated?)";
        return j;
    }
    if (d[i] == '{' || d[i] == '[') {
        int depth = 0;
        for (; i < len; i++) {
            char c = d[i];
            if (c == '"') {
                size_t j = skip_string(d, len, i);
                if (!j) {
                    *why = "unterminated string (truncated?)";
                    return 0;
                }
                i = j - 1;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    *why = "nesting too deep";
                    return 0;
                }
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        *why = "unexpected end of data (truncated?)";
        return 0;
    }
    size_t j = i;
    while (j < len && d[j] != ',' && d[j] != '}' && d[j] != ']' && d[j] != ' ' && d[j] != '\n' &&
           d[j] != '\r' && d[j] != '\t')
        j++;
    if (j == i)
        *why = "expected a value";
    return j == i ? 0 : j;
}

int dd_json_each_member(const char *name, const char *d, size_t len, size_t max_member,
                        dd_json_member_fn fn, void *ud, dd_error *e)
{
    size_t i = skip_ws(d, len, 0);
    if (i >= len || d[i] != '{')
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: byte %zu: expected a JSON object", name, i);
    i = skip_ws(d, len, i + 1);
    if (i < len && d[i] == '}')
        return 0;
    for (;;) {
        const char *why = NULL;
        if (i >= len || d[i] != '"')
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: byte %zu: %s", name, i,
                                i >= len ? "unexpected end of data (truncated?)"
                                         : "expected a member name");
        size_t kend = skip_string(d, len, i);
        if (!kend)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: byte %zu: unterminated string (truncated?)",
                                name, i);
        if (kend - i > DD_FEED_MAX_NAME + 2)
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: byte %zu: member name of %zu bytes (limit %d)",
                                name, i, kend - i, DD_FEED_MAX_NAME);
        json_error_t je;
        json_t *key = json_loadb(d + i, kend - i, JSON_DECODE_ANY, &je);
        if (!key || !json_is_string(key)) {
            json_decref(key);
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: byte %zu: bad member name: %s", name, i,
                                je.text);
        }
        i = skip_ws(d, len, kend);
        if (i >= len || d[i] != ':') {
            json_decref(key);
            return dd_error_set(e, DD_ERR_INPUT, 0, "%s: byte %zu: expected ':'%s", name, i,
                                i >= len ? " (truncated?)" : "");
        }
        i = skip_ws(d, len, i + 1);
        size_t vend = skip_value(d, len, i, &why);
        if (!vend) {
            dd_error_set(e, DD_ERR_INPUT, 0, "%s: byte %zu: member \"%.64s\": %s", name, i,
                         json_string_value(key), why);
            json_decref(key);
            return -1;
        }
        if (vend - i > max_member) {
            dd_error_set(e, DD_ERR_INPUT, 0, "%s: member \"%.64s\" is %zu bytes (limit %zu)", name,
                         json_string_value(key), vend - i, max_member);
            json_decref(key);
            return -1;
        }
        json_t *val = json_loadb(d + i, vend - i, JSON_DECODE_ANY, &je);
        if (!val) {
            dd_error_set(e, DD_ERR_INPUT, 0, "%s: member \"%.64s\": byte %zu: %s", name,
                         json_string_value(key), i + (size_t)(je.position > 0 ? je.position : 0),
                         je.text);
            json_decref(key);
            return -1;
        }
        int rc = fn(json_string_value(key), val, ud, e);
        json_decref(val);
        json_decref(key);
        if (rc != 0)
            return rc < 0 ? -1 : 0;
        i = skip_ws(d, len, vend);
        if (i < len && d[i] == ',') {
            i = skip_ws(d, len, i + 1);
            continue;
        }
        if (i < len && d[i] == '}') {
            i = skip_ws(d, len, i + 1);
            if (i < len)
                return dd_error_set(e, DD_ERR_INPUT, 0, "%s: byte %zu: data after the end of the JSON object",
                                    name, i);
            return 0;
        }
        return dd_error_set(e, DD_ERR_INPUT, 0, "%s: byte %zu: %s", name, i,
                            i >= len ? "unexpected end of data (truncated?)" : "expected ',' or '}'");
    }
}
