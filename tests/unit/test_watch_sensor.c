/* The sensor as a library (what `drydock profile` builds on), loaded in the real kernel:
 * a cgroup of our own is the only one watched (the kernel filter), raw mode counts every
 * syscall of it, the interest bitmap turns openat into records with their paths, and
 * capability checks arrive from capability:cap_capable; in first-occurrence mode a loop
 * is one record and the kernel counts every call. Needs root; in CI (CI=true) a
 * sensor that cannot load fails the test. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "watch/sensor.h"

typedef struct seen {
    uint64_t cg;
    int foreign, opens, caps_chown, exits, cgroup_named;
    char cgname[64];
} seen;

static int on_rec(const struct dd_ev_hdr *h, size_t size, void *ud, dd_error *e)
{
    seen *s = ud;
    if (h->task.cgroup_id != s->cg) {
        s->foreign++;
        return 0;
    }
    if (h->type == DD_EV_SYSCALL && h->nr == SYS_openat) {
        const struct dd_ev_syscall *r = (const void *)h;
        const char *p = (const char *)(r + 1);
        if (r->slen[DD_STR_ARG0] && size >= sizeof *r + r->slen[DD_STR_ARG0] &&
            !strcmp(p, "/etc/hostname"))
            s->opens++;
    } else if (h->type == DD_EV_CAP) {
        const struct dd_ev_cap *c = (const void *)h;
        s->caps_chown += c->cap == 0 /* CAP_CHOWN */;
    } else if (h->type == DD_EV_EXIT) {
        s->exits++;
    } else if (h->type == DD_EV_CGROUP) {
        const struct dd_ev_cgroup *c = (const void *)h;
        s->cgroup_named += !strcmp(c->name[0], s->cgname);
    }
    return 0;
}

typedef struct counts {
    uint64_t cg, getppid, openat;
} counts;

static void on_count(uint64_t cg, unsigned nr, uint64_t n, void *ud)
{
    counts *c = ud;
    if (cg != c->cg)
        return;
    if (nr == SYS_getppid)
        c->getppid += n;
    if (nr == SYS_openat)
        c->openat += n;
}

/* where cgroup v2 is mounted */
static int cgroup2_root(char *out, size_t n)
{
    FILE *f = fopen("/proc/self/mounts", "r");
    if (!f)
        return -1;
    char dev[256], dir[256], type[64];
    int rc = -1;
    while (fscanf(f, "%255s %255s %63s %*s %*d %*d", dev, dir, type) == 3)
        if (!strcmp(type, "cgroup2")) {
            snprintf(out, n, "%s", dir);
            rc = 0;
            break;
        }
    fclose(f);
    return rc;
}

/* A cgroup of our own under root: its id (the directory's inode), 0 on failure. */
static uint64_t cgroup_make(const char *dir)
{
    struct stat st;
    CHECK_INT(mkdir(dir, 0755), 0);
    CHECK_INT(stat(dir, &st), 0);
    return st.st_ino;
}

/* Open, configure, load and attach a sensor watching cgroup cg only. */
static int sensor_up(dd_sensor **sn, const dd_sensor_config *cfg, uint64_t cg)
{
    dd_error e = {0};
    int rc = dd_sensor_open(sn, &e);
    if (rc == 0)
        rc = dd_sensor_configure(*sn, cfg, &e);
    if (rc == 0)
        rc = dd_sensor_load(*sn, &e);
    if (rc == 0)
        rc = dd_sensor_cgroup_add(*sn, cg, &e);
    if (rc == 0)
        rc = dd_sensor_attach(*sn, &e);
    if (rc < 0)
        fprintf(stderr, "sensor: %s\n", e.msg);
    CHECK_INT(rc, 0);
    return rc;
}

/* Run work() in a child moved into the cgroup at dir before it starts; it must exit 0. */
static void run_in(const char *dir, void (*work)(void))
{
    int go[2];
    CHECK_INT(pipe(go), 0);
    pid_t child = fork();
    if (child == 0) {
        char c;
        if (read(go[0], &c, 1) != 1) /* wait until moved into the cgroup */
            _exit(1);
        work();
        _exit(0);
    }
    char procs[600];
    snprintf(procs, sizeof procs, "%s/cgroup.procs", dir);
    FILE *f = fopen(procs, "w");
    CHECK(f != NULL);
    if (f) {
        fprintf(f, "%d\n", child);
        fclose(f);
    }
    CHECK_INT(write(go[1], "x", 1), 1);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(go[0]);
    close(go[1]);
}

/* First-occurrence mode (what `drydock profile` records with): a loop of one call is one
 * record, and the kernel's counts add up to every call made. */
typedef struct firsts {
    uint64_t cg;
    int getppid_records, ebadf_records, other_cgroups;
    uint64_t getppid_n, ebadf_n;
} firsts;

static int on_first_rec(const struct dd_ev_hdr *h, size_t size, void *ud, dd_error *e)
{
    firsts *f = ud;
    if (h->type != DD_EV_RAW)
        return 0;
    if (h->task.cgroup_id != f->cg || size < sizeof(struct dd_ev_raw_first)) {
        f->other_cgroups++;
        return 0;
    }
    const struct dd_ev_raw_first *r = (const void *)h;
    f->getppid_records += h->nr == SYS_getppid;
    f->ebadf_records += h->nr == SYS_read && r->raw.ret == -EBADF && r->key.ret == -EBADF;
    return 0;
}

static void on_first_count(const struct dd_first_key *k, uint64_t n, void *ud)
{
    firsts *f = ud;
    if (k->cgroup_id != f->cg || k->type != DD_EV_RAW)
        return;
    if (k->nr == SYS_getppid)
        f->getppid_n += n;
    if (k->nr == SYS_read && k->ret == -EBADF)
        f->ebadf_n += n;
}

static void first_work(void)
{
    char c;
    for (int i = 0; i < 100000; i++)
        syscall(SYS_getppid);
    for (int i = 0; i < 3; i++)
        if (read(-1, &c, 1) != -1)
            _exit(2);
}

static void test_first(const char *root)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/dd-sensor-first-%d", root, getpid());
    firsts f = {.cg = cgroup_make(dir)};
    dd_sensor *sn = NULL;
    dd_error e = {0};
    dd_sensor_config cfg;
    dd_sensor_config_init(&cfg);
    cfg.filter_cgroups = true;
    cfg.raw_mode = DD_SENSOR_RAW_RECORD | DD_SENSOR_RAW_FIRST;
    cfg.no_lifecycle = true;
    cfg.ring_bytes = 1 << 20;
    int rc = sensor_up(&sn, &cfg, f.cg);
    run_in(dir, first_work);
    if (rc == 0) {
        for (int i = 0; i < 5; i++)
            dd_sensor_poll(sn, 50, on_first_rec, &f, &e);
        CHECK_INT(dd_sensor_first_counts(sn, on_first_count, &f, &e), 0);
        CHECK_INT(f.other_cgroups, 0);
        CHECK_INT(f.getppid_records, 1); /* 100,000 calls, one record */
        CHECK_INT(f.getppid_n, 100000);  /* and every one counted */
        CHECK_INT(f.ebadf_records, 1);   /* a failure is a fact of its own */
        CHECK_INT(f.ebadf_n, 3);
        struct dd_stats sum;
        CHECK_INT(dd_sensor_stats(sn, &sum, NULL, &e), 0);
        CHECK_INT(sum.drops[DD_EV_RAW], 0);
        CHECK_INT(sum.first_full, 0);
    }
    dd_sensor_free(sn);
    CHECK_INT(rmdir(dir), 0);
}

static void main_work(void)
{
    for (int i = 0; i < 5; i++)
        syscall(SYS_getppid);
    for (int i = 0; i < 3; i++) {
        int fd = open("/etc/hostname", O_RDONLY);
        if (fd >= 0)
            close(fd);
    }
    char tmp[] = "/tmp/dd-sensor-chown.XXXXXX";
    int fd = mkstemp(tmp);
    if (fd >= 0) {
        if (fchown(fd, 1, 1) != 0) /* CAP_CHOWN is checked */
            _exit(2);
        close(fd);
        unlink(tmp);
    }
}

int main(void)
{
    bool ci = getenv("CI") && !strcmp(getenv("CI"), "true");
    if (geteuid() != 0 && !ci) {
        printf("not root: the sensor test needs root (it fails instead in CI)\n");
        return dd_test_done();
    }
    char root[256], dir[512];
    CHECK_INT(cgroup2_root(root, sizeof root), 0);
    seen s = {0};
    snprintf(s.cgname, sizeof s.cgname, "dd-sensor-test-%d", getpid());
    snprintf(dir, sizeof dir, "%s/%s", root, s.cgname);
    s.cg = cgroup_make(dir);

    dd_sensor *sn = NULL;
    dd_error e = {0};
    dd_sensor_config cfg;
    dd_sensor_config_init(&cfg);
    dd_sensor_interest_set(&cfg, SYS_openat);
    cfg.filter_cgroups = true;
    cfg.raw_mode = DD_SENSOR_RAW_COUNT;
    cfg.cap_capable = true;
    cfg.ring_bytes = 1 << 20;
    int rc = sensor_up(&sn, &cfg, s.cg);
    run_in(dir, main_work);
    if (rc == 0) {
        for (int i = 0; i < 5; i++)
            dd_sensor_poll(sn, 50, on_rec, &s, &e);
        CHECK_INT(s.foreign, 0); /* the kernel filter: nothing from other cgroups */
        CHECK_INT(s.opens, 3);
        CHECK(s.caps_chown >= 1);
        CHECK_INT(s.exits, 1);
        CHECK_INT(s.cgroup_named, 1); /* named once, before its first record */
        counts c = {s.cg, 0, 0};
        CHECK_INT(dd_sensor_raw_counts(sn, on_count, &c, &e), 0);
        CHECK(c.getppid >= 5);
        CHECK(c.openat >= 3);
        struct dd_stats sum;
        CHECK_INT(dd_sensor_stats(sn, &sum, NULL, &e), 0);
        CHECK(sum.events[DD_EV_SYSCALL] >= 3);
        CHECK_INT(sum.drops[DD_EV_SYSCALL], 0);
    }
    dd_sensor_free(sn);
    CHECK_INT(rmdir(dir), 0);
    test_first(root);
    return dd_test_done();
}
