#include "new_project.hpp"

#include "install_layout.hpp"
#include "project_name.hpp"
#include "templates.hpp"

#include <chainlit/core/config.hpp>

#include <fstream>
#include <iostream>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace chainlit::tools {
namespace {

namespace fs = std::filesystem;

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
    std::string out;
    for (std::size_t at = 0;;) {
        const std::size_t hit = text.find(from, at);
        out.append(text.substr(at, hit - at));
        if (hit == std::string_view::npos)
            return out;
        out.append(to);
        at = hit + from.size();
    }
}

/// `cmake -S . -B build`, with CMAKE_PREFIX_PATH when this chainlit-cpp was installed where
/// find_package does not look by itself.
std::string configure_command() {
    std::string cmd = "cmake -S . -B build";
    if (auto layout = find_install_layout(); layout && !is_default_prefix(layout->prefix))
        cmd += " -DCMAKE_PREFIX_PATH=" + layout->prefix.string();
    return cmd;
}

/// The library's default config (what `app init` writes), with the chat named after the app.
std::string config_toml(const std::string& name) {
    std::string toml = default_config_toml();
    const std::string_view line = "name = \"Assistant\"";
    if (auto at = toml.find(line); at != std::string::npos)
        toml.replace(at, line.size(), "name = \"" + name + "\"");
    return toml;
}

/// The folder may be new or empty; anything else is the user's and is left alone.
std::optional<std::string> unusable_folder(const fs::path& dir) {
    std::error_code ec;
    const auto status = fs::status(dir, ec);
    if (status.type() == fs::file_type::not_found)
        return std::nullopt;
    if (ec)
        return "cannot read " + dir.string() + ": " + ec.message();
    if (!fs::is_directory(status))
        return dir.string() + " exists and is not a folder";
    if (!fs::is_empty(dir, ec) || ec)
        return dir.string() + " exists and is not empty; choose another name or --dir";
    return std::nullopt;
}

} // namespace

int new_project(const new_project_args& args) {
    if (auto error = project_name_error(args.name)) {
        std::cerr << "error: " << *error << "\n";
        return 2;
    }
    const fs::path dir = args.dir.empty() ? fs::path(args.name) : args.dir;
    if (auto error = unusable_folder(dir)) {
        std::cerr << "error: " << *error << "\n";
        return 1;
    }

    auto fill = [&](std::string_view tpl) {
        return replace_all(replace_all(tpl, "@NAME@", args.name), "@CONFIGURE@",
                           configure_command());
    };
    const std::vector<std::pair<fs::path, std::string>> files{
        {"CMakeLists.txt", fill(templates::cmakelists_txt)},
        {"main.cpp", fill(templates::main_cpp)},
        {fs::path(".chainlit") / "config.toml", config_toml(args.name)},
        {"chainlit.md", fill(templates::chainlit_md)},
        {"README.md", fill(templates::readme_md)},
        {".gitignore", fill(templates::gitignore)},
    };
    std::error_code ec;
    fs::create_directories(dir / ".chainlit", ec);
    if (ec) {
        std::cerr << "error: cannot create " << (dir / ".chainlit").string() << ": " << ec.message()
                  << "\n";
        return 1;
    }
    for (const auto& [name, text] : files) {
        const fs::path path = dir / name;
        std::ofstream out(path, std::ios::binary);
        out << text;
        out.close();
        if (!out) {
            std::cerr << "error: cannot write " << path.string() << "\n";
            return 1;
        }
        std::cout << "created " << path.string() << "\n";
    }

    std::cout << "\nNext:\n"
              << "  cd " << dir.string() << "\n"
              << "  " << configure_command() << "\n"
              << "  cmake --build build\n"
              << "  ./build/" << args.name << "    # then open http://127.0.0.1:8000\n";
    return 0;
}

} // namespace chainlit::tools
