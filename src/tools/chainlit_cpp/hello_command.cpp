#include "hello_command.hpp"

#include "install_layout.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <system_error>
#include <unistd.h>

namespace chainlit::tools {
namespace {

namespace fs = std::filesystem;

/// The XDG base-directory rule: $XDG_DATA_HOME if it is an absolute path, else
/// $HOME/.local/share.
std::optional<fs::path> user_data_home() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg && fs::path(xdg).is_absolute())
        return fs::path(xdg);
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".local" / "share";
    return std::nullopt;
}

int fail(const std::string& line) {
    std::cerr << "error: " << line << "\n";
    return 1;
}

} // namespace

int run_hello(const std::vector<std::string>& args) {
    const auto layout = find_install_layout();
    if (!layout)
        return fail("chainlit-cpp hello runs the installed demo, but this chainlit-cpp is not in "
                    "an install's bin folder (run `cmake --install` first)");
    if (::access(layout->demo_binary.c_str(), X_OK) != 0)
        return fail("the demo app is not installed: " + layout->demo_binary.string() +
                    " is missing (it is installed with the examples, CHAINLIT_BUILD_EXAMPLES=ON)");
    std::error_code ec;
    if (!fs::is_directory(layout->demo_data, ec))
        return fail("the demo's app folder is not installed: " + layout->demo_data.string() +
                    " is missing");
    const auto data_home = user_data_home();
    if (!data_home)
        return fail("neither XDG_DATA_HOME nor HOME is set: nowhere to keep the demo's files");

    const fs::path dir = *data_home / "chainlit-cpp" / "hello";
    const bool first_run = !fs::exists(dir, ec);
    fs::create_directories(dir, ec);
    if (!ec)
        fs::copy(layout->demo_data, dir,
                 fs::copy_options::recursive | fs::copy_options::skip_existing, ec);
    if (ec)
        return fail("cannot copy " + layout->demo_data.string() + " to " + dir.string() + ": " +
                    ec.message());
    if (first_run)
        std::cerr << "chainlit-cpp hello: the demo keeps its files in " << dir.string() << "\n";

    // The demo reads its app folder from CHAINLIT_APP_ROOT, else the working directory: set
    // both, so an app root exported for another app does not send it elsewhere.
    if (::chdir(dir.c_str()) != 0)
        return fail("cannot enter " + dir.string() + ": " + std::strerror(errno));
    ::setenv("CHAINLIT_APP_ROOT", dir.c_str(), 1);

    std::vector<char*> argv;
    std::string argv0 = "hello";
    argv.push_back(argv0.data());
    std::vector<std::string> owned(args);
    for (auto& a : owned)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(layout->demo_binary.c_str(), argv.data());
    return fail("cannot run " + layout->demo_binary.string() + ": " + std::strerror(errno));
}

} // namespace chainlit::tools
