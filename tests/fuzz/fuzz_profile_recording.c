/* Untrusted input of `drydock profile verify` and `--merge`: a profile file (profile.json)
 * whose recording is read back. Whatever parses is merged into itself and built into a
 * profile with every output (seccomp, docker run, compose, AppArmor, JSON). */
#include <stdint.h>
#include <stdlib.h>

#include "profile/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dd_recording r;
    dd_error e = {0};
    if (dd_profile_parse((const char *)data, size, "fuzz.json", &r, &e) < 0)
        return 0;
    dd_recording twice;
    dd_recording_init(&twice);
    dd_recording_merge(&twice, &r);
    dd_recording_merge(&twice, &r);
    dd_profile p;
    if (dd_profile_build(&twice, "drydock-fuzz", &p, &e) == 0) {
        free(dd_profile_docker_run(&p, "seccomp.json"));
        free(dd_profile_compose(&p, "app", "seccomp.json"));
        json_decref(dd_profile_to_json(&p, &twice));
        dd_profile_free(&p);
    }
    dd_recording_free(&twice);
    dd_recording_free(&r);
    return 0;
}
