#!/usr/bin/env bash
# Set-up command 2: the whole test suite.
#  1. installs what the tests need (Debian packages),
#  2. starts a PRIVATE dockerd (own socket, data-root, exec-root; never the system one)
#     and a private image registry on 127.0.0.1 (scripts/private-registry.sh),
#  3. builds the test images in it (debootstrap base cached in ~/.cache/drydock-test),
#  4. builds drydock with warnings as errors and runs ctest (unit, cases, fuzz replay, e2e),
#  5. rebuilds everything with ASan+UBSan and runs the same suite,
#  6. builds the libFuzzer targets with clang and runs each for a fixed number of inputs,
#  and stops the private daemon at the end, also when something failed.
# Options: --quick (skip the ASan and libFuzzer builds), any other argument goes to ctest
# (e.g. -R bench).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

quick=0
ctest_args=()
for a in "$@"; do
    case "$a" in
    --quick) quick=1 ;;
    *) ctest_args+=("$a") ;;
    esac
done

scripts/deps.sh --test || { echo "drydock: could not install test dependencies" >&2; exit 1; }

state=$(mktemp -d /tmp/drydock-dockerd.XXXXXX)
stop_daemon() {
    scripts/private-registry.sh stop "$state/registry" || true
    scripts/private-dockerd.sh stop "$state" || true
    # The data-root holds vfs layers owned by root; remove it last.
    rm -rf "$state" 2>/dev/null || true
}
trap stop_daemon EXIT INT TERM

DD_TEST_DOCKER_HOST=$(scripts/private-dockerd.sh start "$state") || exit 1
export DD_TEST_DOCKER_HOST
DD_TEST_REGISTRY=$(scripts/private-registry.sh start "$state/registry") || exit 1
export DD_TEST_REGISTRY DD_TEST_REGISTRY_DIR=$state/registry
echo "== private registry: $DD_TEST_REGISTRY"
export DD_TEST_CACHE=${DD_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/drydock-test}
echo "== private dockerd: $DD_TEST_DOCKER_HOST"
DOCKER_HOST=$DD_TEST_DOCKER_HOST scripts/test-images.sh || { echo "drydock: building test images failed" >&2; exit 1; }

total_pass=0
total_fail=0
failed_suites=()
# run_suite NAME BUILD_DIR CMAKE_ARGS...
run_suite() {
    local name=$1 dir=$2
    shift 2
    echo "== build: $name"
    mkdir -p "$dir"
    if ! cmake -S . -B "$dir" -G Ninja "$@" >"$dir.cmake.log" 2>&1; then
        cat "$dir.cmake.log" >&2
        failed_suites+=("$name (configure)")
        total_fail=$((total_fail + 1))
        return
    fi
    if ! ninja -C "$dir" -j2; then
        failed_suites+=("$name (build)")
        total_fail=$((total_fail + 1))
        return
    fi
    echo "== ctest: $name"
    (cd "$dir" && ctest --output-on-failure -j2 --timeout 0 "${ctest_args[@]}") | tee "$dir.ctest.log"
    local rc=${PIPESTATUS[0]}
    # A sanitizer report anywhere (a unit test, a fuzz run, or a drydock an e2e test ran
    # through a pipe that hides its exit code) fails the suite: reports go to files.
    local reports
    reports=$(find "$dir/sanitizer-reports" -type f 2>/dev/null | sort)
    if [ -n "$reports" ]; then
        echo "drydock: sanitizer reports in the $name suite:" >&2
        for f in $reports; do head -n 60 "$f" >&2; done
        failed_suites+=("$name (sanitizer reports)")
        total_fail=$((total_fail + $(wc -l <<<"$reports")))
    fi
    local line
    line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$dir.ctest.log" | tail -1)
    if [ -n "$line" ]; then
        local failed total
        failed=$(sed -E 's/.*passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
        total=$(sed -E 's/.*passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
        total_pass=$((total_pass + total - failed))
        total_fail=$((total_fail + failed))
    fi
    if [ "$rc" -ne 0 ]; then
        failed_suites+=("$name")
        [ -n "$line" ] || total_fail=$((total_fail + 1))
    fi
}

# Sanitizers stop at the first report (halt_on_error, and the code is built with
# -fno-sanitize-recover=all), for every process of the stage, and write the report to
# DIR/sanitizer-reports/ where run_suite finds it.
sanitized() { # sanitized DIR COMMAND...
    local dir=$1
    shift
    rm -rf "$dir/sanitizer-reports"
    mkdir -p "$dir/sanitizer-reports"
    local log="log_path=$here/$dir/sanitizer-reports/report"
    ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:$log" \
        UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:$log" "$@"
}

mkdir -p build
if [ $quick -eq 0 ]; then
    # libFuzzer smoke runs: every target, a fixed number of inputs from its seeds.
    CC=clang sanitized build/fuzz run_suite fuzz build/fuzz -DDD_FUZZ=ON \
        -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo
    sanitized build/asan run_suite asan build/asan -DDD_WERROR=ON -DDD_SANITIZE=ON \
        -DCMAKE_BUILD_TYPE=Debug
fi
run_suite release build/ci -DDD_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo

echo
if [ ${#failed_suites[@]} -gt 0 ]; then
    echo "drydock: failed suites: ${failed_suites[*]}"
fi
echo "all suites: $total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ] && [ ${#failed_suites[@]} -eq 0 ]
