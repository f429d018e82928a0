/* libFuzzer target: the poetry.lock reader on arbitrary bytes. */
#include "fuzz_lockfile.h"
#include "pkg/readers.h"

DD_FUZZ_LOCK_TARGET("poetry.lock")
