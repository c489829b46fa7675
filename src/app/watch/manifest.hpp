#pragma once
// What watch mode knows of the app it rebuilds: the manifest that CMake's chainlit_add_app()
// writes next to the binary (cmake/chainlit_app.cmake), and which saved files mean what.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::watch {

struct manifest {
    std::string target;                       ///< the CMake target to rebuild
    std::filesystem::path cmake;              ///< the cmake that configured it
    std::filesystem::path build_dir;          ///< its build tree
    std::filesystem::path binary;             ///< the executable the build writes
    std::vector<std::filesystem::path> watch; ///< folders of its sources
};

/// `<binary>.watch.json`. Throws chainlit::config_error saying what is missing or malformed.
manifest read_manifest(const std::filesystem::path& file);
/// Where this process's own manifest is: next to /proc/self/exe.
std::filesystem::path own_manifest_path();

enum class change { none, rebuild, restart };
/// What a saved file asks for: a source of the app (C++, CMake) a rebuild; the app's
/// config.toml, chainlit*.md, translations or public/ a restart of the same build; anything
/// else (the database, editors' swap files, build output) nothing.
change classify(const std::filesystem::path& file, const std::filesystem::path& app_root,
                const manifest& m);

/// The first compiler or linker error of a build's output, with the lines after it that
/// belong to it (the code and caret), at most `max_lines` lines; empty when none is found.
std::string first_build_error(std::string_view output, std::size_t max_lines = 6);

} // namespace chainlit::watch
