/* A profile's files on disk and its summary for people. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "profile/profile.h"

/* Write DIR/profile.json (everything, read back by verify and --merge), seccomp.json,
 * docker-run.txt, compose.yaml and the AppArmor profile (named after the profile); each
 * file replaced atomically. DIR is created when missing. */
int dd_profile_write_dir(const dd_profile *p, const dd_recording *r, const char *dir, dd_error *e);
/* The summary: counts against Docker's default, capabilities, tmpfs, user, limits, the
 * AppArmor check, notes, and the docker run flags. */
void dd_profile_print(FILE *out, const dd_profile *p, const dd_recording *r, const char *dir,
                      const char *apparmor_check);
/* Whether this kernel enforces AppArmor profiles. */
bool dd_apparmor_enforceable(void);
