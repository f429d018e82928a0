/* src/profile without recording: the seccomp reader (good files and each kind of error,
 * naming the member), Docker's default as data (its conditions for this architecture),
 * the profile built from a recording (seccomp rules, capabilities, tmpfs, user, limits),
 * its docker run / compose / JSON forms, the profile file read back and merged, and the
 * AppArmor profile checked by apparmor_parser when it is installed. */
#include <seccomp.h>
#include <stdlib.h>
#include <unistd.h>

#include "inside/caps.h"
#include "profile/profile.h"
#include "profile/seccomp.h"
#include "tap.h"

static int parse(const char *text, dd_seccomp *p, dd_error *e)
{
    return dd_seccomp_parse(text, strlen(text), "t.json", p, e);
}

static void test_reader(void)
{
    dd_seccomp p;
    dd_error e = {0};
    CHECK_INT(parse("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
                    "\"action\":\"SCMP_ACT_ALLOW\",\"args\":null,\"includes\":{},"
                    "\"excludes\":{\"caps\":[\"CAP_SYS_ADMIN\"]}},{\"name\":\"write\","
                    "\"action\":\"SCMP_ACT_KILL\"}]}",
                    &p, &e),
              0);
    CHECK_INT(p.nrules, 2);
    CHECK_INT(p.rules[1].action, DD_SCMP_KILL_THREAD);
    CHECK_STR(p.rules[1].names.v[0], "write");
    CHECK_INT(p.default_errno, -1);
    dd_seccomp_free(&p);

    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"[1]", "t.json: (top): a seccomp profile is a JSON object"},
        {"{\"defaultAction\":\"SCMP_ACT_NOPE\"}", "t.json: defaultAction: unknown value"},
        {"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":"
         "\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":7,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
         "t.json: syscalls[0].args[0]: must be a non-negative integer in range"},
        {"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":"
         "\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_XX\"}]}]}",
         "t.json: syscalls[0].args[0].op: unknown value 'SCMP_CMP_XX'"},
        {"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"action\":\"SCMP_ACT_ALLOW\"}]}",
         "t.json: syscalls[0]: names a no system call"},
        {"{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"\"],\"action\":"
         "\"SCMP_ACT_ALLOW\"}]}",
         "t.json: syscalls[0].names: entries must be names of 1 to 64 characters"},
        {"{\"defaultAction\":", "t.json:1:"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dd_error_clear(&e);
        CHECK_INT(parse(bad[i].text, &p, &e), -1);
        CHECK_INT(e.kind, DD_ERR_INPUT);
        if (strncmp(e.msg, bad[i].msg, strlen(bad[i].msg)) != 0)
            fprintf(stderr, "error %zu: %s\n", i, e.msg);
        CHECK(strncmp(e.msg, bad[i].msg, strlen(bad[i].msg)) == 0);
    }
}

static bool allows(const dd_seccomp *p, uint64_t caps, const char *name)
{
    dd_names l = {0};
    dd_error e = {0};
    dd_seccomp_allowed(p, &(dd_seccomp_env){.caps = caps, .kernel_major = 6, .kernel_minor = 1}, &l,
                       &e);
    bool r = dd_names_bsearch(&l, name);
    dd_names_free(&l);
    return r;
}

static void test_docker_default(void)
{
    dd_seccomp d;
    dd_seccomp_docker_default(&d);
    uint64_t dflt = dd_cap_docker_default();
    uint64_t admin = dflt | (1ULL << dd_cap_from_name("SYS_ADMIN"));
    CHECK(allows(&d, dflt, "read"));
    CHECK(allows(&d, dflt, "clone"));   /* with its flag condition */
    CHECK(allows(&d, dflt, "socket"));  /* every family but AF_VSOCK */
    CHECK(allows(&d, dflt, "chroot"));  /* SYS_CHROOT is a default capability */
    CHECK(!allows(&d, dflt, "clone3")); /* ENOSYS */
    CHECK(!allows(&d, dflt, "mount"));
    CHECK(allows(&d, admin, "mount"));
    CHECK(allows(&d, admin, "clone3"));
    CHECK(!allows(&d, 0, "chroot"));
    CHECK(allows(&d, dflt, "arch_prctl")); /* amd64 only: this is amd64 */
    CHECK(!allows(&d, dflt, "s390_runtime_instr"));
    /* The writer's JSON reads back into the same rules. */
    json_t *j = dd_seccomp_to_json(&d);
    char *text = json_dumps(j, 0);
    dd_seccomp again;
    dd_error e = {0};
    CHECK_INT(dd_seccomp_parse(text, strlen(text), "again", &again, &e), 0);
    CHECK_INT(again.nrules, d.nrules);
    CHECK(allows(&again, admin, "mount"));
    CHECK(!allows(&again, dflt, "mount"));
    dd_seccomp_free(&again);
    free(text);
    json_decref(j);
    /* One call with its arguments, as the kernel would see it. */
    dd_seccomp_env env = {.caps = dflt};
    int err = -1;
    CHECK_INT(dd_seccomp_eval(&d, &env, "clone", (uint64_t[6]){0x10000000}, &err), DD_SCMP_ERRNO);
    CHECK_INT(err, 1);
    CHECK_INT(dd_seccomp_eval(&d, &env, "clone", (uint64_t[6]){0x3d0f00}, &err), DD_SCMP_ALLOW);
    CHECK_INT(dd_seccomp_eval(&d, &env, "socket", (uint64_t[6]){40}, &err), DD_SCMP_ERRNO);
    CHECK_INT(dd_seccomp_eval(&d, &env, "socket", (uint64_t[6]){2}, &err), DD_SCMP_ALLOW);
    CHECK_INT(dd_seccomp_eval(&d, &env, "clone3", (uint64_t[6]){0}, &err), DD_SCMP_ERRNO);
    CHECK_INT(err, 38);
    CHECK_INT(dd_seccomp_eval(&d, &env, "mount", (uint64_t[6]){0}, &err), DD_SCMP_ERRNO);
    env.caps = admin;
    CHECK_INT(dd_seccomp_eval(&d, &env, "mount", (uint64_t[6]){0}, &err), DD_SCMP_ALLOW);
    CHECK_INT(dd_seccomp_eval(&d, &env, "clone", (uint64_t[6]){0x10000000}, &err), DD_SCMP_ALLOW);
    json_t *cmp = dd_seccomp_compare_docker(&d, dflt, &e);
    CHECK_INT(json_array_size(json_object_get(cmp, "onlyInProfile")), 0);
    CHECK_INT(json_array_size(json_object_get(cmp, "onlyInDockerDefault")), 0);
    CHECK(json_integer_value(json_object_get(cmp, "allowed")) > 280);
    json_decref(cmp);
    dd_seccomp_free(&d);
}

static const char recording[] =
    "{\"recording\": {\"container\": \"web\", \"image\": \"busybox\", \"seconds\": 2.5,"
    " \"syscalls\": [\"read\", \"bind\", \"socket\", \"clone\", \"personality\", \"clone3\","
    "                \"not_a_syscall\"],"
    " \"runtimeSyscalls\": [\"fstatfs\"], \"socketFamilies\": [2, 1],"
    " \"personalities\": [\"0xffffffff\"], \"capabilitiesUsed\": [\"NET_BIND_SERVICE\"],"
    " \"changes\": [\"C /tmp\", \"A /tmp/a\", \"A /srv\", \"A /srv/d\", \"A /srv/d/f\","
    "               \"C /var\", \"C /var/log\", \"C /var/log/x\", \"C /etc\", \"C /etc/hosts\"],"
    " \"execs\": [\"/bin/busybox\", \"/bin/evil\\n  capability sys_admin,\"],"
    " \"uids\": [\"0\"], \"peakPids\": 3, \"peakMemory\": 50000000, \"peakCpus\": 0.26}}";

static const dd_scmp_rule *rule_for(const dd_seccomp *s, const char *name, size_t nth)
{
    for (size_t i = 0; i < s->nrules; i++)
        if (dd_names_has(&s->rules[i].names, name) && nth-- == 0)
            return &s->rules[i];
    return NULL;
}

static void test_build(void)
{
    dd_recording r;
    dd_error e = {0};
    CHECK_INT(dd_profile_parse(recording, strlen(recording), "web.json", &r, &e), 0);
    dd_profile p;
    CHECK_INT(dd_profile_build(&r, "drydock-web", &p, &e), 0);
    const dd_scmp_rule *allow = &p.seccomp.rules[0];
    CHECK(dd_names_has(&allow->names, "read"));
    CHECK(dd_names_has(&allow->names, "fstatfs")); /* runc's, recorded */
    CHECK(dd_names_has(&allow->names, "execve"));  /* runc's handover, always */
    CHECK(!dd_names_has(&allow->names, "not_a_syscall"));
    CHECK(!dd_names_has(&allow->names, "clone")); /* only with its flag condition */
    const dd_scmp_rule *c = rule_for(&p.seccomp, "clone", 0);
    CHECK(c && c->nargs == 1 && c->args[0].op == DD_SCMP_CMP_MASKED_EQ &&
          c->args[0].value == 0x7E020000);
    const dd_scmp_rule *c3 = rule_for(&p.seccomp, "clone3", 0);
    CHECK(c3 && c3->action == DD_SCMP_ERRNO && c3->errno_ret == 38);
    const dd_scmp_rule *s0 = rule_for(&p.seccomp, "socket", 0),
                       *s1 = rule_for(&p.seccomp, "socket", 1);
    CHECK(s0 && s0->args[0].value == 1 && s0->args[0].op == DD_SCMP_CMP_EQ);
    CHECK(s1 && s1->args[0].value == 2);
    CHECK(rule_for(&p.seccomp, "socket", 2) == NULL);
    const dd_scmp_rule *pe = rule_for(&p.seccomp, "personality", 0);
    CHECK(pe && pe->args[0].value == 0xffffffffULL);
    CHECK(p.nallowed < p.docker_default_allowed);
    CHECK_INT(p.cap_add, 1ULL << 10);
    CHECK(p.user == NULL); /* a capability was used: root stays */
    CHECK_INT(p.tmpfs.n, 3);
    if (p.tmpfs.n == 3) {
        CHECK_STR(p.tmpfs.v[0], "/srv");     /* a new tree: tmpfs at its top */
        CHECK_STR(p.tmpfs.v[1], "/tmp");     /* a new file in an image directory */
        CHECK_STR(p.tmpfs.v[2], "/var/log"); /* changed in place: with a note */
    }
    CHECK_INT(p.notes.n, 1);
    CHECK_INT(p.pids_limit, 32);
    CHECK_INT(p.mem_limit, 96LL << 20);
    CHECK(p.cpus > 0.59 && p.cpus < 0.61);
    /* A path that would add a rule is left out of the AppArmor profile. */
    CHECK(strstr(p.apparmor, "/bin/busybox ix,") != NULL);
    CHECK(strstr(p.apparmor, "sys_admin") == NULL);
    CHECK(strstr(p.apparmor, "capability net_bind_service,") != NULL);
    CHECK(strstr(p.apparmor, "network inet,") != NULL);

    char *run = dd_profile_docker_run(&p, "/p/seccomp.json");
    CHECK_STR(run, "--cap-drop=ALL\n--cap-add=NET_BIND_SERVICE\n--read-only\n--tmpfs=/srv\n"
                   "--tmpfs=/tmp\n--tmpfs=/var/log\n--security-opt=no-new-privileges=true\n"
                   "--security-opt=seccomp=/p/seccomp.json\n--security-opt=apparmor=drydock-web\n"
                   "--pids-limit=32\n--memory=96m\n--cpus=0.6\n");
    free(run);
    char *compose = dd_profile_compose(&p, "web", "seccomp.json");
    CHECK(strstr(compose, "services:\n  web:\n    cap_drop:\n      - ALL\n    cap_add:\n"
                          "      - NET_BIND_SERVICE\n    read_only: true\n    tmpfs:\n"
                          "      - /srv\n") != NULL);
    CHECK(strstr(compose, "    security_opt:\n      - no-new-privileges=true\n") != NULL);
    free(compose);

    /* The profile file reads back to the same recording, and merging adds. */
    json_t *j = dd_profile_to_json(&p, &r);
    char *text = json_dumps(j, 0);
    dd_recording back;
    CHECK_INT(dd_profile_parse(text, strlen(text), "back.json", &back, &e), 0);
    CHECK_INT(back.syscalls.n, r.syscalls.n);
    CHECK_INT(back.caps_used, r.caps_used);
    CHECK_INT(back.peak_mem, r.peak_mem);
    dd_recording other;
    static const char o[] = "{\"recording\": {\"syscalls\": [\"mount\"], \"uids\": [\"1000\"],"
                            " \"peakPids\": 40, \"capabilitiesUsed\": [\"CHOWN\"]}}";
    CHECK_INT(dd_profile_parse(o, strlen(o), "o.json", &other, &e), 0);
    dd_recording_merge(&back, &other);
    CHECK(dd_names_has(&back.syscalls, "mount"));
    CHECK_INT(back.peak_pids, 40);
    CHECK_INT(back.caps_used, (1ULL << 10) | 1ULL);
    CHECK_INT(back.uids.n, 2);
    dd_recording_free(&other);
    dd_recording_free(&back);
    free(text);
    json_decref(j);

    if (access("/usr/sbin/apparmor_parser", X_OK) == 0) {
        char *out = NULL;
        CHECK_INT(dd_apparmor_check(p.apparmor, &out, &e), 1);
        free(out);
        CHECK_INT(dd_apparmor_check("profile x {\n  bogus rule,\n}\n", &out, &e), -1);
        CHECK(out && strstr(out, "syntax error"));
        free(out);
    }
    dd_profile_free(&p);
    dd_recording_free(&r);

    /* Never root-dependent: runs as nobody. Already non-root: keeps its uid. */
    static const char plain[] = "{\"recording\": {\"syscalls\": [\"read\"], \"uids\": [\"0\"]}}";
    static const char user[] = "{\"recording\": {\"syscalls\": [\"read\"], \"uids\": [\"1000\"]}}";
    CHECK_INT(dd_profile_parse(plain, strlen(plain), "p.json", &r, &e), 0);
    CHECK_INT(dd_profile_build(&r, "x", &p, &e), 0);
    CHECK_STR(p.user, "65534:65534");
    /* as another user, programs ask who they are: allowed */
    CHECK(dd_names_has(&p.seccomp.rules[0].names, "getgid"));
    dd_profile_free(&p);
    dd_recording_free(&r);
    CHECK_INT(dd_profile_parse(user, strlen(user), "u.json", &r, &e), 0);
    CHECK_INT(dd_profile_build(&r, "x", &p, &e), 0);
    CHECK_STR(p.user, "1000");
    dd_profile_free(&p);
    dd_recording_free(&r);

    static const char badname[] = "{\"recording\": {\"syscalls\": [\"read; rm\"]}}";
    CHECK_INT(dd_profile_parse(badname, strlen(badname), "b.json", &r, &e), -1);
    CHECK(strstr(e.msg, "b.json: recording.syscalls") != NULL);
    CHECK_INT(dd_profile_parse("{}", 2, "none.json", &r, &e), -1);
    CHECK(strstr(e.msg, "not a drydock profile") != NULL);
}

int main(void)
{
    test_reader();
    test_docker_default();
    test_build();
    return dd_test_done();
}
