#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace chainlit::auth {

/// RFC 4648 §5 base64url without padding, as JWTs use it.
std::string base64url_encode(std::string_view bytes);

/// Strict inverse of base64url_encode. Padding is optional but, when present, must be exactly
/// what the length needs. Rejects (nullopt) any character outside `A-Za-z0-9-_`, a length of
/// 1 mod 4, and non-zero unused trailing bits, so every byte string has one encoding only and a
/// token cannot be re-spelled with the same signature.
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace chainlit::auth
