// libFuzzer target for the config loader: bytes as .chainlit/config.toml text. A bad file must
// end in config_error (start-up prints it and exits 2); any other exception escaping
// parse_config is a bug, and so is a crash, UB or leak.
#include "chainlit/core/config.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto cfg = chainlit::parse_config(text, "fuzz.toml");
        // What /project/settings reads must work on anything that parsed.
        (void)cfg.ui_name();
        (void)cfg.default_theme();
        (void)cfg.cot();
    } catch (const chainlit::config_error& e) {
        if (std::string_view(e.what()).find("fuzz.toml") == std::string_view::npos)
            std::abort(); // every message names the file
    }
    return 0;
}
