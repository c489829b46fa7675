#pragma once
#include <string>
#include <string_view>

namespace chainlit {

/// A random (version 4) UUID in canonical lower-case form, from a CSPRNG: ids double as
/// unguessable handles (session ids, file ids), so they must not be predictable.
std::string uuid4();

/// True if `s` is a canonical version-4 UUID (either case), as Chainlit requires of message ids.
bool is_uuid4(std::string_view s) noexcept;

/// True if `s` is any canonical 8-4-4-4-12 hex UUID.
bool is_uuid(std::string_view s) noexcept;

} // namespace chainlit
