/* PLACEHOLDER: replaced by the module's real rule table. */
#include "report/rule.h"
const dd_rule_table dd_secret_table = {"secret", "secret rules", NULL, 0, sizeof(dd_rule)};
