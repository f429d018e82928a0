/* libFuzzer target: the pom.xml reader on arbitrary bytes. */
#include "fuzz_lockfile.h"
#include "pkg/readers.h"

DD_FUZZ_LOCK_TARGET("pom.xml")
