/* The rules of a source-tree scan beyond secrets (secrets/) and advisories (vuln/). */
#include <string.h>

#include "core/mem.h"
#include "repo/repo_int.h"

static const dd_rule rows[] = {
    {"DDR-PARSE", "Lockfile or manifest could not be read", DD_SEV_HIGH, "repo",
     "A dependency file drydock cannot read leaves its packages unchecked; reporting nothing "
     "for it would look like a clean result.",
     "Fix the file (the message names the line), or leave it out with --skip-files.", NULL, NULL,
     NULL, NULL, 0},
    {"DDR-UNPINNED", "Dependency not pinned to an exact version", DD_SEV_LOW, "repo",
     "A range resolves to whatever is newest at install time: builds are not reproducible, a "
     "compromised release is installed without review, and no scanner can say which version "
     "will run.",
     "Pin exact versions (name==1.2.3), or generate a lockfile (pip-compile, poetry lock, "
     "uv lock) and commit it.",
     NULL, "CWE-1357", "https://pip.pypa.io/en/stable/topics/repeatable-installs/", NULL, 0},
    {"DDR-SECRET-HISTORY", "Secret in the git history", DD_SEV_HIGH, "secrets",
     "Every clone carries the whole history: a credential deleted or overwritten in a later "
     "commit is still readable with git log -p.",
     "Rotate the credential first; then rewrite the history (git filter-repo) if the "
     "repository is to be published.",
     NULL, "CWE-798", NULL, NULL, 0},
};

const dd_rule_table dd_repo_table = {"scan", "Source tree checks", rows, DD_ARRAY_LEN(rows),
                                     sizeof(dd_rule)};
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
