#pragma once

namespace chainlit {
/// The library version, also printed by `--version`.
inline constexpr const char* version = "0.1.0";
} // namespace chainlit
