/* Recording a container with the eBPF sensor of `drydock watch`
 * (src/watch/sensor.h): every syscall of its cgroup at sys_exit (raw records:
 * also the calls a filter refused, with their result), capability checks
 * granted and refused, programs executed, and path syscalls for the denials of
 * verify. Only the first occurrence of each fact is a record (the kernel counts
 * the rest): a record costs ~0.3 us here, a repeat a compare in the kernel. The
 * loop polls the sensor, samples the cgroup for peaks and the network namespace
 * for ports, and stops when the container exits or the duration has passed. */
#include "profile/recorder.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cleanup.h"
#include "core/mem.h"
#include "inside/caps.h"
#include "profile/container.h"
#include "profile/events.h"
#include "profile/output.h"
#include "watch/sensor.h"
#include "watch/syscalls.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Open, configure, load and attach the sensor for one cgroup-filtered
 * recording. */
static int sensor_start(dd_sensor **out, bool verify, dd_error *e)
{
    dd_sensor_config cfg;
    dd_sensor_config_init(&cfg);
    cfg.filter_cgroups = true;
    cfg.raw_mode = DD_SENSOR_RAW_RECORD | DD_SENSOR_RAW_FIRST;
    cfg.first_args = dd_rec_first_args();
    cfg.cap_capable = true;
    cfg.argv_max = 256;
    if (verify) { /* the capability a failed call was refused; refused writes' paths */
        cfg.raw_mode |= DD_SENSOR_RAW_CAUSE;
        for (const dd_syscall *s = dd_syscalls(); s->name; s++)
            if (s->nr >= 0 && (s->flags & (DD_SC_FSPATH | DD_SC_OPEN)))
                dd_sensor_interest_set(&cfg, (unsigned)s->nr);
    }
    dd_sensor *s = NULL;
    if (dd_sensor_preflight("", e) < 0 || dd_sensor_open(&s, e) < 0 ||
        dd_sensor_configure(s, &cfg, e) < 0 || dd_sensor_load(s, e) < 0 ||
        dd_sensor_attach(s, e) < 0) {
        dd_sensor_free(s);
        return dd_error_prefix(e, "cannot start the eBPF sensor");
    }
    *out = s;
    return 0;
}

typedef struct session {
    dd_engine *eng;
    dd_sensor *sensor;
    dd_ctr ctr;
    dd_rec_state st;
    dd_ctr_usage use;
    dd_names ports; /* sampled while it runs */
    bool created;   /* we made the container: remove it at the end */
    pid_t exec;     /* --exec: the docker CLI running the command (0: none) */
} session;

static void session_free(session *s)
{
    dd_error ignore = {0};
    if (s->exec > 0) { /* still running when the duration ended */
        kill(s->exec, SIGTERM);
        waitpid(s->exec, NULL, 0);
    }
    if (s->created && s->eng)
        dd_ctr_stop_remove(s->eng, &s->ctr, &ignore);
    dd_sensor_free(s->sensor);
    dd_ctr_free(&s->ctr);
    dd_rec_state_free(&s->st);
    dd_names_free(&s->ports);
    dd_engine_free(s->eng);
}

static int session_open(session *s, const dd_record_opts *o, bool verify, dd_error *e)
{
    s->use.peak_pids = s->use.peak_mem = -1;
    s->use.peak_cpus = -1;
    if (dd_engine_open(&s->eng, o->engine, e) < 0 || dd_engine_connect(s->eng, e) < 0)
        return -1;
    return sensor_start(&s->sensor, verify, e);
}

/* Poll and sample until the container stops or `seconds` have passed. */
static int follow(session *s, double seconds, int *exit_code, dd_error *e)
{
    double start = now(), next_sample = 0;
    *exit_code = -1;
    for (;;) {
        double t = now();
        if (t >= next_sample) {
            if (!s->ctr.cg_pids && s->ctr.pid <= 0)
                dd_ctr_inspect(s->eng, s->ctr.id, &s->ctr, e); /* pid and cgroups once up */
            dd_ctr_sample(&s->ctr, &s->use);
            dd_ctr_ports(&s->ctr, &s->ports);
            next_sample = t + 0.2;
        }
        if (dd_sensor_poll(s->sensor, 100, dd_rec_on_record, &s->st, e) < 0)
            return -1;
        int running;
        if (s->exec > 0) { /* --exec: until the command ends, whatever the container does */
            int st = 0;
            pid_t w = waitpid(s->exec, &st, WNOHANG);
            running = w == 0;
            if (!running) {
                s->exec = 0;
                *exit_code = w > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
            }
        } else {
            running = dd_ctr_running(s->eng, &s->ctr, exit_code, e);
        }
        if (running < 0)
            return -1;
        if (!running || now() - start >= seconds)
            break;
    }
    /* What the rings still hold. */
    if (dd_sensor_consume(s->sensor, dd_rec_on_record, &s->st, e) < 0 ||
        dd_sensor_first_counts(s->sensor, dd_rec_on_count, &s->st, e) < 0)
        return -1;
    struct dd_stats st;
    if (dd_sensor_stats(s->sensor, &st, NULL, e) < 0)
        return -1;
    for (int t = 0; t < DD_EV_NTYPES; t++)
        s->st.lost += st.drops[t];
    return 0;
}

static void fill(session *s, double seconds, int code, dd_recording *out, dd_profile_verdict *v,
                 dd_error *e)
{
    dd_recording_init(out);
    out->exit_code = code;
    out->lost = (int64_t)s->st.lost;
    out->container = dd_xstrdup(s->ctr.name ? s->ctr.name : s->ctr.id);
    out->image = dd_xstrdup(s->ctr.image);
    out->seconds = seconds;
    dd_rec_state_finish(&s->st, out, v);
    out->peak_pids = s->use.peak_pids;
    out->peak_mem = s->use.peak_mem;
    out->peak_cpus = s->use.peak_cpus;
    out->ports = s->ports;
    s->ports = (dd_names){0};
    dd_ctr_changes(s->eng, &s->ctr, &out->changes, e);
}

/* The processes in a running container's cgroup now are the workload; those
 * they fork will be too. */
static void adopt_running(session *s)
{
    _cleanup_free_ char *path = dd_xasprintf("%s/cgroup.procs", s->ctr.cg_unified);
    _cleanup_buf_ dd_buf procs = DD_BUF_INIT;
    if (dd_buf_read_file(&procs, path, 1 << 20) < 0 || !procs.data)
        return;
    for (char *save = NULL, *t = strtok_r(procs.data, "\n", &save); t;
         t = strtok_r(NULL, "\n", &save))
        dd_rec_state_adopt(&s->st, (uint32_t)strtoul(t, NULL, 10));
}

/* A running container: what runs in it now (argc == 0), or only `docker exec` of argv. */
static int record_running(const char *container, int argc, char **argv, const dd_record_opts *o,
                          dd_recording *out, dd_error *e)
{
    session s = {0};
    int ret = -1;
    if (session_open(&s, o, false, e) < 0)
        goto done;
    dd_rec_state_init(&s.st, NULL, 0);
    if (dd_ctr_inspect(s.eng, container, &s.ctr, e) < 0)
        goto done;
    if (s.ctr.pid <= 0 || !s.ctr.cgroup_id) {
        dd_error_set(e, DD_ERR_RUN, 0, "container %s is not running", container);
        goto done;
    }
    if (dd_sensor_cgroup_add(s.sensor, s.ctr.cgroup_id, e) < 0)
        goto done;
    /* With --exec nothing already running is adopted: the workload is what the exec's
     * runc hands over to, as with --run (runc exec sets up and filters the same way). */
    if (argc == 0)
        adopt_running(&s);
    double t0 = now();
    if (argc > 0 && dd_ctr_exec_start(s.eng, &s.ctr, argc, argv, &s.exec, e) < 0)
        goto done;
    int code;
    if (follow(&s, o->duration, &code, e) < 0)
        goto done;
    fill(&s, now() - t0, code, out, NULL, e);
    ret = 0;
done:
    session_free(&s);
    return ret;
}

int dd_profile_record_container(const char *container, const dd_record_opts *o, dd_recording *out,
                                dd_error *e)
{
    return record_running(container, 0, NULL, o, out, e);
}

int dd_profile_record_exec(const char *container, int argc, char **argv, const dd_record_opts *o,
                           dd_recording *out, dd_error *e)
{
    return record_running(container, argc, argv, o, out, e);
}

/* Create (with `extra` flags first), follow from runc's handover, measure. */
static int record_new(session *s, char *const *extra, int nextra, int argc, char **argv,
                      double duration, int *code, double *secs, dd_error *e)
{
    if (dd_ctr_create(s->eng, extra, nextra, argc, argv, &s->ctr, e) < 0)
        return -1;
    s->created = true;
    /* The cgroup exists before runc starts, so the sensor sees runc's first call.
     */
    if (dd_ctr_precreate_cgroup(s->eng, &s->ctr, e) < 0 ||
        dd_sensor_cgroup_add(s->sensor, s->ctr.cgroup_id, e) < 0)
        return -1;
    double t0 = now();
    if (dd_ctr_start(s->eng, &s->ctr, e) < 0)
        return -1;
    dd_ctr_inspect(s->eng, s->ctr.id, &s->ctr, e);
    if (follow(s, duration, code, e) < 0)
        return -1;
    *secs = now() - t0;
    return 0;
}

int dd_profile_record_run(int argc, char **argv, const dd_record_opts *o, dd_recording *out,
                          dd_error *e)
{
    session s = {0};
    int ret = -1, code;
    double secs = 0;
    if (session_open(&s, o, false, e) < 0)
        goto done;
    dd_rec_state_init(&s.st, NULL, 0);
    if (record_new(&s, NULL, 0, argc, argv, o->duration, &code, &secs, e) < 0)
        goto done;
    fill(&s, secs, code, out, NULL, e);
    ret = 0;
done:
    session_free(&s);
    return ret;
}

int dd_profile_verify(const dd_recording *r, int argc, char **argv, const dd_record_opts *o,
                      dd_profile_verdict *out, dd_error *e)
{
    memset(out, 0, sizeof *out);
    dd_profile p;
    if (dd_profile_build(r, "drydock-verify", &p, e) < 0)
        return -1;
    char dir[] = "/tmp/drydock-verify.XXXXXX";
    if (!mkdtemp(dir)) {
        dd_profile_free(&p);
        return dd_error_sys(e, errno, "cannot make a temporary directory");
    }
    session s = {0};
    int ret = -1, code = -1;
    double secs;
    dd_recording seen;
    dd_recording_init(&seen);
    _cleanup_free_ char *seccomp = dd_xasprintf("%s/seccomp.json", dir);
    _cleanup_free_ char *flags = dd_profile_docker_run(&p, seccomp);
    char *extra[64];
    int nextra = 0;
    if (dd_profile_write_dir(&p, r, dir, e) < 0 || session_open(&s, o, true, e) < 0)
        goto done;
    dd_rec_state_init(&s.st, &p.seccomp, p.cap_add);
    for (char *save = NULL, *t = strtok_r(flags, "\n", &save); t && nextra < 64;
         t = strtok_r(NULL, "\n", &save))
        /* AppArmor is left out: where the kernel has it, the profile must be loaded
         * first. */
        if (strncmp(t, "--security-opt=apparmor=", 24) != 0)
            extra[nextra++] = t;
    if (record_new(&s, extra, nextra, argc, argv, o->duration, &code, &secs, e) < 0)
        goto done;
    fill(&s, secs, code, &seen, out, e);
    out->container = dd_xstrdup(s.ctr.id);
    out->exit_code = code;
    ret = 0;
done:
    session_free(&s);
    dd_recording_free(&seen);
    dd_profile_free(&p);
    _cleanup_free_ char *rm = dd_xasprintf("rm -rf '%s'", dir);
    (void)!system(rm);
    return ret;
}

void dd_profile_verdict_print(FILE *out, const dd_profile_verdict *v, bool json)
{
    if (json) {
        json_t *d = json_array();
        for (size_t i = 0; i < v->ndenials; i++)
            json_array_append_new(
                d, json_pack("{s:s, s:s, s:s, s:s?, s:I}", "kind", v->denials[i].kind, "what",
                             v->denials[i].what, "process", v->denials[i].process, "errno",
                             v->denials[i].err ? strerrorname_np(v->denials[i].err) : NULL, "count",
                             (json_int_t)v->denials[i].count));
        _cleanup_json_ json_t *j = json_pack("{s:s?, s:i, s:o}", "container", v->container,
                                             "exitCode", v->exit_code, "denials", d);
        _cleanup_free_ char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fprintf(out, "%s\n", s ? s : "{}");
        return;
    }
    fprintf(out, "The workload exited with %d under the profile; %zu denial%s\n", v->exit_code,
            v->ndenials, v->ndenials == 1 ? "" : "s");
    for (size_t i = 0; i < v->ndenials; i++) {
        const dd_denial *d = &v->denials[i];
        fprintf(out, "  %-10s %-24s by %s%s%s (%lu time%s)\n", d->kind, d->what, d->process,
                d->err ? ": " : "", d->err ? strerrorname_np(d->err) : "", d->count,
                d->count == 1 ? "" : "s");
    }
}

void dd_profile_verdict_free(dd_profile_verdict *v)
{
    for (size_t i = 0; i < v->ndenials; i++) {
        free(v->denials[i].kind);
        free(v->denials[i].what);
        free(v->denials[i].process);
    }
    free(v->denials);
    free(v->container);
    memset(v, 0, sizeof *v);
}
