/* The rules of a source-tree scan beyond secrets (secrets/) and advisories (vuln/). */
#include <string.h>

#include "core/mem.h"
#include "repo/repo_int.h"

static const dd_rule rows[] = {
    {
        .id = "DDR-PARSE",
        .title = "Lockfile or manifest could not be read",
        .severity = DD_SEV_HIGH,
        .group = "repo",
        .rationale = "A dependency file drydock cannot read leaves its packages unchecked; "
                     "reporting nothing for it would look like a clean result.",
        .remediation = "Fix the file (the message names the line), or leave it out with "
                       "--skip-files.",
    },
    {
        .id = "DDR-UNPINNED",
        .title = "Dependency not pinned to an exact version",
        .severity = DD_SEV_LOW,
        .group = "repo",
        .rationale = "A range resolves to whatever is newest at install time: builds are not "
                     "reproducible, a compromised release is installed without review, and no "
                     "scanner can say which version will run.",
        .remediation = "Pin exact versions (name==1.2.3), or generate a lockfile (pip-compile, "
                       "poetry lock, uv lock) and commit it.",
        .cwe = "CWE-1357",
        .url = "https://pip.pypa.io/en/stable/topics/repeatable-installs/",
    },
    {
        .id = "DDR-SECRET-HISTORY",
        .title = "Secret in the git history",
        .severity = DD_SEV_HIGH,
        .group = "secrets",
        .rationale = "Every clone carries the whole history: a credential deleted or overwritten "
                     "in a later commit is still readable with git log -p.",
        .remediation = "Rotate the credential first; then rewrite the history (git filter-repo) if "
                       "the repository is to be published.",
        .cwe = "CWE-798",
    },
};

const dd_rule_table dd_repo_table = DD_RULE_TABLE("scan", "Source tree checks", rows);
const dd_rule *const dd_repo_rule_parse = &rows[0];
const dd_rule *const dd_repo_rule_unpinned = &rows[1];
const dd_rule *const dd_repo_rule_history = &rows[2];

void dd_repo_unpinned(const dd_package_list *pkgs, const char *target, dd_report *r)
{
    for (size_t i = 0; i < pkgs->n; i++) {
        const dd_package *p = &pkgs->v[i];
        if (p->version || !p->constraint)
            continue;
        dd_finding *f = dd_report_add(r, dd_repo_rule_unpinned, DD_STATUS_FAIL, target,
                                      "%s %s is not pinned: vulnerabilities cannot be matched",
                                      p->name, p->constraint);
        f->path = dd_xstrdup(p->path);
        f->line = p->line;
    }
}
