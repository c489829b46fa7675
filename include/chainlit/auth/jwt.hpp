#pragma once
#include "chainlit/auth/user.hpp"
#include "chainlit/core/error.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chainlit::auth {

/// Tokens above this size are rejected before any decoding. A Chainlit JWT is a few hundred
/// bytes; even a large metadata object fits, and the cookie reader caps joined chunks here too.
inline constexpr std::size_t max_token_size = 16 * 1024;

/// Default `[project] user_session_timeout`: 15 days (spec D.2).
inline constexpr std::chrono::seconds default_session_lifetime{1'296'000};

/// Signs `u` as an HS256 JWT exactly as Chainlit does with PyJWT: header
/// `{"alg":"HS256","typ":"JWT"}`, claims = to_json(u) (identifier, display_name, metadata, plus
/// id and createdAt when persisted) + `exp` = now + lifetime and `iat` = now, both integer
/// seconds since the epoch (fractions dropped, as PyJWT does).
/// `secret` is the raw CHAINLIT_AUTH_SECRET string; its strength is checked once at startup by
/// validate_secret. Throws std::invalid_argument on an empty secret (a programming error: an
/// empty key makes every token forgeable).
std::string
create_jwt(const user& u, std::string_view secret,
           std::chrono::seconds lifetime = default_session_lifetime,
           std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// Verifies and decodes a token, with PyJWT's rules as Chainlit calls it (algorithms=["HS256"],
/// no leeway), in this order:
/// - size above max_token_size: token_too_large (nothing is parsed);
/// - not `b64url(json object).b64url(json object).b64url(32 bytes)`: malformed_token;
/// - header alg other than "HS256" (none, HS512, RS256, ...), or a `crit` header:
///   unsupported_alg;
/// - HMAC-SHA256 mismatch, compared in constant time: bad_signature;
/// - `exp` missing: missing_claim; `exp`, `nbf`, `iat` not numbers: invalid_claim;
/// - now >= exp: expired; nbf > now or iat > now: not_yet_valid;
/// - a non-empty `aud` (PyJWT rejects it when no audience is expected): invalid_claim;
/// - the user claims as user_from_json reads them (missing_claim / invalid_claim).
/// The returned user carries identifier, display_name and metadata only: like Chainlit, `id` and
/// `createdAt` claims are ignored, since the data layer is the source of truth for those.
/// An empty secret fails with secret_missing. Callers answer every error with 401.
result<user>
decode_jwt(std::string_view token, std::string_view secret,
           std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// What a verified token says: its user, and when it was issued.
struct verified_token {
    user u;
    /// The `iat` claim in whole seconds since the epoch (a fraction dropped, so a token counts
    /// as issued no later than it was); nullopt when the token has none.
    std::optional<std::int64_t> issued_at;
};

/// decode_jwt, keeping the issue time: what revocation needs (a token issued before its
/// user's removal is void, docs/SECURITY.md). Same checks and errors.
result<verified_token>
verify_jwt(std::string_view token, std::string_view secret,
           std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

/// True when a token issued at `issued_at` is void because its user was removed at
/// `removed_at`: issued no later than the removal's whole second (a same-second token is
/// refused: seconds cannot tell them apart), or undated.
bool issued_before_removal(std::optional<std::int64_t> issued_at,
                           std::chrono::system_clock::time_point removed_at) noexcept;

} // namespace chainlit::auth
