/* Sections 4 to 7 of the CIS Docker Benchmark 1.6.0: what the daemon knows about images,
 * containers, swarm. Private to src/bench.
 *
 * Ownership: every json_t handed to an evaluator is borrowed from dd_bench_facts; names
 * returned by the helpers are borrowed too and live as long as the facts. */
#pragma once
#include <jansson.h>
#include <stdbool.h>

#include "bench/bench.h"
#include "core/buf.h"

/* Evaluate one container (an inspect object): return its status and say why in `msg`. */
typedef dd_status (*dd_ctr_eval)(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg);

/* One finding per container in scope, naming it. Errors while reading the container list
 * or one inspect become ERROR findings; with no container in scope one INFO finding says
 * so. Vanished containers are added by dd_bench_run for every per-container rule. */
void dd_bench_each_container(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r,
                             dd_ctr_eval ev);

/* Container name without the leading '/', else its short id. */
const char *dd_bench_ctr_name(const json_t *ctr);
/* Why a fact could not be gathered ("info", "containers", "images", "networks"), or NULL. */
const char *dd_bench_gather_error(const dd_bench_facts *f, const char *fact);
/* Whether a JSON array of strings has one equal to `s` (`prefix`: starting with it). */
bool dd_bench_strv_has(const json_t *arr, const char *s, bool prefix);
/* The member at the dotted path "a.b.c" in an object, or NULL. */
const json_t *dd_bench_path(const json_t *o, const char *dotted);
/* Whether the daemon runs in swarm mode (Swarm.LocalNodeState active or pending). */
bool dd_bench_swarm_active(const dd_bench_facts *f);

/* Define a per-container check `name` from its evaluator `name_eval`. */
#define DD_BENCH_PER_CONTAINER_CHECK(name)                                                         \
    static dd_status name##_eval(const dd_bench_facts *f, const json_t *ctr, dd_buf *msg);         \
    void name(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)                      \
    {                                                                                              \
        dd_bench_each_container(c, f, r, name##_eval);                                             \
    }

#define DD_BENCH_FN(name) void name(const dd_bench_check *c, const dd_bench_facts *f, dd_report *r)

/* Section 4 (checks_images.c) */
DD_BENCH_FN(dd_check_4_1);
DD_BENCH_FN(dd_check_4_5);
DD_BENCH_FN(dd_check_4_6);
DD_BENCH_FN(dd_check_4_7);
DD_BENCH_FN(dd_check_4_9);
/* Section 5 (checks_runtime.c) */
DD_BENCH_FN(dd_check_5_1);
DD_BENCH_FN(dd_check_5_2);
DD_BENCH_FN(dd_check_5_3);
DD_BENCH_FN(dd_check_5_4);
DD_BENCH_FN(dd_check_5_5);
DD_BENCH_FN(dd_check_5_6);
DD_BENCH_FN(dd_check_5_7);
DD_BENCH_FN(dd_check_5_8);
DD_BENCH_FN(dd_check_5_9);
DD_BENCH_FN(dd_check_5_10);
DD_BENCH_FN(dd_check_5_11);
DD_BENCH_FN(dd_check_5_12);
DD_BENCH_FN(dd_check_5_13);
DD_BENCH_FN(dd_check_5_14);
DD_BENCH_FN(dd_check_5_15);
DD_BENCH_FN(dd_check_5_16);
DD_BENCH_FN(dd_check_5_17);
DD_BENCH_FN(dd_check_5_18);
DD_BENCH_FN(dd_check_5_19);
DD_BENCH_FN(dd_check_5_20);
DD_BENCH_FN(dd_check_5_21);
DD_BENCH_FN(dd_check_5_22);
DD_BENCH_FN(dd_check_5_25);
DD_BENCH_FN(dd_check_5_26);
DD_BENCH_FN(dd_check_5_27);
DD_BENCH_FN(dd_check_5_28);
DD_BENCH_FN(dd_check_5_29);
DD_BENCH_FN(dd_check_5_30);
DD_BENCH_FN(dd_check_5_31);
DD_BENCH_FN(dd_check_5_32);
/* Sections 6 and 7 (checks_ops.c) */
DD_BENCH_FN(dd_check_6_1);
DD_BENCH_FN(dd_check_6_2);
DD_BENCH_FN(dd_check_7_1);
DD_BENCH_FN(dd_check_7_2);
DD_BENCH_FN(dd_check_7_3);
DD_BENCH_FN(dd_check_7_4);
DD_BENCH_FN(dd_check_7_5);
DD_BENCH_FN(dd_check_7_7);
