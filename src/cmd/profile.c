/* `drydock profile`: record what a container does and write the tightest settings that
 * still let it run; `verify` runs it again under them; `compare` counts a seccomp profile
 * against Docker's default; `--merge` combines recordings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "inside/caps.h"
#include "profile/output.h"
#include "profile/profile.h"
#include "profile/recorder.h"

const char cmd_profile_help[] =
    "Usage: drydock profile CONTAINER [--duration 60s] [OPTIONS]\n"
    "       drydock profile CONTAINER --exec [OPTIONS] -- CMD [ARGS...]\n"
    "       drydock profile --run [OPTIONS] -- DOCKER-RUN-ARGS...\n"
    "       drydock profile verify PROFILE [OPTIONS] -- DOCKER-RUN-ARGS...\n"
    "       drydock profile --merge PROFILE... [OPTIONS]\n"
    "       drydock profile compare SECCOMP.json [--cap-add CAP,...]\n\n"
    "Record what a container really does with the eBPF sensor of 'drydock watch' (every\n"
    "system call at sys_exit, capability checks granted and refused, programs run, ports\n"
    "bound, uids, files written, peak pids, memory and CPU from its cgroup) and write the\n"
    "tightest settings that still let it run: a Docker/OCI seccomp profile (default\n"
    "SCMP_ACT_ERRNO, clone3 answering ENOSYS, clone/socket/personality argument filters),\n"
    "cap_drop ALL plus the capabilities it used, a read-only root with a tmpfs for each\n"
    "place it wrote, the user when root was never needed, no-new-privileges, pids, memory\n"
    "and CPU limits at twice the peak, and an AppArmor profile checked with\n"
    "apparmor_parser -Q -K (where the kernel has no AppArmor it cannot be enforced, and\n"
    "drydock says so). With --run the container is started and recorded from runc's\n"
    "handover (the first exec of runc:[2:INIT]); what runc itself still calls after it\n"
    "installed the filter is always allowed, or the container could not start.\n\n"
    "'verify' runs the workload under a profile and reports every denial (a system call\n"
    "refused by the new filter, a capability refused, a write to the read-only root) with\n"
    "its name and the process that made it.\n\n"
    "Options:\n"
    "      --duration D      how long to record (60s; ms, s, m); --run records until the\n"
    "                        container exits or D has passed\n"
    "      --run             start the container (docker run ARGS after --) and record it\n"
    "      --exec            run CMD in the running CONTAINER (docker exec) and record only\n"
    "                        it, from runc's handover until it exits or D has passed\n"
    "      --merge           combine the recordings in the PROFILE files given\n"
    "      --name NAME       the profile's name (AppArmor); default drydock-CONTAINER\n"
    "  -o, --output DIR      where the files go (default ./drydock-profile-CONTAINER)\n"
    "      --cap-add LIST    compare: the container's added capabilities\n"
    "  -f, --format FMT      text (default) or json\n" DD_ENGINE_HELP
    "  -h, --help            this help\n\n"
    "Exit status: 0 done (verify: no denial), 1 verify found denials, 2 usage error,\n"
    "3 could not record (no eBPF, daemon unreachable, bad profile file).\n";

enum {
    OPT_DURATION = DD_OPT_FIRST_CMD,
    OPT_RUN,
    OPT_EXEC,
    OPT_MERGE,
    OPT_NAME,
    OPT_CAP_ADD,
};

typedef struct profile_opts {
    double duration;
    bool run, exec, merge, json;
    const char *name, *dir, *cap_add;
    dd_engine_config engine;
} profile_opts;

/* "60s", "500ms", "2m", "90" (seconds). */
static int parse_duration(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v <= 0)
        return -1;
    if (strcmp(end, "ms") == 0)
        v /= 1000;
    else if (strcmp(end, "m") == 0)
        v *= 60;
    else if (*end && strcmp(end, "s") != 0)
        return -1;
    *out = v;
    return 0;
}

/* A profile argument is its directory or its profile.json. */
static char *profile_file(const char *arg)
{
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        return dd_xasprintf("%s/profile.json", arg);
    return dd_xstrdup(arg);
}

/* Build, write and print the profile of a recording. */
static int emit(const dd_recording *r, const profile_opts *o, dd_error *e)
{
    const char *who = r->container ? r->container : "merged";
    _cleanup_free_ char *name = o->name ? dd_xstrdup(o->name) : dd_xasprintf("drydock-%s", who);
    _cleanup_free_ char *dir =
        o->dir ? dd_xstrdup(o->dir) : dd_xasprintf("drydock-profile-%s", who);
    dd_profile p;
    if (dd_profile_build(r, name, &p, e) < 0)
        return -1;
    int ret = -1;
    _cleanup_free_ char *check = NULL;
    dd_error ae = {0};
    if (dd_apparmor_check(p.apparmor, &check, &ae) < 0 && !check) {
        *e = ae;
        goto out;
    }
    if (dd_profile_write_dir(&p, r, dir, e) < 0)
        goto out;
    if (o->json) {
        _cleanup_json_ json_t *j = dd_profile_to_json(&p, r);
        json_object_set_new(j, "apparmorCheck", json_string(check ? check : ""));
        _cleanup_free_ char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(s ? s : "{}");
    } else {
        dd_profile_print(stdout, &p, r, dir, check);
    }
    ret = DD_EXIT_OK;
out:
    dd_profile_free(&p);
    return ret;
}

static int do_merge(int argc, char **argv, const profile_opts *o, dd_error *e)
{
    if (argc == 0)
        return dd_error_set(e, DD_ERR_USAGE, 0, "--merge needs at least one PROFILE");
    dd_recording all;
    dd_recording_init(&all);
    for (int i = 0; i < argc; i++) {
        _cleanup_free_ char *path = profile_file(argv[i]);
        dd_recording one;
        if (dd_profile_read_file(path, &one, e) < 0) {
            dd_recording_free(&all);
            return -1;
        }
        dd_recording_merge(&all, &one);
        dd_recording_free(&one);
    }
    int rc = emit(&all, o, e);
    dd_recording_free(&all);
    return rc;
}

static int do_compare(int argc, char **argv, const profile_opts *o, dd_error *e)
{
    if (argc != 1)
        return dd_error_set(e, DD_ERR_USAGE, 0, "compare takes one seccomp profile");
    uint64_t caps = dd_cap_docker_default();
    if (o->cap_add) {
        _cleanup_free_ char *list = dd_xstrdup(o->cap_add);
        for (char *save = NULL, *t = strtok_r(list, ",", &save); t;
             t = strtok_r(NULL, ",", &save)) {
            int b = dd_cap_from_name(t);
            if (b < 0)
                return dd_error_set(e, DD_ERR_USAGE, 0, "unknown capability '%s'", t);
            caps |= 1ULL << b;
        }
    }
    dd_seccomp p;
    if (dd_seccomp_read_file(argv[0], &p, e) < 0)
        return -1;
    _cleanup_json_ json_t *j = dd_seccomp_compare_docker(&p, caps, e);
    dd_seccomp_free(&p);
    if (!j)
        return -1;
    if (o->json) {
        json_object_set_new(j, "file", json_string(argv[0]));
        _cleanup_free_ char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(s ? s : "{}");
        return DD_EXIT_OK;
    }
    printf("%s allows %lld system calls; Docker's default allows %lld for the same "
           "capabilities\n",
           argv[0], json_integer_value(json_object_get(j, "allowed")),
           json_integer_value(json_object_get(j, "dockerDefault")));
    const char *keys[] = {"onlyInProfile", "onlyInDockerDefault"};
    const char *labels[] = {"only in the profile", "only in Docker's default"};
    for (int k = 0; k < 2; k++) {
        json_t *a = json_object_get(j, keys[k]);
        printf("%s (%zu):", labels[k], json_array_size(a));
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v) printf(" %s", json_string_value(v));
        putchar('\n');
    }
    return DD_EXIT_OK;
}

const char cmd_profile_shortopts[] = "f:o:H:h";
const struct option cmd_profile_opts[] = {
    DD_CONFIG_LONGOPT,
    {"duration", required_argument, NULL, OPT_DURATION},
    {"run", no_argument, NULL, OPT_RUN},
    {"exec", no_argument, NULL, OPT_EXEC},
    {"merge", no_argument, NULL, OPT_MERGE},
    {"name", required_argument, NULL, OPT_NAME},
    {"output", required_argument, NULL, 'o'},
    {"cap-add", required_argument, NULL, OPT_CAP_ADD},
    {"format", required_argument, NULL, DD_OPT_FORMAT},
    {"help", no_argument, NULL, DD_OPT_HELP},
    DD_ENGINE_LONGOPTS,
    {NULL, 0, NULL, 0},
};

int cmd_profile(int argc, char **argv, dd_error *e)
{
    profile_opts o = {.duration = 60};
    /* Everything after "--" is docker's: our options are parsed before it only. */
    int dash = argc;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--") == 0) {
            dash = i;
            break;
        }
    char **docker_args = argv + (dash < argc ? dash + 1 : argc);
    int ndocker = dash < argc ? argc - dash - 1 : -1; /* -1: no "--" */
    int c;
    while ((c = getopt_long(dash, argv, cmd_profile_shortopts, cmd_profile_opts, NULL)) != -1) {
        switch (c) {
        case OPT_DURATION:
            if (parse_duration(optarg, &o.duration) < 0)
                return dd_error_set(e, DD_ERR_USAGE, 0,
                                    "--duration takes a time such as 60s, 500ms or 2m, not '%s'",
                                    optarg);
            break;
        case DD_OPT_CONFIG:
            break; /* read before the options were parsed (core/cliconf.h) */
        case OPT_RUN:
            o.run = true;
            break;
        case OPT_EXEC:
            o.exec = true;
            break;
        case OPT_MERGE:
            o.merge = true;
            break;
        case OPT_NAME:
            o.name = optarg;
            break;
        case 'o':
            o.dir = optarg;
            break;
        case OPT_CAP_ADD:
            o.cap_add = optarg;
            break;
        case DD_OPT_FORMAT:
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
                return dd_error_set(e, DD_ERR_USAGE, 0,
                                    "drydock profile prints text or json, not '%s'", optarg);
            o.json = strcmp(optarg, "json") == 0;
            break;
        case DD_OPT_HELP:
            fputs(cmd_profile_help, stdout);
            return DD_EXIT_OK;
        default:
            if (dd_cli_engine_opt(c, optarg, &o.engine))
                break;
            return dd_cli_usage_error(e, "profile");
        }
    }
    argc = dash - optind;
    argv += optind;
    if (o.merge)
        return do_merge(argc, argv, &o, e);
    if (argc > 0 && strcmp(argv[0], "compare") == 0)
        return do_compare(argc - 1, argv + 1, &o, e);

    dd_record_opts ro = {.duration = o.duration, .engine = &o.engine};
    dd_recording rec;
    if (argc > 0 && strcmp(argv[0], "verify") == 0) {
        if (argc != 2 || ndocker < 1)
            return dd_error_set(e, DD_ERR_USAGE, 0,
                                "usage: drydock profile verify PROFILE -- DOCKER-RUN-ARGS...");
        _cleanup_free_ char *path = profile_file(argv[1]);
        if (dd_profile_read_file(path, &rec, e) < 0)
            return -1;
        dd_profile_verdict v;
        int rc = dd_profile_verify(&rec, ndocker, docker_args, &ro, &v, e);
        dd_recording_free(&rec);
        if (rc < 0)
            return -1;
        dd_profile_verdict_print(stdout, &v, o.json);
        rc = v.ndenials ? DD_EXIT_FINDINGS : DD_EXIT_OK;
        dd_profile_verdict_free(&v);
        return rc;
    }
    if (o.run && o.exec)
        return dd_error_set(e, DD_ERR_USAGE, 0,
                            "--run starts a container, --exec uses one: not both");
    if (o.exec) {
        if (argc != 1 || ndocker < 1)
            return dd_error_set(
                e, DD_ERR_USAGE, 0,
                "usage: drydock profile CONTAINER --exec [OPTIONS] -- CMD [ARGS...]");
        if (dd_profile_record_exec(argv[0], ndocker, docker_args, &ro, &rec, e) < 0)
            return -1;
    } else if (o.run) {
        if (argc != 0 || ndocker < 1)
            return dd_error_set(e, DD_ERR_USAGE, 0,
                                "usage: drydock profile --run [OPTIONS] -- DOCKER-RUN-ARGS...");
        if (dd_profile_record_run(ndocker, docker_args, &ro, &rec, e) < 0)
            return -1;
    } else {
        if (argc != 1) {
            dd_error_set(e, DD_ERR_USAGE, 0, "drydock profile needs one CONTAINER (or --run)");
            return dd_error_hint(e, "see 'drydock profile --help'");
        }
        if (dd_profile_record_container(argv[0], &ro, &rec, e) < 0)
            return -1;
    }
    int rc = emit(&rec, &o, e);
    dd_recording_free(&rec);
    return rc;
}
