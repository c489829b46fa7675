#include "chainlit/core/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace chainlit {

spdlog::logger& log() {
    // Function-local static: created once, thread-safe, and usable before main's first line.
    static std::shared_ptr<spdlog::logger> logger = [] {
        auto l = spdlog::get("chainlit");
        if (!l)
            l = spdlog::stderr_color_mt("chainlit");
        l->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ %v");
        return l;
    }();
    return *logger;
}

void set_log_level(spdlog::level::level_enum level) {
    log().set_level(level);
}

} // namespace chainlit
