#pragma once
#include "chainlit/core/error.hpp"

namespace chainlit::auth {

/// Why an auth step failed. The codes exist for logs and tests: HTTP callers answer every token
/// failure with the same 401 so a client learns nothing about which check it tripped. Where the
/// protocol has a fixed `detail` text (spec C.1 `/auth/jwt`), `message()` is exactly that text.
enum class auth_errc {
    ok = 0,
    // Token shape and signature (decode_jwt).
    malformed_token = 1, ///< not three base64url segments of JSON objects
    token_too_large,     ///< above max_token_size; rejected before any parsing
    unsupported_alg,     ///< header alg is not HS256 (none, HS512, RS256, ...)
    bad_signature,       ///< HMAC mismatch: forged, tampered or signed with another secret
    expired,             ///< exp <= now
    not_yet_valid,       ///< nbf or iat in the future
    missing_claim,       ///< no exp, or no identifier
    invalid_claim,       ///< a claim of the wrong JSON type, or an aud we cannot accept
    // Where the token comes from (cookies, Authorization header).
    missing_token,     ///< no auth cookie at all
    ambiguous_cookie,  ///< the same cookie name twice with different values
    header_missing,    ///< "Authorization header missing"
    bad_scheme,        ///< "Invalid authentication scheme. Please use Bearer"
    bad_header_format, ///< "Invalid authorization header format"
    // Configuration.
    secret_missing,   ///< CHAINLIT_AUTH_SECRET unset or empty
    secret_too_short, ///< fewer than min_secret_size bytes
    invalid_setting,  ///< e.g. CHAINLIT_COOKIE_SAMESITE not lax/strict/none
    // Passwords.
    hash_failed, ///< libsodium could not hash (out of memory)
};

const boost::system::error_category& auth_category() noexcept;

inline boost::system::error_code make_error_code(auth_errc e) noexcept {
    return {static_cast<int>(e), auth_category()};
}

} // namespace chainlit::auth

namespace boost::system {
template <> struct is_error_code_enum<chainlit::auth::auth_errc> : std::true_type {};
} // namespace boost::system
