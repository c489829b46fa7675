#pragma once
// HTTP's optional whitespace (RFC 9110 5.6.3: spaces and horizontal tabs), shared by the header
// parsers (cookies, multipart).
#include <string_view>

namespace chainlit::http {

/// `s` without leading and trailing spaces and tabs.
inline std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

} // namespace chainlit::http
