#pragma once
// `chainlit-cpp new NAME [--dir PATH]`: writes a ready project (CMakeLists.txt, main.cpp,
// .chainlit/config.toml, chainlit.md, README.md, .gitignore) and prints the next commands.
#include <filesystem>
#include <string>

namespace chainlit::tools {

struct new_project_args {
    std::string name;
    std::filesystem::path dir; ///< the project's folder; empty: ./NAME
};

/// Exit codes: 0 written; 1 the folder exists and is not empty (nothing is touched) or a file
/// cannot be written; 2 NAME is not a valid project name. Errors are one line on stderr.
int new_project(const new_project_args& args);

} // namespace chainlit::tools
