#pragma once
#include "chainlit/core/error.hpp"

#include <string>
#include <string_view>

namespace chainlit::auth {

/// An argon2id hash of `password` in libsodium's self-describing string form
/// (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`), with a fresh random salt. Uses libsodium's
/// INTERACTIVE limits (~64 MiB, a few tens of ms): meant for login checks, not disk encryption.
/// Blocking and CPU/memory heavy: call it off the I/O threads. Errors: auth_errc::hash_failed
/// (libsodium could not allocate its memory).
result<std::string> hash_password(std::string_view password);

/// True when `password` matches `hash` (from hash_password, or any argon2 string libsodium
/// accepts). A malformed or empty hash is simply false. Blocking, like hash_password.
bool verify_password(std::string_view hash, std::string_view password);

} // namespace chainlit::auth
