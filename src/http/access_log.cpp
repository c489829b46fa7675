#include "access_log.hpp"

#include <array>
#include <strings.h>

namespace chainlit::http {
namespace {

constexpr std::array<std::string_view, 9> secret_names = {
    "code",          "state",         "token",    "access_token", "id_token",
    "refresh_token", "client_secret", "password", "api_key"};

bool is_secret(std::string_view name) {
    for (auto s : secret_names)
        if (name.size() == s.size() && strncasecmp(name.data(), s.data(), s.size()) == 0)
            return true;
    return false;
}

} // namespace

std::string loggable_target(std::string_view target) {
    const auto q = target.find('?');
    if (q == std::string_view::npos)
        return std::string(target);
    std::string out(target.substr(0, q + 1));
    std::string_view query = target.substr(q + 1);
    bool first = true;
    while (true) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        if (!first)
            out += '&';
        first = false;
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && is_secret(pair.substr(0, eq))) {
            out.append(pair.substr(0, eq + 1));
            out += "[redacted]";
        } else {
            out.append(pair);
        }
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

} // namespace chainlit::http
