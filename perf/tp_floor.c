/* The floor under any syscall tracer, for perf/profile.sh (not a test): attaches a BPF
 * program that does nothing (r0 = 0; exit) to the raw sys_exit tracepoint, the hook the
 * recorder uses, and keeps it attached until stdin closes. Attaching any program there
 * moves every task onto the kernel's slow syscall path; what a loop loses with this
 * attached is what no tracer on this tracepoint can avoid, so the recorder's own cost is
 * what it adds on top. Prints "ready" once attached.
 *   tp_floor < FIFO        (as root) */
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long bpf(int cmd, union bpf_attr *a)
{
    return syscall(SYS_bpf, cmd, a, sizeof *a);
}

int main(void)
{
    struct bpf_insn prog[] = {
        {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
        {.code = BPF_JMP | BPF_EXIT},
    };
    static char log[4096];
    union bpf_attr a;
    memset(&a, 0, sizeof a);
    a.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
    a.insns = (uint64_t)(uintptr_t)prog;
    a.insn_cnt = 2;
    a.license = (uint64_t)(uintptr_t) "GPL";
    a.log_buf = (uint64_t)(uintptr_t)log;
    a.log_size = sizeof log;
    a.log_level = 1;
    int fd = (int)bpf(BPF_PROG_LOAD, &a);
    if (fd < 0) {
        perror("BPF_PROG_LOAD");
        fputs(log, stderr);
        return 1;
    }
    memset(&a, 0, sizeof a);
    a.raw_tracepoint.name = (uint64_t)(uintptr_t) "sys_exit";
    a.raw_tracepoint.prog_fd = fd;
    if (bpf(BPF_RAW_TRACEPOINT_OPEN, &a) < 0) {
        perror("BPF_RAW_TRACEPOINT_OPEN sys_exit");
        return 1;
    }
    puts("ready");
    fflush(stdout);
    char c;
    while (read(0, &c, 1) > 0)
        ;
    return 0;
}
