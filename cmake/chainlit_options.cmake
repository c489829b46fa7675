# Per-target settings shared by every chainlit target. Flags go on targets, never into
# CMAKE_CXX_FLAGS, so an app that consumes us keeps its own flags.

find_program(CHAINLIT_CCACHE ccache)
if(CHAINLIT_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CHAINLIT_CCACHE})
endif()

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

# chainlit_target_defaults(<target>): warnings and sanitizers for our own targets.
function(chainlit_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  if(CHAINLIT_SANITIZE)
    # -fno-sanitize=function: clang 14's function sanitizer cannot emit the prologue of split
    # coroutines ("Cannot represent a difference across sections"), and all our I/O is coroutines.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize=function
      -fno-omit-frame-pointer)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
  if(CHAINLIT_BUILD_FUZZERS)
    # Coverage instrumentation for the code under test, or libFuzzer sees only its harness.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()

# chainlit_add_layer(<name> SOURCES ... DEPS ...): one static library per layer, exported as
# chainlit::<name>.
function(chainlit_add_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(chainlit_${name} STATIC ${L_SOURCES})
  add_library(chainlit::${name} ALIAS chainlit_${name})
  set_target_properties(chainlit_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(chainlit_${name}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(chainlit_${name} PUBLIC ${L_PUBLIC_DEPS} PRIVATE ${L_PRIVATE_DEPS})
  chainlit_target_defaults(chainlit_${name})
  set_property(GLOBAL APPEND PROPERTY CHAINLIT_LAYERS chainlit_${name})
endfunction()
