#pragma once
#include <optional>
#include <string_view>

namespace chainlit::http {

/// The methods the router dispatches. Anything else is answered 405 (or 501 by the parser).
enum class method { get, head, post, put, patch, del, options };

std::string_view to_string(method m) noexcept;
std::optional<method> method_from_string(std::string_view s) noexcept;

} // namespace chainlit::http
