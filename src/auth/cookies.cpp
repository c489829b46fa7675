#include "chainlit/auth/cookies.hpp"

#include "chainlit/auth/error.hpp"
#include "chainlit/auth/jwt.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

namespace chainlit::auth {
namespace {

// RFC 6265 §4.1.1 cookie-name = token (RFC 2616): visible ASCII minus separators.
bool valid_cookie_name(std::string_view n) {
    constexpr std::string_view separators = "()<>@,;:\\\"/[]?={} \t";
    return !n.empty() && std::all_of(n.begin(), n.end(), [&](char c) {
        return c > 0x20 && c < 0x7f && separators.find(c) == std::string_view::npos;
    });
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::optional<std::string> non_empty(const env_lookup& env, const std::string& key) {
    auto v = env(key);
    if (v && v->empty())
        return std::nullopt;
    return v;
}

// `name` itself or `name_<digits>`: the cookies a login owns. Other cookies sharing the prefix
// belong to someone else and survive a login (logout is broader, see plan_logout_cookies).
bool is_auth_cookie(std::string_view cookie, std::string_view name) {
    if (!cookie.starts_with(name))
        return false;
    auto rest = cookie.substr(name.size());
    if (rest.empty())
        return true;
    if (rest.size() < 2 || rest[0] != '_')
        return false;
    return std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; });
}

set_cookie deletion(std::string name, const cookie_settings& s, bool https) {
    auto attributes = auth_cookie_attributes(s, https);
    attributes.max_age = std::chrono::seconds{0};
    return {std::move(name), "", std::move(attributes)};
}

// The single non-empty value of `name`, nullopt when absent. Two different non-empty values are
// an error: we cannot tell which one the user's browser meant.
result<std::optional<std::string>> single_value(const cookie_list& cookies, std::string_view name) {
    const std::string* found = nullptr;
    for (const auto& [n, v] : cookies) {
        if (n != name || v.empty())
            continue;
        if (found && *found != v)
            return auth_errc::ambiguous_cookie;
        found = &v;
    }
    if (!found)
        return std::optional<std::string>{};
    return std::optional<std::string>{*found};
}

} // namespace

std::optional<std::string> process_env(const std::string& name) {
    if (const char* v = std::getenv(name.c_str()))
        return std::string(v);
    return std::nullopt;
}

result<cookie_settings> cookie_settings_from_env(const env_lookup& env) {
    cookie_settings s;
    if (auto name = non_empty(env, "CHAINLIT_AUTH_COOKIE_NAME")) {
        if (!valid_cookie_name(*name))
            return auth_errc::invalid_setting;
        s.name = std::move(*name);
    }
    if (auto v = non_empty(env, "CHAINLIT_COOKIE_SAMESITE")) {
        const auto l = lower(*v);
        if (l == "lax")
            s.same_site = same_site::lax;
        else if (l == "strict")
            s.same_site = same_site::strict;
        else if (l == "none")
            s.same_site = same_site::none;
        else
            return auth_errc::invalid_setting;
    }
    if (auto path = non_empty(env, "CHAINLIT_AUTH_COOKIE_PATH"))
        s.path = std::move(*path);
    return s;
}

cookie_attributes auth_cookie_attributes(const cookie_settings& s, bool request_is_https) {
    cookie_attributes a;
    a.http_only = true;
    a.same_site = s.same_site;
    a.secure = s.same_site == same_site::none || request_is_https;
    a.max_age = s.max_age;
    a.path = s.path;
    return a;
}

auth_cookie_plan plan_auth_cookies(std::string_view token, const cookie_settings& s,
                                   const cookie_list& request_cookies, bool request_is_https) {
    auth_cookie_plan plan;
    const auto attributes = auth_cookie_attributes(s, request_is_https);
    std::set<std::string> written;
    if (token.size() <= cookie_chunk_size) {
        plan.set.push_back({s.name, std::string(token), attributes});
        written.insert(s.name);
    } else {
        for (std::size_t i = 0; i * cookie_chunk_size < token.size(); ++i) {
            auto name = s.name + "_" + std::to_string(i);
            plan.set.push_back({name,
                                std::string(token.substr(i * cookie_chunk_size, cookie_chunk_size)),
                                attributes});
            written.insert(std::move(name));
        }
    }
    std::set<std::string> removed;
    for (const auto& [name, value] : request_cookies) {
        if (is_auth_cookie(name, s.name) && !written.contains(name) && removed.insert(name).second)
            plan.remove.push_back(deletion(name, s, request_is_https));
    }
    return plan;
}

std::vector<set_cookie> plan_logout_cookies(const cookie_settings& s,
                                            const cookie_list& request_cookies,
                                            bool request_is_https) {
    std::vector<set_cookie> out;
    std::set<std::string> seen;
    for (const auto& [name, value] : request_cookies) {
        if (name.starts_with(s.name) && seen.insert(name).second)
            out.push_back(deletion(name, s, request_is_https));
    }
    return out;
}

result<std::string> read_auth_token(const cookie_list& request_cookies, std::string_view name) {
    auto whole = single_value(request_cookies, name);
    if (!whole)
        return whole.error();
    if (*whole) {
        if ((*whole)->size() > max_token_size)
            return auth_errc::token_too_large;
        return std::move(**whole);
    }
    std::string token;
    bool any = false;
    for (std::size_t i = 0;; ++i) {
        const auto chunk_name = std::string(name) + "_" + std::to_string(i);
        auto chunk = single_value(request_cookies, chunk_name);
        if (!chunk)
            return chunk.error();
        if (!*chunk)
            break;
        any = true;
        token += **chunk;
        // Also bounds the loop: every chunk adds at least one character.
        if (token.size() > max_token_size)
            return auth_errc::token_too_large;
    }
    if (!any)
        return auth_errc::missing_token;
    return token;
}

} // namespace chainlit::auth
