#include "report/node.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void dd_node_name(char *buf, size_t size, const char *fallback)
{
    const char *env = getenv("DRYDOCK_NODE_NAME");
    const char *name = env && *env ? env : fallback && *fallback ? fallback : NULL;
    if (name) {
        snprintf(buf, size, "%s", name);
        return;
    }
    if (gethostname(buf, size - 1) != 0)
        snprintf(buf, size, "unknown");
    buf[size - 1] = '\0';
}

/* "key=value" (or a bare "key", as Docker allows) into `labels`, unless the key is there. */
static void add_label(json_t *labels, const char *item, size_t len)
{
    while (len && (*item == ' ' || *item == '\t'))
        item++, len--;
    while (len && (item[len - 1] == ' ' || item[len - 1] == '\t'))
        len--;
    const char *eq = memchr(item, '=', len);
    size_t klen = eq ? (size_t)(eq - item) : len;
    if (!klen || json_object_size(labels) >= 2 * DD_NODE_LABELS_MAX)
        return;
    char *key = strndup(item, klen);
    if (key && !json_object_get(labels, key))
        json_object_set_new(labels, key, json_stringn(eq ? eq + 1 : "", eq ? len - klen - 1 : 0));
    free(key);
}

json_t *dd_node_json(const char *fallback, const json_t *engine_labels)
{
    char name[256];
    dd_node_name(name, sizeof name, fallback);
    json_t *labels = json_object();
    const char *env = getenv("DRYDOCK_NODE_LABELS");
    for (size_t n = 0; env && *env && n < DD_NODE_LABELS_MAX; n++) {
        size_t len = strcspn(env, ",");
        add_label(labels, env, len);
        env += len + (env[len] == ',');
    }
    size_t i;
    const json_t *v;
    json_array_foreach(engine_labels, i, v)
    {
        if (i >= DD_NODE_LABELS_MAX)
            break;
        if (json_is_string(v))
            add_label(labels, json_string_value(v), json_string_length(v));
    }
    json_t *node = json_pack("{s:s%}", "hostname", name, strlen(name));
    if (json_object_size(labels))
        json_object_set(node, "labels", labels);
    json_decref(labels);
    return node;
}

json_t *dd_report_node(const dd_report *r)
{
    return dd_node_json(json_string_value(json_object_get(r->meta, "host")),
                        json_object_get(r->meta, "engineLabels"));
}

bool dd_in_container(void)
{
    const char *v = getenv("DRYDOCK_IN_CONTAINER");
    return v && strcmp(v, "1") == 0;
}

dd_format dd_default_format(FILE *out)
{
    return !isatty(fileno(out)) && dd_in_container() ? DD_FMT_JSONL : DD_FMT_TEXT;
}
