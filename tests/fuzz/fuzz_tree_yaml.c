/* libFuzzer target: the located tree's YAML parser on arbitrary bytes. */
#include "fuzz_tree.h"

DD_FUZZ_TREE_TARGET(yaml)
