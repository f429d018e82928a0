/* The vulnerability scan's own rules: what it could not check is a finding, so a pipeline
 * gated with --fail-on fails on it instead of passing an image nobody assessed. */
#include "report/rule.h"
#include "vuln/match.h"

static const dd_rule rows[] = {
    {
        .id = DD_RULE_NOT_COVERED,
        .title = "Packages not checked for vulnerabilities",
        .severity = DD_SEV_HIGH,
        .group = "vulnerabilities",
        .rationale = "The vulnerability database holds no data for these packages' distribution "
                     "release or ecosystem, or drydock has no feed for it: their known "
                     "vulnerabilities, however severe, cannot be reported. An image nobody could "
                     "assess must not pass as clean.",
        .remediation = "Import the missing feed ('drydock db import', or add it to 'drydock db "
                       "update --source'): Ubuntu and Red Hat OSV records, the Alpine secdb of "
                       "that release, the OSV archive of the ecosystem. To accept the gap "
                       "knowingly, list the rule in .drydockignore with the ecosystem and an "
                       "expiry: " DD_RULE_NOT_COVERED " pkg:Ubuntu exp:2026-12-31.",
    },
};

const dd_rule_table dd_vuln_table = DD_RULE_TABLE("scan", "Vulnerability coverage", rows);

const dd_rule *dd_vuln_rule_not_covered(void)
{
    return &rows[0];
}
