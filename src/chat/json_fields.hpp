#pragma once
// Internal: reading the optional string fields of client payloads and request bodies.
#include "chainlit/core/json.hpp"

#include <string>
#include <string_view>

namespace chainlit {

/// The string at `key` in `o`; "" when `o` is null, or the field is missing or not a string.
inline std::string string_field(const json::object* o, std::string_view key) {
    const auto* f = o ? o->if_contains(key) : nullptr;
    return f && f->is_string() ? std::string(f->as_string()) : std::string();
}

/// The same for an object. Without this overload an object argument would bind to the
/// `const json::value&` one below through a temporary: a deep copy per call (five per chat
/// message, once, in client_message's handler).
inline std::string string_field(const json::object& o, std::string_view key) {
    return string_field(&o, key);
}

/// The same for a value that should be an object.
inline std::string string_field(const json::value& v, std::string_view key) {
    return string_field(v.if_object(), key);
}

} // namespace chainlit
