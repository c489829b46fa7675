#pragma once
#include "chainlit/http/response.hpp"

#include <filesystem>
#include <string_view>

namespace chainlit::http {

/// Serves the file at `relative` (a decoded URL path below a mount, e.g. "elements/a.jsx")
/// from directory `root`. Path traversal (`..`, absolute paths, backslashes, NUL, or a symlink
/// leading outside `root`) answers 400 `{"detail": ...}`; a missing file or a directory 404.
response serve_static(const std::filesystem::path& root, std::string_view relative);

/// True if `relative` stays inside its root lexically: no `..`, no absolute path, no
/// backslash or NUL. serve_static also checks the resolved path.
bool is_safe_relative_path(std::string_view relative) noexcept;

} // namespace chainlit::http
