/* libFuzzer target: the pnpm-lock.yaml reader on arbitrary bytes. */
#include "fuzz_lockfile.h"
#include "pkg/readers.h"

DD_FUZZ_LOCK_TARGET("pnpm-lock.yaml")
