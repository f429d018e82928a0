/* Untrusted host input of `drydock bench`: daemon.json, a dockerd command line (NUL
 * separated, as in /proc/PID/cmdline), audit rules and systemd ExecStart lines. The first
 * byte picks which parser gets the rest. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bench/daemon_config.h"
#include "bench/host.h"
#include "core/mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t which = data[0] % 4;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    char *s = dd_xstrndup(text, len); /* NUL-terminated copy (stops at an embedded NUL) */

    if (which == 0) {
        dd_daemon_config *d = dd_daemon_config_new();
        dd_daemon_config_load_json(d, "daemon.json", text, len);
        dd_daemon_config_merge(d);
        dd_setting st = dd_daemon_get(d, "hosts");
        char *desc = dd_setting_describe(d, &st);
        free(desc);
        (void)dd_daemon_bool(d, "icc", NULL);
        dd_daemon_config_free(d);
    } else if (which == 1) {
        /* argv from NUL-separated words */
        const char *argv[256];
        int argc = 0;
        argv[argc++] = "dockerd";
        for (size_t i = 0; i < len && argc < 255;) {
            size_t l = strnlen(text + i, len - i);
            argv[argc++] = dd_xstrndup(text + i, l);
            i += l + 1;
        }
        dd_daemon_config *d = dd_daemon_config_new();
        dd_daemon_config_set_args(d, argc, argv, "fuzz");
        static const char file[] = "{\"icc\": true, \"hosts\": []}";
        dd_daemon_config_load_json(d, "daemon.json", file, sizeof file - 1);
        dd_daemon_config_merge(d);
        dd_daemon_config_free(d);
        for (int i = 1; i < argc; i++)
            free((char *)argv[i]);
    } else if (which == 2) {
        dd_host_facts h;
        memset(&h, 0, sizeof h);
        h.root = (char *)"/nonexistent-fuzz-root";
        h.rootfd = -1;
        dd_host_parse_audit_rules(&h, text, len, "rules", false);
        (void)dd_host_audit_find(&h, "/etc/docker", NULL, false);
        for (size_t i = 0; i < h.naudit; i++) {
            free(h.audit[i].path);
            free(h.audit[i].resolved);
            free(h.audit[i].origin);
        }
        free(h.audit);
    } else {
        char **argv = NULL;
        dd_split_exec(s, &argv);
        dd_strv_free(argv);
    }
    free(s);
    return 0;
}
