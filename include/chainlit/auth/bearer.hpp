#pragma once
#include "chainlit/core/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace chainlit::auth {

/// The token of an `Authorization: Bearer <token>` header, parsed as Chainlit's `/auth/jwt`
/// does: the value is split on whitespace and must give exactly two words; the scheme is
/// case-insensitive. Pass nullopt when the request has no Authorization header.
/// Errors, whose message() is the spec C.1 detail text:
/// - auth_errc::header_missing: no header, or an empty one;
/// - auth_errc::bad_header_format: not exactly two words ("Bearer", "Bearer a b", "  ");
/// - auth_errc::bad_scheme: two words but the first is not "bearer" ("Basic abc").
/// The token itself is not checked here; decode_jwt does that.
result<std::string> parse_bearer(std::optional<std::string_view> authorization);

} // namespace chainlit::auth
