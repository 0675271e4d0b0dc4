# Compile flags shared by every target of the project.

add_compile_definitions(
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    LAUNCH_VERSION="${PROJECT_VERSION}")

if(MSVC)
    add_compile_options(/W4 /permissive- /utf-8)
    if(LAUNCH_WARNINGS_AS_ERRORS)
        add_compile_options(/WX)
    endif()
else()
    add_compile_options(-Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual
        -Wimplicit-fallthrough)
    # A local that hides another local. Clang, Apple's included, has no such flag: the GCC
    # build on Linux is the one that holds the code to it.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        add_compile_options(-Wshadow=local)
    endif()
    if(LAUNCH_WARNINGS_AS_ERRORS)
        add_compile_options(-Werror)
    endif()
endif()

# Helper for Qt Test executables: one test class per executable, registered with CTest,
# GUI tests on the offscreen platform.
function(launch_add_test name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;ENV" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LAUNCH_BUILD_DIR=${CMAKE_BINARY_DIR};${ARG_ENV}"
        TIMEOUT 300)
endfunction()

# Hardening for optimised builds on GCC and Clang (buffer-overflow checks in libc calls).
if(NOT MSVC)
    add_compile_options($<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
endif()
