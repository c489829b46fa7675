#include "chainlit/http/cookie.hpp"

#include "ows.hpp"

namespace chainlit::http {

std::string cookie::to_header() const {
    std::string h = name + "=" + value;
    if (!path.empty())
        h += "; Path=" + path;
    if (max_age)
        h += "; Max-Age=" + std::to_string(*max_age);
    if (http_only)
        h += "; HttpOnly";
    // Browsers reject SameSite=None without Secure, so None always implies Secure.
    if (secure || same_site == same_site::none)
        h += "; Secure";
    switch (same_site) {
    case same_site::lax:
        h += "; SameSite=Lax";
        break;
    case same_site::strict:
        h += "; SameSite=Strict";
        break;
    case same_site::none:
        h += "; SameSite=None";
        break;
    }
    return h;
}

std::vector<std::pair<std::string, std::string>> parse_cookie_header(std::string_view header) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!header.empty()) {
        const auto semi = header.find(';');
        std::string_view pair = trim_ows(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos || eq == 0)
            continue; // not a name=value pair: skip it rather than reject the request
        std::string_view value = trim_ows(pair.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        out.emplace_back(std::string(trim_ows(pair.substr(0, eq))), std::string(value));
    }
    return out;
}

} // namespace chainlit::http
