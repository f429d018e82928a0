/* libFuzzer target: the packages.lock.json reader on arbitrary bytes. */
#include "fuzz_lockfile.h"
#include "pkg/readers.h"

DD_FUZZ_LOCK_TARGET("packages.lock.json")
