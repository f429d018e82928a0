/* drydock's default runtime ruleset (rules/drydock_rules.yaml), embedded in the binary so
 * that `drydock watch` and `drydock rules -c watch` need no file at run time. The YAML is
 * the one source: it is included byte for byte by the assembler. */
#include "watch/default_rules.h"

__asm__(".section .rodata\n"
        ".global dd_default_rules_start\n"
        ".type dd_default_rules_start, @object\n"
        ".balign 16\n"
        "dd_default_rules_start:\n"
        ".incbin \"" DD_SOURCE_DIR "/rules/drydock_rules.yaml\"\n"
        ".global dd_default_rules_end\n"
        ".type dd_default_rules_end, @object\n"
        "dd_default_rules_end:\n"
        ".byte 0\n"
        ".previous\n");

extern const char dd_default_rules_start[], dd_default_rules_end[];

const char *dd_default_rules(size_t *len)
{
    *len = (size_t)(dd_default_rules_end - dd_default_rules_start);
    return dd_default_rules_start;
}
