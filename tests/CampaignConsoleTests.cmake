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
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;CC_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()
