/* PLACEHOLDER: replaced by the real table. */
#include "bench/bench.h"
const dd_rule_table dd_bench_runtime_table = {"bench", "CIS Docker Benchmark 1.6.0", NULL, 0, sizeof(dd_bench_check)};
