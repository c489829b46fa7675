# chainlit_add_app(<target> <source>...): an app's executable, linked with chainlit, plus what
# `<app> run --watch` needs to rebuild it on a change: a small manifest next to the binary
# (<binary>.watch.json) with the build directory, the target, the cmake that builds it and the
# folders to watch. Used in this repository's examples and exported with the package, so that
# an app's CMakeLists.txt is two lines after find_package(chainlit).
#
#   chainlit_add_app(my_app main.cpp agent.cpp [WATCH extra/dir ...])
#
# WATCH adds folders whose sources the app also builds from (a library of its own, say); the
# folders of the listed sources are always watched.
function(chainlit_add_app target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "WATCH")
  if(NOT arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "chainlit_add_app(${target}): give at least one source file")
  endif()
  add_executable(${target} ${arg_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE chainlit::chainlit)
  target_compile_features(${target} PRIVATE cxx_std_20)

  set(dirs)
  foreach(src IN LISTS arg_UNPARSED_ARGUMENTS)
    get_filename_component(abs "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(dir "${abs}" DIRECTORY)
    list(APPEND dirs "${dir}")
  endforeach()
  foreach(extra IN LISTS arg_WATCH)
    get_filename_component(abs "${extra}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND dirs "${abs}")
  endforeach()
  list(APPEND dirs "${CMAKE_CURRENT_SOURCE_DIR}")
  list(REMOVE_DUPLICATES dirs)

  # JSON by hand: CMake's string(JSON) cannot build arrays from nothing in 3.25 without a seed.
  set(watch_json "")
  foreach(dir IN LISTS dirs)
    string(REPLACE "\\" "\\\\" dir "${dir}")
    string(REPLACE "\"" "\\\"" dir "${dir}")
    if(watch_json)
      string(APPEND watch_json ", ")
    endif()
    string(APPEND watch_json "\"${dir}\"")
  endforeach()
  set(cmake_bin "${CMAKE_COMMAND}")
  set(build_dir "${CMAKE_BINARY_DIR}")
  foreach(v cmake_bin build_dir)
    string(REPLACE "\\" "\\\\" ${v} "${${v}}")
    string(REPLACE "\"" "\\\"" ${v} "${${v}}")
  endforeach()
  file(GENERATE OUTPUT "$<TARGET_FILE:${target}>.watch.json"
    CONTENT "{\"format\": 1, \"target\": \"${target}\", \"cmake\": \"${cmake_bin}\", \
\"build_dir\": \"${build_dir}\", \"binary\": \"$<TARGET_FILE:${target}>\", \
\"watch\": [${watch_json}]}\n")
endfunction()
