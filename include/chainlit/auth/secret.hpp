#pragma once
#include "chainlit/core/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace chainlit::auth {

/// HS256 keys shorter than the hash output (32 bytes) weaken the MAC; Chainlit itself accepts
/// anything, we refuse to start with less.
inline constexpr std::size_t min_secret_size = 32;

/// The characters `create-secret` draws from (spec G.4, same set as Chainlit).
inline constexpr std::string_view secret_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789$%*,-./:=>?@^_~";

/// 64 characters from secret_alphabet, drawn from the OS CSPRNG without modulo bias. Throws only
/// if the CSPRNG fails.
std::string create_secret();

/// Startup check of CHAINLIT_AUTH_SECRET when login is required. Errors (their message() tells
/// the operator to run `create-secret`): auth_errc::secret_missing when empty,
/// auth_errc::secret_too_short below min_secret_size bytes.
result<void> validate_secret(std::string_view secret);

} // namespace chainlit::auth
