/* The default ruleset shipped in the binary (rules/drydock_rules.yaml). Static data. */
#pragma once
#include <stddef.h>

#define DD_DEFAULT_RULES_NAME "rules/drydock_rules.yaml"
/* The YAML text, NUL-terminated; *len excludes the NUL. */
const char *dd_default_rules(size_t *len);
