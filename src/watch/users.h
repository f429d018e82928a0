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
/* Where a container's names come from: the files as read when it started (text, or NULL),
 * else through a process of it (/proc/PID/root). */
typedef struct dd_users_src {
    const char *key; /* the container id, or "host" */
    const char *passwd, *group;
    uint32_t pid;
} dd_users_src;

const char *dd_users_name(dd_users *u, const dd_users_src *s, uint32_t uid);
const char *dd_users_home(dd_users *u, const dd_users_src *s, uint32_t uid);
const char *dd_users_shell(dd_users *u, const dd_users_src *s, uint32_t uid);
const char *dd_users_group(dd_users *u, const dd_users_src *s, uint32_t gid);
