#pragma once
// Internal: what the access log may print of a request target. OAuth callbacks carry the
// authorization code and state in the query, and some clients send tokens there: logs are read
// by more people than the secrets are meant for.
#include <string>
#include <string_view>

namespace chainlit::http {

/// `target` with the values of credential-bearing query parameters (code, state, token,
/// access_token, id_token, refresh_token, password, client_secret, api_key) replaced by
/// "[redacted]". Names are compared case-insensitively, before percent-decoding.
std::string loggable_target(std::string_view target);

} // namespace chainlit::http
