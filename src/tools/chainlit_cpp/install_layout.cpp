#include "install_layout.hpp"

#include <system_error>
#include <vector>

namespace chainlit::tools {
namespace {

namespace fs = std::filesystem;

/// An install folder such as `libexec`, under the prefix unless CMake was given an absolute one.
fs::path under_prefix(const fs::path& prefix, const char* dir) {
    const fs::path d(dir);
    return d.is_absolute() ? d : prefix / d;
}

} // namespace

std::optional<install_layout> find_install_layout() {
    std::error_code ec;
    const fs::path exe = fs::canonical("/proc/self/exe", ec);
    if (ec)
        return std::nullopt;
    fs::path prefix = exe.parent_path();
    const fs::path bindir(CHAINLIT_INSTALL_BINDIR);
    if (bindir.is_absolute()) {
        if (prefix != bindir)
            return std::nullopt;
        prefix = prefix.parent_path();
    } else {
        // Walk up one level per component of bindir ("bin" is one), checking each name.
        std::vector<fs::path> parts(bindir.begin(), bindir.end());
        for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
            if (prefix.filename() != *it)
                return std::nullopt;
            prefix = prefix.parent_path();
        }
    }
    install_layout out;
    out.prefix = prefix;
    out.demo_binary = under_prefix(prefix, CHAINLIT_INSTALL_LIBEXECDIR) / "chainlit" / "hello";
    out.demo_data = under_prefix(prefix, CHAINLIT_INSTALL_DATADIR) / "chainlit" / "hello";
    return out;
}

bool is_default_prefix(const std::filesystem::path& prefix) {
    return prefix == "/usr" || prefix == "/usr/local";
}

} // namespace chainlit::tools
