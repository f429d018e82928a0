/* The recorder builds on the eBPF sensor of `drydock watch` (issue 11), which is not in
 * this tree yet: until it is, recording says so instead of loading a second BPF program. */
#include <stdlib.h>

#include "profile/recorder.h"

static int pending(dd_error *e)
{
    dd_error_set(e, DD_ERR_RUN, 0,
                 "recording needs the eBPF sensor of 'drydock watch', which this build "
                 "does not have yet");
    return dd_error_hint(e, "'drydock profile --merge' and 'compare' work without it");
}

int dd_profile_record_container(const char *container, const dd_record_opts *o, dd_recording *out,
                                dd_error *e)
{
    return pending(e);
}

int dd_profile_record_run(int argc, char **argv, const dd_record_opts *o, dd_recording *out,
                          dd_error *e)
{
    return pending(e);
}

int dd_profile_verify(const dd_recording *r, int argc, char **argv, const dd_record_opts *o,
                      dd_profile_verdict *out, dd_error *e)
{
    return pending(e);
}

void dd_profile_verdict_print(FILE *out, const dd_profile_verdict *v, bool json) {}

void dd_profile_verdict_free(dd_profile_verdict *v) {}
