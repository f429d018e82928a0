/* Permission bits compared as what they are: bitmasks.
 *
 * CIS says "644 or more restrictive". docker-bench-security compares `stat -c %a` as a
 * decimal number (`-le 644`), so 606 (world-writable!) passes and 4755 vs 755 looks
 * like a number problem rather than the setuid bit it is. Here "M is at most as
 * permissive as P" means M grants no bit that P does not: (M & ~P & 07777) == 0.
 * Nothing here allocates. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#define DD_MODE_MASK 07777u

/* True when `mode` grants no permission, setuid, setgid or sticky bit outside `allowed`. */
static inline bool dd_mode_at_most(unsigned mode, unsigned allowed)
{
    return (mode & ~allowed & DD_MODE_MASK) == 0;
}

/* The bits of `mode` that `allowed` does not permit (0 when dd_mode_at_most). */
static inline unsigned dd_mode_excess(unsigned mode, unsigned allowed)
{
    return mode & ~allowed & DD_MODE_MASK;
}

/* Parse an octal mode: 1 to 4 octal digits, optional leading "0" (so "0644", "644",
 * "4755", "00644"), value at most 07777. Returns -1 on anything else. */
int dd_mode_parse(const char *s, unsigned *out);

/* Format the permission bits as octal with at least three digits ("644", "4755", "000").
 * `buf` must hold at least 8 bytes; returns buf. */
char *dd_mode_format(unsigned mode, char *buf, size_t size);
