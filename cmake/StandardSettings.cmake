# INTERFACE targets linked PRIVATE by every Steward target (ccache's pattern).

add_library(steward_settings INTERFACE)
target_compile_features(steward_settings INTERFACE cxx_std_20)
target_include_directories(steward_settings INTERFACE ${PROJECT_SOURCE_DIR})
target_compile_definitions(steward_settings INTERFACE
  $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>
  $<$<CONFIG:CI>:_GLIBCXX_ASSERTIONS>)

# Sanitizers: every target links the runtimes (steward_settings); the code is
# instrumented where `steward_sanitize` is linked — Steward's own libraries
# and binary, and the tests unless STEWARD_SANITIZE_TESTS is OFF (CI: the
# tests' own code is a third of the build and not what is being checked).
add_library(steward_sanitize INTERFACE)
set(_sanitizers "")
if(ENABLE_SANITIZER_ADDRESS)
  list(APPEND _sanitizers address)
endif()
if(ENABLE_SANITIZER_UNDEFINED)
  list(APPEND _sanitizers undefined)
endif()
if(_sanitizers)
  list(JOIN _sanitizers "," _sanitizer_list)
  target_compile_options(steward_sanitize INTERFACE
    -fsanitize=${_sanitizer_list} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(steward_settings INTERFACE -fsanitize=${_sanitizer_list})
  if(ENABLE_SANITIZER_UNDEFINED AND SANITIZER_UNDEFINED_SKIP)
    # SANITIZER_UNDEFINED_SKIP (CMakeLists.txt says why).
    target_compile_options(steward_sanitize INTERFACE -fno-sanitize=${SANITIZER_UNDEFINED_SKIP})
    target_link_options(steward_settings INTERFACE -fno-sanitize=${SANITIZER_UNDEFINED_SKIP})
  endif()
  if(ENABLE_SANITIZER_UNDEFINED AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # clang 14: -fsanitize=function breaks coroutine builds.
    target_compile_options(steward_sanitize INTERFACE -fno-sanitize=function)
  endif()
endif()

add_library(steward_warnings INTERFACE)
target_compile_options(steward_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wnull-dereference -Wcast-align
  $<$<BOOL:${WARNINGS_AS_ERRORS}>:-Werror>)
