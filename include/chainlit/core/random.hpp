#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace chainlit {

/// Fills `out` with `n` bytes from the OS CSPRNG (OpenSSL RAND_bytes). Throws on failure: there
/// is no safe fallback for secrets.
void random_bytes(void* out, std::size_t n);

/// `n` characters drawn uniformly (rejection sampling, no modulo bias) from `alphabet`.
std::string random_string(std::size_t n, std::string_view alphabet);

} // namespace chainlit
