#include "cors.hpp"

#include <algorithm>

namespace chainlit::http {

bool origin_allowed(const std::vector<std::string>& allow, std::string_view origin) {
    return std::any_of(allow.begin(), allow.end(),
                       [&](const std::string& a) { return a == "*" || a == origin; });
}

std::optional<response> cors_preflight(const std::vector<std::string>& allow, const request& req) {
    if (req.method() != method::options)
        return std::nullopt;
    const auto origin = req.header("origin");
    const auto wanted = req.header("access-control-request-method");
    if (!origin || !wanted)
        return std::nullopt;
    if (!origin_allowed(allow, *origin))
        return response::error(400, "Disallowed CORS origin");
    response r(200);
    r.set_header("Access-Control-Allow-Methods", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    if (auto h = req.header("access-control-request-headers"))
        r.set_header("Access-Control-Allow-Headers", std::string(*h));
    r.set_header("Access-Control-Max-Age", "600");
    return r;
}

void apply_cors(const std::vector<std::string>& allow, const request& req, response& res) {
    const auto origin = req.header("origin");
    if (!origin || !origin_allowed(allow, *origin))
        return;
    res.set_header("Access-Control-Allow-Origin", std::string(*origin));
    res.set_header("Access-Control-Allow-Credentials", "true");
    res.add_header("Vary", "Origin");
}

} // namespace chainlit::http
