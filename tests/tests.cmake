# Every test is found by name, so adding a test never means editing this file:
#   tests/unit/test_*.c   one executable per module, linked against drydock_lib
#   tests/fuzz/fuzz_*.c   libFuzzer targets; in normal builds they run their corpus
#   tests/e2e/*.sh        end-to-end tests (private dockerd, real images)
#   tests/cases/*/run.sh  data-driven cases
#   tests/helpers/*.c     test-only programs over drydock_lib (never installed), found by
#                         the tests in $DD_HELPERS: what the product binary must not offer
set(DD_TEST_ENV
  "DRYDOCK=$<TARGET_FILE:drydock>"
  "DD_HELPERS=${PROJECT_BINARY_DIR}/helpers"
  "DD_SRC=${PROJECT_SOURCE_DIR}"
  "DD_BUILD=${PROJECT_BINARY_DIR}"
  "DD_SHARED_DATA=${PROJECT_SOURCE_DIR}/../shared/data")

file(GLOB DD_TEST_HELPERS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/helpers/*.c)
foreach(src ${DD_TEST_HELPERS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(helper_${name} ${src})
  set_target_properties(helper_${name} PROPERTIES OUTPUT_NAME ${name}
                        RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/helpers)
  target_link_libraries(helper_${name} PRIVATE drydock_lib)
endforeach()

file(GLOB DD_UNIT_TESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/unit/test_*.c)
if(DD_FUZZ)
  set(DD_UNIT_TESTS "") # the fuzz build runs only the fuzzers
endif()
if(NOT DD_LAZY_LIBS)
  list(FILTER DD_UNIT_TESTS EXCLUDE REGEX "/test_lazy\\.c$") # nothing lazy to test
endif()
foreach(src ${DD_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit)
  target_link_libraries(${name} PRIVATE drydock_lib ${DD_TEST_LIBS})
  string(REGEX REPLACE "^test_" "" short ${name})
  add_test(NAME unit.${short} COMMAND ${name})
  set_tests_properties(unit.${short} PROPERTIES LABELS unit ENVIRONMENT "${DD_TEST_ENV}")
endforeach()

file(GLOB DD_FUZZ_TARGETS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
foreach(src ${DD_FUZZ_TARGETS})
  get_filename_component(name ${src} NAME_WE)
  if(DD_FUZZ)
    add_executable(${name} ${src})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  else()
    # Without libFuzzer the same target replays its corpus and the seeds, so every
    # crash once found stays a regression test.
    add_executable(${name} ${src} ${PROJECT_SOURCE_DIR}/tests/fuzz/replay.c)
  endif()
  target_link_libraries(${name} PRIVATE drydock_lib ${DD_TEST_LIBS})
  string(REGEX REPLACE "^fuzz_" "" short ${name})
  if(DD_FUZZ)
    # A fixed number of inputs, never a time limit; new inputs go to a scratch corpus so
    # the seeds in the tree stay as committed.
    set(scratch ${PROJECT_BINARY_DIR}/fuzz-corpus/${short})
    file(MAKE_DIRECTORY ${scratch})
    add_test(NAME fuzz.${short}
             COMMAND ${name} -runs=3000 -max_len=65536 ${scratch}
                     ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${short})
  else()
    add_test(NAME fuzz.${short}
             COMMAND ${name} ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${short})
  endif()
  set_tests_properties(fuzz.${short} PROPERTIES LABELS fuzz)
endforeach()

file(GLOB DD_E2E_TESTS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/e2e/*.sh)
if(DD_FUZZ)
  return() # the fuzz build runs only the fuzzers
endif()
foreach(src ${DD_E2E_TESTS})
  get_filename_component(name ${src} NAME_WE)
  if(name STREQUAL "lib" OR name MATCHES "_lib$") # helpers sourced by tests
    continue()
  endif()
  add_test(NAME e2e.${name} COMMAND bash ${src})
  set_tests_properties(e2e.${name} PROPERTIES LABELS e2e ENVIRONMENT "${DD_TEST_ENV}"
                       SKIP_RETURN_CODE 77)
  # drydock watch sees every container of the host: its tests run one at a time, and never
  # beside the tests whose containers do what its rules alert on (profile's mount, ptrace
  # and raw socket; inside's probes under SYS_ADMIN or the host's pid namespace), whose
  # alerts would count in a watch test's --fail-on.
  if(name MATCHES "^(watch_|profile_record$|inside$)")
    set_tests_properties(e2e.${name} PROPERTIES RESOURCE_LOCK host-alerts)
  endif()
endforeach()

file(GLOB DD_CASE_RUNNERS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/cases/*/run.sh)
foreach(src ${DD_CASE_RUNNERS})
  get_filename_component(dir ${src} DIRECTORY)
  get_filename_component(name ${dir} NAME)
  add_test(NAME cases.${name} COMMAND bash ${src})
  set_tests_properties(cases.${name} PROPERTIES LABELS cases ENVIRONMENT "${DD_TEST_ENV}"
                       SKIP_RETURN_CODE 77)
endforeach()
