/* Benchmark driver for perf/vuln.sh (built by the script, not by CMake): times opening
 * the database, reading a dpkg status file and matching it, best of N runs. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "vuln/match.h"
#include "vuln/pkgfile.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* CPU time as well: on a shared, loaded machine wall time mostly measures the others. */
static double cpu_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: vuln_match DB STATUS OS-RELEASE [RUNS]\n");
        return 2;
    }
    int runs = argc > 4 ? atoi(argv[4]) : 5;
    double best_open = 1e9, best_read = 1e9, best_match = 1e9, best_cpu = 1e9;
    size_t npkg = 0, nfind = 0, nq = 0;
    for (int i = 0; i < runs; i++) {
        dd_error e = {0};
        dd_package_list l = {0};
        double t0 = now_ms();
        if (dd_vuln_read_pkgfile(argv[2], &l, &e) < 0 || dd_vuln_read_os_release(argv[3], &l.os, &e) < 0) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        double t1 = now_ms();
        dd_vuln_db *db = NULL;
        if (dd_vuln_db_open(&db, argv[1], true, &e) < 0) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        double t2 = now_ms(), c2 = cpu_ms();
        dd_report r;
        dd_report_init(&r, "scan", "bench");
        if (dd_vuln_match(db, &l, NULL, "bench", &r, &e) < 0) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
        double t3 = now_ms(), c3 = cpu_ms();
        if (c3 - c2 < best_cpu)
            best_cpu = c3 - c2;
        npkg = l.n;
        nfind = r.n;
        nq = (size_t)json_integer_value(json_object_get(json_object_get(r.meta, "vulnerabilities"), "queries"));
        dd_report_free(&r);
        dd_vuln_db_close(db);
        dd_package_list_free(&l);
        if (t1 - t0 < best_read)
            best_read = t1 - t0;
        if (t2 - t1 < best_open)
            best_open = t2 - t1;
        if (t3 - t2 < best_match)
            best_match = t3 - t2;
    }
    printf("packages %zu queries %zu findings %zu read_ms %.2f open_ms %.3f match_ms %.2f cpu_ms %.2f\n",
           npkg, nq, nfind, best_read, best_open, best_match, best_cpu);
    return 0;
}
