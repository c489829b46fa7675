#pragma once
// The NAME of `chainlit-cpp new NAME`: it becomes the project's folder, its CMake project and
// its executable target, so it must be valid as all three.
#include <optional>
#include <string>
#include <string_view>

namespace chainlit::tools {

/// Why `name` cannot name a project (one line, for the user), or nullopt when it can: letters,
/// digits, `_` and `-`, starting with a letter or digit, at most 64 characters, and not a
/// target name CMake reserves (all, test, install, ...).
std::optional<std::string> project_name_error(std::string_view name);

} // namespace chainlit::tools
