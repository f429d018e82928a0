/* User and group names as each container defines them (its own /etc/passwd and
 * /etc/group, read through /proc/PID/root) or the host does. Read once per container,
 * bounded, cached; a container whose files cannot be read has no names (user.name is
 * then missing, never guessed from the host).
 * Ownership: strings returned belong to the cache and live until dd_users_free(). */
#pragma once
#include <stdint.h>

typedef struct dd_users dd_users;

dd_users *dd_users_new(const char *procroot);
void dd_users_free(dd_users *u);
/* key: the container id, or "host"; pid: a process of it to read the files through. */
const char *dd_users_name(dd_users *u, const char *key, uint32_t pid, uint32_t uid);
const char *dd_users_home(dd_users *u, const char *key, uint32_t pid, uint32_t uid);
const char *dd_users_shell(dd_users *u, const char *key, uint32_t pid, uint32_t uid);
const char *dd_users_group(dd_users *u, const char *key, uint32_t pid, uint32_t gid);
