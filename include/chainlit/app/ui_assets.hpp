#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace chainlit {

/// The bytes of a file of the built web UI embedded in the library, by URL path
/// ("/index.html", "/assets/index-abc.js"); nullopt if there is no such file. The bytes live
/// for the whole program.
std::optional<std::string_view> embedded_ui_file(std::string_view path) noexcept;

/// How many UI files are embedded (0 when the library was built without the UI).
std::size_t embedded_ui_file_count() noexcept;

} // namespace chainlit
