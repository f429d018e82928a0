/* libFuzzer target: the pom.xml reader on arbitrary bytes. */
#include "fuzz_lockfile.h"
#include "pkg/readers.h"

DD_FUZZ_LOCK_TARGET(DD_LOCK_POM, "pom.xml")
