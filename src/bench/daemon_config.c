#include "bench/daemon_config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "core/rootfile.h"

typedef enum {
    K_BOOL,   /* --icc, --icc=false */
    K_STRING, /* last one wins */
    K_INT,
    K_LIST,    /* repeated: -H a -H b -> ["a","b"] */
    K_MAP,     /* repeated k=v: --log-opt max-size=10m -> {"max-size":"10m"} */
    K_ULIMIT,  /* --default-ulimit nofile=100:200 -> {"nofile":{"Name":..,"Soft":..,"Hard":..}} */
    K_RUNTIME, /* --add-runtime name=path -> {"name":{"path":path}} */
    K_CONFIG_FILE, /* --config-file: where daemon.json is, not a setting */
} flag_kind;

/* dockerd flags (moby cmd/dockerd/config*.go) and their daemon.json keys. Only flags whose
 * value matters to a check or to `drydock harden` need to be exact; the rest are listed
 * so they are not reported as unknown and so their values are not mistaken for flags. */
static const struct flag_def {
    const char *name;
    char shorthand;
    const char *key;
    flag_kind kind;
} flag_defs[] = {
    {"host", 'H', "hosts", K_LIST},
    {"icc", 0, "icc", K_BOOL},
    {"userns-remap", 0, "userns-remap", K_STRING},
    {"cgroup-parent", 0, "cgroup-parent", K_STRING},
    {"log-level", 'l', "log-level", K_STRING},
    {"debug", 'D', "debug", K_BOOL},
    {"tls", 0, "tls", K_BOOL},
    {"tlsverify", 0, "tlsverify", K_BOOL},
    {"tlscacert", 0, "tlscacert", K_STRING},
    {"tlscert", 0, "tlscert", K_STRING},
    {"tlskey", 0, "tlskey", K_STRING},
    {"live-restore", 0, "live-restore", K_BOOL},
    {"userland-proxy", 0, "userland-proxy", K_BOOL},
    {"userland-proxy-path", 0, "userland-proxy-path", K_STRING},
    {"no-new-privileges", 0, "no-new-privileges", K_BOOL},
    {"seccomp-profile", 0, "seccomp-profile", K_STRING},
    {"authorization-plugin", 0, "authorization-plugins", K_LIST},
    {"insecure-registry", 0, "insecure-registries", K_LIST},
    {"registry-mirror", 0, "registry-mirrors", K_LIST},
    {"default-ulimit", 0, "default-ulimits", K_ULIMIT},
    {"storage-driver", 's', "storage-driver", K_STRING},
    {"storage-opt", 0, "storage-opts", K_LIST},
    {"experimental", 0, "experimental", K_BOOL},
    {"iptables", 0, "iptables", K_BOOL},
    {"ip6tables", 0, "ip6tables", K_BOOL},
    {"ip-forward", 0, "ip-forward", K_BOOL},
    {"ip-masq", 0, "ip-masq", K_BOOL},
    {"ipv6", 0, "ipv6", K_BOOL},
    {"ip", 0, "ip", K_STRING},
    {"bip", 0, "bip", K_STRING},
    {"bridge", 'b', "bridge", K_STRING},
    {"fixed-cidr", 0, "fixed-cidr", K_STRING},
    {"fixed-cidr-v6", 0, "fixed-cidr-v6", K_STRING},
    {"default-gateway", 0, "default-gateway", K_STRING},
    {"default-gateway-v6", 0, "default-gateway-v6", K_STRING},
    {"default-address-pool", 0, "default-address-pools", K_LIST},
    {"mtu", 0, "mtu", K_INT},
    {"log-driver", 0, "log-driver", K_STRING},
    {"log-opt", 0, "log-opts", K_MAP},
    {"log-format", 0, "log-format", K_STRING},
    {"raw-logs", 0, "raw-logs", K_BOOL},
    {"selinux-enabled", 0, "selinux-enabled", K_BOOL},
    {"data-root", 0, "data-root", K_STRING},
    {"graph", 'g', "graph", K_STRING},
    {"exec-root", 0, "exec-root", K_STRING},
    {"exec-opt", 0, "exec-opts", K_LIST},
    {"pidfile", 'p', "pidfile", K_STRING},
    {"group", 'G', "group", K_STRING},
    {"containerd", 0, "containerd", K_STRING},
    {"containerd-namespace", 0, "containerd-namespace", K_STRING},
    {"containerd-plugins-namespace", 0, "containerd-plugins-namespace", K_STRING},
    {"default-runtime", 0, "default-runtime", K_STRING},
    {"add-runtime", 0, "runtimes", K_RUNTIME},
    {"init", 0, "init", K_BOOL},
    {"init-path", 0, "init-path", K_STRING},
    {"label", 0, "labels", K_LIST},
    {"dns", 0, "dns", K_LIST},
    {"dns-opt", 0, "dns-opts", K_LIST},
    {"dns-search", 0, "dns-search", K_LIST},
    {"max-concurrent-downloads", 0, "max-concurrent-downloads", K_INT},
    {"max-concurrent-uploads", 0, "max-concurrent-uploads", K_INT},
    {"max-download-attempts", 0, "max-download-attempts", K_INT},
    {"shutdown-timeout", 0, "shutdown-timeout", K_INT},
    {"oom-score-adjust", 0, "oom-score-adjust", K_INT},
    {"metrics-addr", 0, "metrics-addr", K_STRING},
    {"default-shm-size", 0, "default-shm-size", K_STRING},
    {"default-ipc-mode", 0, "default-ipc-mode", K_STRING},
    {"default-cgroupns-mode", 0, "default-cgroupns-mode", K_STRING},
    {"cpu-rt-period", 0, "cpu-rt-period", K_INT},
    {"cpu-rt-runtime", 0, "cpu-rt-runtime", K_INT},
    {"node-generic-resource", 0, "node-generic-resources", K_LIST},
    {"cluster-store", 0, "cluster-store", K_STRING},
    {"cluster-advertise", 0, "cluster-advertise", K_STRING},
    {"swarm-default-advertise-addr", 0, "swarm-default-advertise-addr", K_STRING},
    {"allow-nondistributable-artifacts", 0, "allow-nondistributable-artifacts", K_LIST},
    {"rootless", 0, "rootless", K_BOOL},
    {"no-legacy-registry", 0, "no-legacy-registry", K_BOOL},
    {"validate", 0, NULL, K_BOOL},
    {"config-file", 0, NULL, K_CONFIG_FILE},
};

static const struct flag_def *flag_by_name(const char *name, size_t n)
{
    for (size_t i = 0; i < DD_ARRAY_LEN(flag_defs); i++)
        if (strlen(flag_defs[i].name) == n && strncmp(flag_defs[i].name, name, n) == 0)
            return &flag_defs[i];
    return NULL;
}

static const struct flag_def *flag_by_short(char c)
{
    for (size_t i = 0; i < DD_ARRAY_LEN(flag_defs); i++)
        if (flag_defs[i].shorthand == c)
            return &flag_defs[i];
    return NULL;
}

const char *dd_daemon_flag_name(const char *key)
{
    for (size_t i = 0; i < DD_ARRAY_LEN(flag_defs); i++)
        if (flag_defs[i].key && strcmp(flag_defs[i].key, key) == 0)
            return flag_defs[i].name;
    return NULL;
}

const char *dd_cfg_source_name(dd_cfg_source s)
{
    switch (s) {
    case DD_CFG_FLAG:
        return "command line";
    case DD_CFG_FILE:
        return "daemon.json";
    default:
        return "default";
    }
}

dd_daemon_config *dd_daemon_config_new(void)
{
    dd_daemon_config *d = dd_xcalloc(1, sizeof *d);
    d->flags = json_object();
    d->unknown_flags = json_array();
    d->conflicts = json_array();
    d->file_lines = json_object();
    return d;
}

void dd_daemon_config_free(dd_daemon_config *d)
{
    if (!d)
        return;
    free(d->args_source);
    free(d->config_file);
    free(d->file);
    json_decref(d->flags);
    json_decref(d->unknown_flags);
    json_decref(d->file_json);
    json_decref(d->file_lines);
    json_decref(d->conflicts);
    free(d);
}

/* Go's strconv.ParseBool, which pflag uses for boolean flags. */
static int parse_bool(const char *s)
{
    static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
    static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
    for (size_t i = 0; i < DD_ARRAY_LEN(t); i++) {
        if (strcmp(s, t[i]) == 0)
            return 1;
        if (strcmp(s, f[i]) == 0)
            return 0;
    }
    return -1;
}

static json_t *int_or_string(const char *s)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*s && end && *end == '\0' && errno == 0)
        return json_integer(v);
    return json_string(s);
}

/* "nofile=100:200" -> {"Name":"nofile","Soft":100,"Hard":200}; "nproc=1024" has soft=hard. */
static json_t *parse_ulimit(const char *val, char **name_out)
{
    const char *eq = strchr(val, '=');
    if (!eq || eq == val)
        return NULL;
    *name_out = dd_xstrndup(val, (size_t)(eq - val));
    const char *lim = eq + 1;
    const char *colon = strchr(lim, ':');
    _cleanup_free_ char *soft = colon ? dd_xstrndup(lim, (size_t)(colon - lim)) : dd_xstrdup(lim);
    const char *hard = colon ? colon + 1 : lim;
    return json_pack("{s:s, s:o, s:o}", "Name", *name_out, "Soft", int_or_string(soft), "Hard",
                     int_or_string(hard));
}

static void set_flag(dd_daemon_config *d, const struct flag_def *def, const char *val)
{
    json_t *cur = json_object_get(d->flags, def->key);
    switch (def->kind) {
    case K_BOOL: {
        int b = val ? parse_bool(val) : 1;
        /* A value dockerd would reject is kept as text for the check to report. */
        json_object_set_new(d->flags, def->key, b < 0 ? json_string(val) : json_boolean(b));
        break;
    }
    case K_STRING:
        json_object_set_new(d->flags, def->key, json_string(val ? val : ""));
        break;
    case K_INT:
        json_object_set_new(d->flags, def->key, int_or_string(val ? val : ""));
        break;
    case K_LIST:
        if (!json_is_array(cur)) {
            cur = json_array();
            json_object_set_new(d->flags, def->key, cur);
        }
        json_array_append_new(cur, json_string(val ? val : ""));
        break;
    case K_MAP:
    case K_ULIMIT:
    case K_RUNTIME: {
        if (!json_is_object(cur)) {
            cur = json_object();
            json_object_set_new(d->flags, def->key, cur);
        }
        if (!val)
            break;
        const char *eq = strchr(val, '=');
        if (def->kind == K_ULIMIT) {
            _cleanup_free_ char *name = NULL;
            json_t *u = parse_ulimit(val, &name);
            if (u)
                json_object_set_new(cur, name, u);
            else
                json_object_set_new(cur, val, json_string(val));
        } else if (!eq) {
            json_object_set_new(cur, val, json_string(""));
        } else {
            _cleanup_free_ char *k = dd_xstrndup(val, (size_t)(eq - val));
            if (def->kind == K_RUNTIME)
                json_object_set_new(cur, k, json_pack("{s:s}", "path", eq + 1));
            else
                json_object_set_new(cur, k, json_string(eq + 1));
        }
        break;
    }
    case K_CONFIG_FILE:
        free(d->config_file);
        d->config_file = dd_xstrdup(val ? val : "");
        break;
    }
}

void dd_daemon_config_set_args(dd_daemon_config *d, int argc, const char *const *argv,
                               const char *source)
{
    d->have_args = true;
    free(d->args_source);
    d->args_source = dd_xstrdup(source);
    json_object_clear(d->flags);
    json_array_clear(d->unknown_flags);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!a || a[0] != '-' || a[1] == '\0')
            continue; /* dockerd takes no positional arguments; ignore stray words */
        if (strcmp(a, "--") == 0)
            break;
        const struct flag_def *def = NULL;
        const char *val = NULL;
        bool inline_val = false;
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            def = flag_by_name(name, n);
            if (eq) {
                val = eq + 1;
                inline_val = true;
            }
        } else {
            def = flag_by_short(a[1]);
            if (a[2] != '\0') {
                /* -Hvalue or -H=value, as pflag accepts */
                val = a[2] == '=' ? a + 3 : a + 2;
                inline_val = true;
            }
        }
        if (!def) {
            json_array_append_new(d->unknown_flags, json_string(a));
            continue;
        }
        if (def->kind != K_BOOL && !inline_val) {
            if (i + 1 < argc)
                val = argv[++i];
            else
                val = NULL; /* dangling flag: dockerd would refuse; keep an empty value */
        }
        if (def->key || def->kind == K_CONFIG_FILE)
            set_flag(d, def, val);
    }
}

/* Record the line of each top-level key so findings can point into daemon.json.
 * jansson does not keep positions, and the text already parsed, so a small scanner that
 * tracks strings and nesting depth is enough. */
static void scan_key_lines(json_t *lines, const char *text, size_t len)
{
    int line = 1, depth = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\n') {
            line++;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == '"') {
            size_t start = ++i;
            int start_line = line;
            while (i < len && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < len)
                    i++;
                else if (text[i] == '\n')
                    line++;
                i++;
            }
            if (i >= len)
                return;
            if (depth != 1)
                continue;
            size_t j = i + 1;
            while (j < len &&
                   (text[j] == ' ' || text[j] == '\t' || text[j] == '\r' || text[j] == '\n'))
                j++;
            if (j < len && text[j] == ':') {
                /* Escapes in keys are rare in daemon.json; a key with one simply gets no
                 * line number. */
                _cleanup_free_ char *k = dd_xstrndup(text + start, i - start);
                if (!json_object_get(lines, k))
                    json_object_set_new(lines, k, json_integer(start_line));
            }
        }
    }
}

void dd_daemon_config_load_json(dd_daemon_config *d, const char *display, const char *text,
                                size_t len)
{
    free(d->file);
    d->file = dd_xstrdup(display);
    d->file_exists = true;
    d->file_malformed = false;
    d->file_error[0] = '\0';
    json_decref(d->file_json);
    d->file_json = NULL;
    json_object_clear(d->file_lines);

    json_error_t err;
    json_t *j = json_loadb(text, len, 0, &err);
    if (!j) {
        d->file_malformed = true;
        d->file_line = err.line > 0 ? err.line : 1;
        d->file_column = err.column > 0 ? err.column : 1;
        snprintf(d->file_error, sizeof d->file_error, "%s:%d:%d: %s", display, d->file_line,
                 d->file_column, err.text);
        return;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        d->file_malformed = true;
        d->file_line = 1;
        d->file_column = 1;
        snprintf(d->file_error, sizeof d->file_error,
                 "%s:1:1: the configuration must be a JSON object", display);
        return;
    }
    d->file_json = j;
    scan_key_lines(d->file_lines, text, len);
}

void dd_daemon_config_read_file(dd_daemon_config *d, const char *display, int root,
                                const char *path)
{
    free(d->file);
    d->file = dd_xstrdup(display);
    d->file_exists = false;
    d->file_errno = 0;
    d->file_malformed = false;
    d->file_error[0] = '\0';
    _cleanup_buf_ dd_buf b = DD_BUF_INIT;
    int rc = root >= 0 ? dd_rootfile_read(root, path, DD_RF_IN_ROOT, DD_DAEMON_JSON_MAX, &b)
                       : dd_buf_read_file(&b, path, DD_DAEMON_JSON_MAX);
    if (rc < 0) {
        int err = errno;
        if (err == ENOENT || err == ENOTDIR)
            return;
        d->file_exists = true;
        if (err == EFBIG) {
            d->file_malformed = true;
            d->file_line = 1;
            d->file_column = 1;
            snprintf(d->file_error, sizeof d->file_error,
                     "%s:1:1: larger than %d bytes, not a daemon configuration", display,
                     DD_DAEMON_JSON_MAX);
            return;
        }
        d->file_errno = err;
        snprintf(d->file_error, sizeof d->file_error, "%s: cannot read: %s", display,
                 dd_file_strerror(err));
        return;
    }
    dd_daemon_config_load_json(d, display, b.data ? b.data : "", b.len);
}

void dd_daemon_config_merge(dd_daemon_config *d)
{
    json_array_clear(d->conflicts);
    if (!d->file_json)
        return;
    const char *key;
    json_t *v;
    json_object_foreach(d->flags, key, v)
    {
        (void)v;
        if (json_object_get(d->file_json, key))
            json_array_append_new(d->conflicts, json_string(key));
    }
}

dd_setting dd_daemon_get(const dd_daemon_config *d, const char *key)
{
    dd_setting s = {.key = key};
    if (!d)
        return s;
    const json_t *fv = json_object_get(d->flags, key);
    const json_t *jv = d->file_json ? json_object_get(d->file_json, key) : NULL;
    if (fv) {
        s.value = fv;
        s.source = DD_CFG_FLAG;
        if (jv) {
            s.conflict = true;
            s.file_value = jv;
            s.line = (int)json_integer_value(json_object_get(d->file_lines, key));
        }
    } else if (jv) {
        s.value = jv;
        s.source = DD_CFG_FILE;
        s.line = (int)json_integer_value(json_object_get(d->file_lines, key));
    }
    return s;
}

int dd_daemon_bool(const dd_daemon_config *d, const char *key, dd_setting *out)
{
    dd_setting s = dd_daemon_get(d, key);
    if (out)
        *out = s;
    if (!s.value)
        return -1;
    if (!json_is_boolean(s.value))
        return -2;
    return json_is_true(s.value) ? 1 : 0;
}

const char *dd_daemon_string(const dd_daemon_config *d, const char *key, dd_setting *out)
{
    dd_setting s = dd_daemon_get(d, key);
    if (out)
        *out = s;
    return json_is_string(s.value) ? json_string_value(s.value) : NULL;
}

bool dd_daemon_config_ok(const dd_daemon_config *d)
{
    return d && !d->file_malformed && d->file_errno == 0;
}

char *dd_json_short(const json_t *v)
{
    if (!v)
        return dd_xstrdup("(unset)");
    if (json_is_string(v))
        return dd_xstrdup(json_string_value(v));
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!s)
        return dd_xstrdup("?");
    /* json_dumps uses malloc; hand back a copy from our allocator family for one free(). */
    return s;
}

char *dd_setting_describe(const dd_daemon_config *d, const dd_setting *s)
{
    if (!s->value)
        return dd_xasprintf("%s not set (dockerd's default applies)", s->key);
    _cleanup_free_ char *v = dd_json_short(s->value);
    if (s->source == DD_CFG_FLAG) {
        const char *flag = dd_daemon_flag_name(s->key);
        const char *src = d && d->args_source ? d->args_source : "the dockerd command line";
        return dd_xasprintf("--%s=%s on the dockerd command line (%s)", flag ? flag : s->key, v,
                            src);
    }
    const char *file = d && d->file ? d->file : "daemon.json";
    if (s->line > 0)
        return dd_xasprintf("\"%s\": %s in %s:%d", s->key, v, file, s->line);
    return dd_xasprintf("\"%s\": %s in %s", s->key, v, file);
}
