#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace chainlit {

using sys_time = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

/// Current UTC time as `YYYY-MM-DDTHH:MM:SS.ffffffZ`. The fraction is always present (spec H.8:
/// Chainlit's data layer requires it, and JS parses a trailing Z as UTC).
std::string iso_now();
std::string to_iso(sys_time t);

/// Parses any ISO-8601 date-time the clients send: optional fraction (any digits), `Z`,
/// `+HH:MM` offset, or none (taken as UTC). Returns nullopt on anything else.
std::optional<sys_time> parse_iso(std::string_view s) noexcept;

} // namespace chainlit
