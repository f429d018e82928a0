/* A test-only front end of `drydock bench` with the one parameter the product binary never
 * takes: a shell command run between the container list and the inspects
 * (dd_bench_opts.after_list), so tests/e2e/bench_vanish.sh can remove a container at
 * exactly that moment. It is built next to the tests, never installed, and the release
 * binary has no such hook (no environment variable, no option).
 *
 *   bench_after_list HOOK FORMAT CHECKS [CONTAINER...]
 *
 * The daemon comes from DOCKER_HOST; the report goes to standard output; the exit code is
 * drydock's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "report/report.h"

static void run_hook(void *ud)
{
    int rc = system((const char *)ud);
    if (rc != 0)
        fprintf(stderr, "bench_after_list: hook exited %d\n", rc);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_after_list HOOK FORMAT CHECKS [CONTAINER...]\n");
        return 2;
    }
    dd_output_opts out = {.color = 0};
    if (dd_format_parse(argv[2], &out.format) < 0)
        return 2;
    const char *checks[64];
    size_t nchecks = 0;
    for (char *save = NULL, *t = strtok_r(argv[3], ",", &save); t && nchecks < 64;
         t = strtok_r(NULL, ",", &save))
        checks[nchecks++] = t;
    dd_bench_opts bo = {
        .checks = checks,
        .nchecks = nchecks,
        .containers = (const char *const *)argv + 4,
        .ncontainers = (size_t)(argc - 4),
        .after_list = run_hook,
        .after_list_ud = argv[1],
    };
    dd_bench_facts f = {.opts = &bo};
    dd_engine_config ec = {.tls_verify = -1};
    dd_report r;
    dd_report_init(&r, "bench", "CIS Docker Benchmark 1.6.0");
    r.text_style = DD_TEXT_CHECKLIST;
    r.sections = dd_bench_sections;
    dd_error e = {0};
    int rc = 3;
    if (dd_bench_gather_engine(&f, &ec, &e) == 0 && dd_bench_gather_host(&f, &e) == 0 &&
        dd_bench_run(&f, &r, &e) == 0 && dd_report_write(&r, &out, &e) == 0)
        rc = dd_report_exit_code(&r, &out);
    else
        fprintf(stderr, "bench_after_list: %s\n", e.msg);
    dd_report_free(&r);
    dd_bench_facts_free(&f);
    return rc;
}
