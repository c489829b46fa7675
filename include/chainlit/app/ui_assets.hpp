#pragma once
// Files embedded in the library at build time (cmake/chainlit_embed_ui.cmake): the built web UI
// and the UI's built-in translations. The bytes live for the whole program.
#include <cstddef>
#include <optional>
#include <string_view>

namespace chainlit {

/// The bytes of a file of the built web UI by URL path ("/index.html",
/// "/assets/index-abc.js"); nullopt if there is no such file.
std::optional<std::string_view> embedded_ui_file(std::string_view path) noexcept;
/// How many UI files are embedded (0 when the library was built without the UI).
std::size_t embedded_ui_file_count() noexcept;
/// The path of the i-th embedded UI file, "" past the end.
std::string_view embedded_ui_file_path(std::size_t i) noexcept;

/// A built-in translation of the UI's strings by path ("/en-US.json", "/fr.json"): JSON text.
std::optional<std::string_view> embedded_translation_file(std::string_view path) noexcept;
std::size_t embedded_translation_file_count() noexcept;
/// The path of the i-th built-in translation ("/de.json"), sorted; "" past the end.
std::string_view embedded_translation_file_path(std::size_t i) noexcept;

} // namespace chainlit
