#pragma once
#include <memory>
#include <spdlog/spdlog.h>

namespace chainlit {

/// The library's logger ("chainlit"), created on first use, writing to stderr. Apps may replace
/// its sinks or level through spdlog.
spdlog::logger& log();

/// Sets the level from `--debug` / config. Thread-safe.
void set_log_level(spdlog::level::level_enum level);

} // namespace chainlit
