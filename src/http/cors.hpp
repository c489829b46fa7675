#pragma once
// CORS as spec A.1 asks: echo an allowed Origin, always with credentials, since browsers
// reject `*` for credentialed requests.
#include "chainlit/http/request.hpp"
#include "chainlit/http/response.hpp"

#include <optional>
#include <string>
#include <vector>

namespace chainlit::http {

/// True if `origin` is allowed by the list ("*" allows every origin).
bool origin_allowed(const std::vector<std::string>& allow, std::string_view origin);
/// The answer to a CORS preflight (OPTIONS with Access-Control-Request-Method), or nullopt if
/// `req` is not one.
std::optional<response> cors_preflight(const std::vector<std::string>& allow, const request& req);
/// Adds Access-Control-Allow-* headers to `res` when the request carries an allowed Origin.
void apply_cors(const std::vector<std::string>& allow, const request& req, response& res);

} // namespace chainlit::http
