#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::http {

enum class same_site { lax, strict, none };

/// A Set-Cookie to send. Defaults are the safe ones: HttpOnly, SameSite=Lax, Path=/.
struct cookie {
    std::string name;
    std::string value;
    std::string path = "/";
    std::optional<long long> max_age; ///< seconds; 0 deletes the cookie
    bool http_only = true;            ///< scripts never see auth material
    bool secure = false;              ///< set behind HTTPS (see auth layer)
    http::same_site same_site = same_site::lax;

    /// The Set-Cookie header value.
    std::string to_header() const;
};

/// Parses a request `Cookie:` header into (name, value) pairs, in order, duplicates kept (the
/// auth layer decides what a duplicate means). Malformed pairs are skipped, never fatal.
std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header);

} // namespace chainlit::http
