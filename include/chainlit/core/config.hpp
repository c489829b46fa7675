#pragma once
#include "chainlit/core/error.hpp"
#include "chainlit/core/json.hpp"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace chainlit {

/// `[project]` keys of `.chainlit/config.toml` that change server behaviour (spec G.2).
struct project_config {
    std::vector<std::string> user_env;           ///< keys required in the socket's userEnv
    long long session_timeout = 3600;            ///< s a disconnected session stays restorable
    long long user_session_timeout = 1'296'000;  ///< JWT exp and cookie Max-Age (15 days)
    bool persist_user_env = false;               ///< keep `env` in thread metadata
    bool mask_user_env = false;                  ///< echoed in /project/settings
    std::vector<std::string> allow_origins{"*"}; ///< CORS allow-list; each origin is echoed
    std::optional<std::vector<std::string>> transports; ///< window.transports for the SPA
    /// `POST /auth/jwt` with a valid token for a user the database does not have: off (the
    /// default), it is refused like on every other route, so only users that exist log in;
    /// on, the user is created (get-or-create for an external identity provider). Either way
    /// a removed user's older tokens stay void (docs/SECURITY.md).
    bool jwt_login_creates_users = false;
};

/// `[cluster]`: scale-out over Redis (docs/SCALING.md). CHAINLIT_REDIS_URL and
/// CHAINLIT_NODE_ID override these keys.
struct cluster_config {
    std::string redis_url; ///< empty: one process, no Redis
    std::string node_id;   ///< empty: a random id per start
};

/// The whole configuration. `ui` and `features` are kept as JSON objects because the server
/// serialises them into /project/settings as they are; typed accessors cover what the server
/// itself reads.
struct app_config {
    project_config project;
    cluster_config cluster;
    json::object features;        ///< `[features]`, defaults applied
    json::object ui;              ///< `[UI]`, defaults applied
    std::filesystem::path source; ///< the file it came from, empty when defaults only

    std::string ui_name() const; ///< default author ("Assistant")
    std::string default_theme() const;
    std::string cot() const; ///< "full", "tool_call" or "hidden"
};

/// A config problem, with where it is, e.g. `.chainlit/config.toml:12: [project]
/// session_timeout must be an integer`. Start-up prints what() and exits with code 2.
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The defaults of every key (what `init` writes).
app_config default_config();

/// Parses TOML text. `origin` names the file in messages. Unknown keys are ignored (Chainlit's
/// files carry many keys we do not use), but a known key with a wrong type is an error.
/// Throws config_error.
app_config parse_config(std::string_view toml_text, const std::string& origin);

/// Loads `<app_root>/.chainlit/config.toml` if it exists (defaults otherwise), then applies the
/// environment overrides. Throws config_error.
app_config load_config(const std::filesystem::path& app_root);

/// The text `chainlit init` writes to `.chainlit/config.toml`.
std::string default_config_toml();

} // namespace chainlit
