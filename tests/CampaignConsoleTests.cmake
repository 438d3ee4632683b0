# cc_add_test(<name> SOURCES <files...> [LIBS <targets...>] [SECRET_SERVICE] [LABELS <labels...>])
#
# Builds one Qt Test executable and registers it with CTest. Every test runs through
# support/run-isolated.sh: a throwaway HOME and XDG directories (nothing touches the developer's
# real settings or keychain) and the offscreen platform. SECRET_SERVICE additionally starts a
# private D-Bus session with an unlocked gnome-keyring (README promises S1-S6).
function(cc_add_test name)
    cmake_parse_arguments(ARG "SECRET_SERVICE" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE cc_common_cfg cc_testsupport Qt6::Test ${ARG_LIBS})
    target_compile_definitions(${name} PRIVATE
        CC_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        CC_BINARY_DIR="${PROJECT_BINARY_DIR}")
    set(mode plain)
    if(ARG_SECRET_SERVICE)
        set(mode secret-service)
    endif()
    add_test(NAME ${name}
        COMMAND "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/support/run-isolated.sh" ${mode} $<TARGET_FILE:${name}>)
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 600)
    endif()
    set(environment "QT_QPA_PLATFORM=offscreen;CC_BINARY_DIR=${PROJECT_BINARY_DIR}")
    if(CC_SANITIZERS)
        # Instrumented code runs a few times slower; the child programs a test starts (CLI,
        # sandbox) inherit the same options.
        math(EXPR ARG_TIMEOUT "${ARG_TIMEOUT} * 3")
        list(APPEND environment ${CC_SANITIZER_TEST_ENVIRONMENT})
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "${environment}")
endfunction()

# The sanitizers' run-time options for every test (ctest --preset asan needs nothing else):
# leaks and UBSan findings fail the test; the suppressions cover only libraries this project
# does not build (see the comments in each file).
set(_cc_supp "${CMAKE_CURRENT_LIST_DIR}/sanitizers")
set(CC_SANITIZER_TEST_ENVIRONMENT
    "ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1:halt_on_error=1"
    "LSAN_OPTIONS=suppressions=${_cc_supp}/lsan.supp:print_suppressions=0"
    "UBSAN_OPTIONS=suppressions=${_cc_supp}/ubsan.supp:print_stacktrace=1:halt_on_error=1")
