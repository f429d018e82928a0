/* The image checks of `drydock scan`: configuration (CIS 4.x, Dockle), the filesystem of
 * the final view, and secrets (in files, in deleted layers, in ENV, labels and history).
 * The rules are the rows of dd_scan_table (see `drydock rules --command scan`).
 *
 * Ownership: findings go into the caller's report. */
#pragma once
#include "image/image.h"
#include "pkg/pkg.h"
#include "report/report.h"

enum {
    DD_CHECK_CONFIG = 1u << 0,  /* configuration and filesystem rules */
    DD_CHECK_SECRETS = 1u << 1, /* secrets in files, deleted layers, ENV, labels, history */
};

extern const dd_rule_table dd_scan_table;

/* Run the checks selected by `what` over `img`; `pkgs` (may be NULL) tells which
 * packages are installed; `target` names the image in findings; `scanner` (borrowed,
 * may be NULL: then compiled here) tests ENV, labels and history for secrets. */
int dd_image_check(const dd_image *img, const dd_package_list *pkgs, unsigned what,
                   const char *target, struct dd_secret_scanner *scanner, dd_report *r,
                   dd_error *e);

/* Mask a value for display (secrets never appear whole in any output). */
void dd_image_mask(const char *value, char *out, size_t outsz);
