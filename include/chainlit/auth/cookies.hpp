#pragma once
#include "chainlit/core/error.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainlit::auth {

/// Request cookies as the http layer parses them: (name, value) in arrival order, duplicates
/// kept, so that this layer can refuse ambiguous ones.
using cookie_list = std::vector<std::pair<std::string, std::string>>;

enum class same_site { lax, strict, none };

/// Attributes of a Set-Cookie, independent of the http layer's cookie type (the app layer copies
/// them across).
struct cookie_attributes {
    bool http_only = true; ///< scripts never see auth material
    auth::same_site same_site = auth::same_site::lax;
    bool secure = false;
    std::optional<std::chrono::seconds> max_age; ///< 0 deletes; nullopt is a session cookie
    std::string path = "/";
    friend bool operator==(const cookie_attributes&, const cookie_attributes&) = default;
};

/// One Set-Cookie to emit.
struct set_cookie {
    std::string name;
    std::string value;
    cookie_attributes attributes;
};

/// Auth cookie settings from the environment (spec D.3, G.3).
struct cookie_settings {
    std::string name = "access_token";                ///< CHAINLIT_AUTH_COOKIE_NAME
    auth::same_site same_site = auth::same_site::lax; ///< CHAINLIT_COOKIE_SAMESITE
    /// CHAINLIT_AUTH_COOKIE_PATH. Chainlit sets with "/" and deletes with this path; we use it
    /// for both, because a deletion only works with the path the cookie was set with.
    std::string path = "/";
    /// `[project] user_session_timeout`, the cookie's Max-Age (not an env var: config.toml).
    std::chrono::seconds max_age{1'296'000};
};

/// Looks an environment variable up; nullopt when unset. Injectable for tests.
using env_lookup = std::function<std::optional<std::string>(const std::string&)>;
/// std::getenv.
std::optional<std::string> process_env(const std::string& name);

/// Reads the settings above; `max_age` keeps its default. SameSite is case-insensitive (as in
/// Starlette). Empty variables count as unset. Errors: auth_errc::invalid_setting for an unknown
/// SameSite value or a cookie name with characters a cookie name cannot hold.
result<cookie_settings> cookie_settings_from_env(const env_lookup& env = process_env);

/// Chainlit splits tokens longer than this into `<name>_0`, `<name>_1`, ... (browsers cap a
/// cookie near 4 KiB).
inline constexpr std::size_t cookie_chunk_size = 3000;

/// The attributes every auth cookie gets. Secure is set when SameSite=None (browsers drop
/// SameSite=None cookies without it) or when the request came over HTTPS.
cookie_attributes auth_cookie_attributes(const cookie_settings& s, bool request_is_https);

/// What to send after a login: `set` holds one cookie (the token fits in cookie_chunk_size) or
/// the chunks `_0`, `_1`, ...; `remove` holds deletions (empty value, Max-Age=0, same path) for
/// every auth cookie the request carried that `set` does not overwrite: leftover chunks of a
/// longer earlier token, or the unchunked cookie when we now chunk.
struct auth_cookie_plan {
    std::vector<set_cookie> set;
    std::vector<set_cookie> remove;
};
auth_cookie_plan plan_auth_cookies(std::string_view token, const cookie_settings& s,
                                   const cookie_list& request_cookies, bool request_is_https);

/// Deletions for logout: every request cookie whose name starts with the auth cookie name
/// (spec C.1 `/logout`), each once.
std::vector<set_cookie> plan_logout_cookies(const cookie_settings& s,
                                            const cookie_list& request_cookies,
                                            bool request_is_https);

/// The token the request carries: the unchunked cookie `name` if present, else `name_0`,
/// `name_1`, ... joined until one is missing. Empty values count as missing (as in Chainlit).
/// Errors:
/// - auth_errc::missing_token: no auth cookie; the caller may try the Bearer header next;
/// - auth_errc::ambiguous_cookie: a cookie it needs came twice with different values (a
///   cookie-tossing attempt, or stale cookies on another path). Answer 401, do not fall back;
/// - auth_errc::token_too_large: the joined chunks exceed max_token_size.
result<std::string> read_auth_token(const cookie_list& request_cookies, std::string_view name);

} // namespace chainlit::auth
