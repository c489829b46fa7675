#include "chainlit/core/config.hpp"

#include <gtest/gtest.h>

using namespace chainlit;

namespace {
std::string error_of(std::string_view toml) {
    try {
        parse_config(toml, "cfg.toml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}
} // namespace

TEST(config, defaults_without_file) {
    auto c = default_config();
    EXPECT_EQ(c.project.session_timeout, 3600);
    EXPECT_EQ(c.project.user_session_timeout, 1296000);
    EXPECT_EQ(c.ui_name(), "Assistant");
    EXPECT_EQ(c.cot(), "full");
    EXPECT_EQ(c.project.allow_origins, std::vector<std::string>{"*"});
}

TEST(config, the_init_file_parses_to_the_defaults) {
    auto c = parse_config(default_config_toml(), "init.toml");
    EXPECT_EQ(c.project.session_timeout, 3600);
    EXPECT_EQ(c.features.at("spontaneous_file_upload").at("max_size_mb").as_int64(), 500);
}

TEST(config, values_and_nested_merge) {
    auto c = parse_config(R"(
[project]
user_env = ["OPENAI_API_KEY"]
session_timeout = 60
allow_origins = ["http://localhost:3000"]
transports = ["websocket"]
[features.audio]
enabled = true
[UI]
name = "Bot"
cot = "hidden"
custom_css = "/public/x.css"
unknown_key_is_kept = 1
)",
                          "x.toml");
    EXPECT_EQ(c.project.user_env, std::vector<std::string>{"OPENAI_API_KEY"});
    EXPECT_EQ(c.project.session_timeout, 60);
    EXPECT_EQ(*c.project.transports, std::vector<std::string>{"websocket"});
    EXPECT_TRUE(c.features.at("audio").at("enabled").as_bool());
    EXPECT_EQ(c.features.at("audio").at("sample_rate").as_int64(), 24000); // default kept
    EXPECT_EQ(c.ui_name(), "Bot");
    EXPECT_EQ(c.cot(), "hidden");
    EXPECT_EQ(c.ui.at("custom_css").as_string(), "/public/x.css");
}

TEST(config, errors_name_file_line_and_key) {
    EXPECT_EQ(error_of("[project]\n\nsession_timeout = \"x\"\n"),
              "cfg.toml:3: key 'project.session_timeout' must be an integer");
    EXPECT_EQ(error_of("[project]\nsession_timeout = -5\n"),
              "cfg.toml:2: key 'project.session_timeout' must be at least 1");
    EXPECT_EQ(error_of("[project]\nuser_env = [1]\n"),
              "cfg.toml:2: key 'project.user_env' must be an array of strings");
    EXPECT_EQ(error_of("[UI]\ncot = \"maybe\"\n"),
              "cfg.toml:2: key 'UI.cot' must be one of: full, tool_call, hidden");
    EXPECT_EQ(error_of("[features]\nlatex = \"yes\"\n"),
              "cfg.toml:2: key 'features.latex' must be a boolean");
    EXPECT_EQ(error_of("[meta]\ngenerated_by = \"0.2.0\"\n"),
              "cfg.toml:2: key 'meta.generated_by' must be a version string newer than \"0.3.0\"");
    EXPECT_EQ(error_of("[project]\ntransports = [\"carrier-pigeon\"]\n"),
              "cfg.toml:2: key 'project.transports' may only list \"websocket\" and \"polling\"");
    const auto syntax = error_of("[project\nx = 1\n");
    EXPECT_EQ(syntax.rfind("cfg.toml:1: invalid TOML", 0), 0u) << syntax;
}
