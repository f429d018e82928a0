#include "bench/bench.h"

/* Section titles of the CIS Docker Benchmark 1.6.0, as docker-bench-security prints them. */
const dd_section dd_bench_sections[] = {
    {"1", "Host Configuration"},
    {"1.1", "Linux Hosts Specific Configuration"},
    {"1.2", "General Configuration"},
    {"2", "Docker daemon configuration"},
    {"3", "Docker daemon configuration files"},
    {"4", "Container Images and Build File Configuration"},
    {"5", "Container Runtime Configuration"},
    {"6", "Docker Security Operations"},
    {"7", "Docker Swarm Configuration"},
    {NULL, NULL},
};
