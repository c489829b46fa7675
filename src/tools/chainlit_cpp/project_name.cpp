#include "project_name.hpp"

#include <algorithm>
#include <array>

namespace chainlit::tools {
namespace {

// ASCII only, whatever the locale: the name becomes a file name and a CMake target.
bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// CMake refuses these as target names (policy CMP0037) or generates them itself; a project
// named so would fail at configure time instead of here.
constexpr std::array<std::string_view, 12> reserved_targets{
    "all",        "clean",         "help",      "install",    "test",      "package",
    "edit_cache", "rebuild_cache", "ALL_BUILD", "ZERO_CHECK", "RUN_TESTS", "package_source"};

} // namespace

std::optional<std::string> project_name_error(std::string_view name) {
    const std::string quoted = "\"" + std::string(name) + "\"";
    if (name.empty())
        return "the project name must not be empty";
    if (name.size() > 64)
        return "the project name is longer than 64 characters";
    if (!is_alnum(name.front()))
        return "the project name " + quoted + " must start with a letter or a digit";
    const bool allowed = std::all_of(name.begin(), name.end(),
                                     [](char c) { return is_alnum(c) || c == '_' || c == '-'; });
    if (!allowed)
        return "the project name " + quoted +
               " may contain only letters, digits, _ and - (it names a folder and a CMake "
               "target)";
    if (std::find(reserved_targets.begin(), reserved_targets.end(), name) != reserved_targets.end())
        return "the project name " + quoted + " is reserved by CMake as a target name";
    return std::nullopt;
}

} // namespace chainlit::tools
