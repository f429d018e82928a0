/* Linux capabilities by name (names from libcap, so new kernels' capabilities are named
 * without a list kept here), Docker's default set and the ones that hand a container a
 * way out. Shared by `inside` and `profile`. All strings returned are static or written
 * into the caller's buffer. */
#pragma once
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define DD_CAP_NAME_MAX 32

/* "NET_BIND_SERVICE" for bit 10 (no CAP_ prefix, upper case); "CAP_63" when libcap has no
 * name for the bit. Returns buf. */
const char *dd_cap_name(unsigned bit, char buf[DD_CAP_NAME_MAX]);
/* The bit for "NET_BIND_SERVICE", "CAP_NET_BIND_SERVICE" or "cap_net_bind_service";
 * -1 when unknown. */
int dd_cap_from_name(const char *name);
/* Docker's default capability set (the 14 capabilities runc grants without --cap-add). */
uint64_t dd_cap_docker_default(void);
/* Why a capability is dangerous in a container, or NULL when it is not one of those. */
const char *dd_cap_danger(unsigned bit);
/* A set by name: "CHOWN,KILL" (with `sep` between names; "" for the empty set), owned by
 * the caller; and as a JSON array of names (owned by the caller). */
char *dd_cap_set_str(uint64_t set, const char *sep);
json_t *dd_cap_set_json(uint64_t set);
/* Every capability bit the running kernel knows: 0 .. dd_cap_last(). */
unsigned dd_cap_last(void);
