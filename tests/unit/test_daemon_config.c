/* The dockerd command line merged with daemon.json: flag forms, key mapping, conflicts,
 * malformed files with line numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/daemon_config.h"
#include "core/rootfile.h"
#include "tap.h"

#define ARGV(...)        ((const char *const[]){"dockerd", __VA_ARGS__})
#define ARGC(...)        ((int)(sizeof((const char *const[]){"dockerd", __VA_ARGS__}) / sizeof(char *)))
#define SET_ARGS(d, ...) dd_daemon_config_set_args(d, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), "test")

static void load(dd_daemon_config *d, const char *text)
{
    dd_daemon_config_load_json(d, "/root/etc/docker/daemon.json", text, strlen(text));
    dd_daemon_config_merge(d);
}

static void test_flag_forms(void)
{
    dd_daemon_config *d = dd_daemon_config_new();
    SET_ARGS(d, "-H", "fd://", "--host=tcp://0.0.0.0:2375", "-Hunix:///run/x.sock",
             "-H=tcp://[::]:2376", "--icc=false", "--live-restore", "--userns-remap", "default",
             "--log-level=debug", "--insecure-registry", "reg:5000",
             "--insecure-registry=other:5000", "--default-ulimit", "nofile=100:200", "--log-opt",
             "max-size=10m", "--tlsverify", "--experimental=false", "--no-new-privileges=1",
             "--bogus-flag", "--storage-opt", "dm.basesize=20G", "--config-file",
             "/etc/docker/alt.json", "-D");
    dd_daemon_config_merge(d);

    dd_setting s = dd_daemon_get(d, "hosts");
    CHECK_INT(s.source, DD_CFG_FLAG);
    CHECK(json_is_array(s.value));
    CHECK_INT(json_array_size(s.value), 4);
    CHECK_STR(json_string_value(json_array_get(s.value, 0)), "fd://");
    CHECK_STR(json_string_value(json_array_get(s.value, 1)), "tcp://0.0.0.0:2375");
    CHECK_STR(json_string_value(json_array_get(s.value, 2)), "unix:///run/x.sock");
    CHECK_STR(json_string_value(json_array_get(s.value, 3)), "tcp://[::]:2376");

    CHECK_INT(dd_daemon_bool(d, "icc", NULL), 0);
    CHECK_INT(dd_daemon_bool(d, "live-restore", NULL), 1);
    CHECK_INT(dd_daemon_bool(d, "tlsverify", NULL), 1);
    CHECK_INT(dd_daemon_bool(d, "experimental", NULL), 0);
    CHECK_INT(dd_daemon_bool(d, "no-new-privileges", NULL), 1);
    CHECK_INT(dd_daemon_bool(d, "debug", NULL), 1);
    CHECK_INT(dd_daemon_bool(d, "userland-proxy", NULL), -1);
    CHECK_STR(dd_daemon_string(d, "userns-remap", NULL), "default");
    CHECK_STR(dd_daemon_string(d, "log-level", NULL), "debug");

    s = dd_daemon_get(d, "insecure-registries");
    CHECK_INT(json_array_size(s.value), 2);
    CHECK_STR(json_string_value(json_array_get(s.value, 1)), "other:5000");

    s = dd_daemon_get(d, "default-ulimits");
    const json_t *nofile = json_object_get(s.value, "nofile");
    CHECK_INT(json_integer_value(json_object_get(nofile, "Soft")), 100);
    CHECK_INT(json_integer_value(json_object_get(nofile, "Hard")), 200);
    CHECK_STR(json_string_value(json_object_get(nofile, "Name")), "nofile");

    s = dd_daemon_get(d, "log-opts");
    CHECK_STR(json_string_value(json_object_get(s.value, "max-size")), "10m");
    s = dd_daemon_get(d, "storage-opts");
    CHECK_STR(json_string_value(json_array_get(s.value, 0)), "dm.basesize=20G");

    CHECK_STR(d->config_file, "/etc/docker/alt.json");
    CHECK_INT(json_array_size(d->unknown_flags), 1);
    CHECK_STR(json_string_value(json_array_get(d->unknown_flags, 0)), "--bogus-flag");
    /* Nothing in the file: no conflicts. */
    CHECK_INT(json_array_size(d->conflicts), 0);
    dd_daemon_config_free(d);
}

static void test_bool_does_not_eat_next_word(void)
{
    /* pflag: a bare boolean never consumes the next argument, so "--icc false" means icc
     * is true and "false" is a stray word. */
    dd_daemon_config *d = dd_daemon_config_new();
    SET_ARGS(d, "--icc", "false", "--selinux-enabled", "-l", "info");
    CHECK_INT(dd_daemon_bool(d, "icc", NULL), 1);
    CHECK_INT(dd_daemon_bool(d, "selinux-enabled", NULL), 1);
    CHECK_STR(dd_daemon_string(d, "log-level", NULL), "info");
    /* A value dockerd would reject is kept as text. */
    SET_ARGS(d, "--icc=nope");
    CHECK_INT(dd_daemon_bool(d, "icc", NULL), -2);
    /* Last one wins for plain values. */
    SET_ARGS(d, "--log-level", "debug", "--log-level=warn", "--iptables=false", "--iptables=true");
    CHECK_STR(dd_daemon_string(d, "log-level", NULL), "warn");
    CHECK_INT(dd_daemon_bool(d, "iptables", NULL), 1);
    /* A dangling value flag at the end does not crash and yields an empty string. */
    SET_ARGS(d, "--cgroup-parent");
    CHECK_STR(dd_daemon_string(d, "cgroup-parent", NULL), "");
    dd_daemon_config_free(d);
}

static void test_file_and_merge(void)
{
    dd_daemon_config *d = dd_daemon_config_new();
    SET_ARGS(d, "-H", "fd://", "--icc=false", "--containerd=/run/containerd/containerd.sock");
    load(d, "{\n"
            "  \"icc\": true,\n"
            "  \"log-driver\": \"syslog\",\n"
            "  \"log-opts\": {\"tag\": \"x\", \"icc\": 1},\n"
            "  \"hosts\": [\"tcp://0.0.0.0:2376\"],\n"
            "  \"tlsverify\": true\n"
            "}\n");
    CHECK(dd_daemon_config_ok(d));
    CHECK(d->file_exists);

    /* Settings only in the file come from the file, with their line. */
    dd_setting s;
    CHECK_STR(dd_daemon_string(d, "log-driver", &s), "syslog");
    CHECK_INT(s.source, DD_CFG_FILE);
    CHECK_INT(s.line, 3);
    CHECK(!s.conflict);
    CHECK_INT(dd_daemon_bool(d, "tlsverify", &s), 1);
    CHECK_INT(s.line, 6);

    /* Set in both: a conflict, the value is the command line's (what dockerd runs with). */
    CHECK_INT(dd_daemon_bool(d, "icc", &s), 0);
    CHECK_INT(s.source, DD_CFG_FLAG);
    CHECK(s.conflict);
    CHECK(json_is_true(s.file_value));
    CHECK_INT(s.line, 2);
    s = dd_daemon_get(d, "hosts");
    CHECK(s.conflict);
    CHECK_INT(s.line, 5);

    /* The nested "icc" inside log-opts is not a top-level key: only icc and hosts. */
    CHECK_INT(json_array_size(d->conflicts), 2);
    int seen_icc = 0, seen_hosts = 0;
    size_t i;
    json_t *k;
    json_array_foreach(d->conflicts, i, k)
    {
        seen_icc += strcmp(json_string_value(k), "icc") == 0;
        seen_hosts += strcmp(json_string_value(k), "hosts") == 0;
    }
    CHECK_INT(seen_icc, 1);
    CHECK_INT(seen_hosts, 1);

    /* Unset anywhere. */
    s = dd_daemon_get(d, "userns-remap");
    CHECK(s.value == NULL);
    CHECK_INT(s.source, DD_CFG_UNSET);

    char *desc =
        dd_setting_describe(d, &(dd_setting){.key = "log-driver",
                                             .value = json_object_get(d->file_json, "log-driver"),
                                             .source = DD_CFG_FILE,
                                             .line = 3});
    CHECK_STR(desc, "\"log-driver\": syslog in /root/etc/docker/daemon.json:3");
    free(desc);
    s = dd_daemon_get(d, "icc");
    desc = dd_setting_describe(d, &s);
    CHECK_STR(desc, "--icc=false on the dockerd command line (test)");
    free(desc);
    dd_daemon_config_free(d);
}

static void test_malformed(void)
{
    dd_daemon_config *d = dd_daemon_config_new();
    load(d, "{\n"
            "  \"icc\": false,\n"
            "  \"log-level\": \"info\"\n"
            "  \"live-restore\": true\n"
            "}\n");
    CHECK(!dd_daemon_config_ok(d));
    CHECK(d->file_malformed);
    CHECK_INT(d->file_line, 4);
    CHECK(strncmp(d->file_error, "/root/etc/docker/daemon.json:4:", 31) == 0);
    CHECK(d->file_json == NULL);
    CHECK(dd_daemon_get(d, "icc").value == NULL);

    /* A trailing comma, as people write by hand. */
    load(d, "{\n  \"icc\": false,\n}\n");
    CHECK(d->file_malformed);
    CHECK_INT(d->file_line, 3);

    /* Valid JSON that is not an object. */
    load(d, "[\"icc\"]");
    CHECK(d->file_malformed);
    CHECK(strstr(d->file_error, "must be a JSON object") != NULL);

    /* Empty file. */
    load(d, "");
    CHECK(d->file_malformed);
    CHECK_INT(d->file_line, 1);

    /* A good file afterwards clears the error. */
    load(d, "{\"icc\": false}");
    CHECK(dd_daemon_config_ok(d));
    CHECK_INT(dd_daemon_bool(d, "icc", NULL), 0);

    /* Missing file: not malformed, not existing. */
    dd_daemon_config_read_file(d, "/nonexistent/daemon.json", -1, "/nonexistent/daemon.json");
    CHECK(!d->file_exists);
    CHECK(dd_daemon_config_ok(d));

    /* A FIFO where daemon.json is expected is an error at once, never a blocked open. */
    char dir[] = "/tmp/dd-daemon-json.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char fifo[64];
    snprintf(fifo, sizeof fifo, "%s/daemon.json", dir);
    CHECK_INT(mkfifo(fifo, 0644), 0);
    dd_daemon_config_read_file(d, fifo, -1, fifo);
    CHECK(!dd_daemon_config_ok(d));
    CHECK(strstr(d->file_error, "not a regular file") != NULL);
    int root = dd_rootfile_dir(dir);
    dd_daemon_config_read_file(d, "daemon.json", root, "/daemon.json");
    CHECK(strstr(d->file_error, "daemon.json: cannot read: not a regular file") != NULL);
    close(root);
    unlink(fifo);
    rmdir(dir);
    dd_daemon_config_free(d);
}

static void test_key_lines(void)
{
    dd_daemon_config *d = dd_daemon_config_new();
    load(d, "{\"a\": {\"b\": [1, {\"c\": 2}]},\n"
            "\"str\": \"with \\\" quote and : colon\",\n"
            "\n"
            "  \"userns-remap\"\n   : \"default\"}");
    CHECK(dd_daemon_config_ok(d));
    CHECK_INT(json_integer_value(json_object_get(d->file_lines, "a")), 1);
    CHECK_INT(json_integer_value(json_object_get(d->file_lines, "str")), 2);
    CHECK_INT(json_integer_value(json_object_get(d->file_lines, "userns-remap")), 4);
    CHECK(json_object_get(d->file_lines, "b") == NULL);
    CHECK(json_object_get(d->file_lines, "c") == NULL);
    dd_daemon_config_free(d);
}

int main(void)
{
    test_flag_forms();
    test_bool_does_not_eat_next_word();
    test_file_and_merge();
    test_malformed();
    test_key_lines();
    return dd_test_done();
}
