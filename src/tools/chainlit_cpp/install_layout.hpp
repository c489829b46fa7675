#pragma once
// Where the installed package's files are, found from the chainlit-cpp executable's own path
// (/proc/self/exe), so that any install prefix works without a compiled-in absolute path.
#include <filesystem>
#include <optional>

namespace chainlit::tools {

struct install_layout {
    std::filesystem::path prefix;      ///< e.g. /usr/local, /opt/chainlit
    std::filesystem::path demo_binary; ///< the examples/hello app: <libexecdir>/chainlit/hello
    std::filesystem::path demo_data;   ///< its app folder to copy: <datadir>/chainlit/hello
};

/// The layout around the running executable, or nullopt when it does not sit in an install's
/// bin folder (a build tree, say). Nothing is checked to exist.
std::optional<install_layout> find_install_layout();

/// True for the prefixes CMake's find_package searches without CMAKE_PREFIX_PATH.
bool is_default_prefix(const std::filesystem::path& prefix);

} // namespace chainlit::tools
