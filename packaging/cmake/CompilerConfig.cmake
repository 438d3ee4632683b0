# One INTERFACE target carries the project's warnings and Qt defines, so every library,
# executable and test is built the same way (qBittorrent's qbt_common_cfg does the same).
add_library(cc_common_cfg INTERFACE)

target_compile_definitions(cc_common_cfg INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_USE_QSTRINGBUILDER
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    $<$<NOT:$<CONFIG:Debug>>:QT_NO_DEBUG_OUTPUT>
    CC_VERSION_STRING="${PROJECT_VERSION}")

if(MSVC)
    target_compile_options(cc_common_cfg INTERFACE /W4 /utf-8 $<$<BOOL:${CC_WARNINGS_AS_ERRORS}>:/WX>)
else()
    target_compile_options(cc_common_cfg INTERFACE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
        -Wformat=2 -Wimplicit-fallthrough
        $<$<BOOL:${CC_WARNINGS_AS_ERRORS}>:-Werror>)
endif()

# CC_SANITIZERS="address,undefined" builds every target instrumented (the asan preset). UBSan
# findings abort (-fno-sanitize-recover) so a test cannot pass while undefined behaviour is
# reported; frame pointers keep ASan's stack traces whole in optimised code.
set(CC_SANITIZERS "" CACHE STRING "Comma-separated -fsanitize= list (empty: none)")
if(CC_SANITIZERS)
    if(MSVC)
        message(FATAL_ERROR "CC_SANITIZERS is supported with GCC and Clang only")
    endif()
    target_compile_options(cc_common_cfg INTERFACE
        -fsanitize=${CC_SANITIZERS} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(cc_common_cfg INTERFACE -fsanitize=${CC_SANITIZERS})
endif()
