#pragma once
#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/config.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/http/router.hpp"
#include "chainlit/http/server.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace chainlit {

using http::request;
using http::response;

/// How to run an app; `app.main` fills it from the command line and CHAINLIT_* variables.
struct run_options {
    std::string host = "127.0.0.1"; ///< loopback by default: exposing is a deliberate choice
    unsigned short port = 8000;     ///< Chainlit's default; 0 picks a free port (tests)
    std::string root_path;          ///< serve everything under this prefix, e.g. "/chat"
    bool headless = false;          ///< accepted for compatibility; we never open a browser
    bool debug = false;             ///< debug logging
    bool access_log = true;         ///< one line per request with its id
    unsigned threads = 0;           ///< I/O threads; 0 = one per core
    /// Request limits and timeouts; see http::server_options for each default's reason.
    std::size_t header_limit = http::server_options{}.header_limit;
    std::size_t body_limit = http::server_options{}.body_limit;
    std::chrono::milliseconds read_timeout = http::server_options{}.read_timeout;
    std::chrono::milliseconds idle_timeout = http::server_options{}.idle_timeout;
    std::filesystem::path app_root = std::filesystem::current_path(); ///< .chainlit/, public/
};

/// A chainlit application: the app's own HTTP routes plus the built-in ones, served by one
/// server. There is no global instance: several apps may run in one process (tests start one
/// per test on port 0). Register routes before start(); they always win over built-in routes
/// and over the UI's catch-all.
class app {
public:
    app();
    ~app();
    app(const app&) = delete;
    app& operator=(const app&) = delete;

    /// Registers an app route. Throws std::invalid_argument on a malformed pattern or a
    /// conflict with an existing app route.
    app& route(http::method m, std::string_view pattern, http::handler h);
    app& get(std::string_view pattern, http::handler h);
    app& post(std::string_view pattern, http::handler h);
    app& put(std::string_view pattern, http::handler h);
    app& patch(std::string_view pattern, http::handler h);
    app& del(std::string_view pattern, http::handler h);

    /// Chat hooks (spec B). Each runs as a coroutine on the session's strand, with a context
    /// that sends to that session's browser. Register before start().
    app& on_chat_start(std::function<task<void>(context&)> fn);
    app& on_message(std::function<task<void>(context&, message)> fn);
    app& on_chat_end(std::function<task<void>(context&)> fn);
    app& on_stop(std::function<task<void>(context&)> fn);
    app& on_chat_resume(std::function<task<void>(context&, json::object thread)> fn);
    app& on_settings_update(std::function<task<void>(context&, json::object settings)> fn);
    app& on_window_message(std::function<task<void>(context&, json::value data)> fn);
    /// The callback of action buttons named `name`; its return value is sent back to the
    /// browser in the /project/action answer.
    app& on_action(std::string name, std::function<task<json::value>(context&, action)> fn);

    /// Parses the command line (run, init, create-secret, --version) and runs the command.
    /// Returns the process exit code: 0 on a clean stop, 2 for a bad config or usage.
    int main(int argc, char** argv);

    /// Loads the config, binds and starts serving. Throws config_error or std::system_error.
    void start(const run_options& opts);
    /// The bound port after start().
    unsigned short port() const noexcept;
    /// Graceful stop (see http::server::stop). Non-blocking; call wait() to join.
    void stop();
    void wait();
    /// start(), serve until SIGINT/SIGTERM, stop. Returns 0.
    int run(const run_options& opts);

    const app_config& config() const noexcept;
    /// The router holding app and built-in routes (for layers that add built-in routes).
    http::router& router() noexcept;
    /// The chat runtime once started (sessions, hooks); nullptr before start().
    std::shared_ptr<chat_runtime> runtime() const noexcept;

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

} // namespace chainlit
