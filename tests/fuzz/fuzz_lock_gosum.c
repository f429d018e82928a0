/* libFuzzer target: the go.sum reader on arbitrary bytes. */
#include "fuzz_lockfile.h"
#include "pkg/readers.h"

DD_FUZZ_LOCK_TARGET("go.sum")
