#pragma once
#include "chainlit/auth/jwt.hpp"
#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/config.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/http/router.hpp"
#include "chainlit/http/server.hpp"
#include "chainlit/llm/mcp.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chainlit {

using http::request;
using http::response;

/// A custom route handler that needs a logged-in user (see app::get and friends).
using authenticated_handler = std::function<task<response>(request&, const user&)>;
/// `password_auth_callback(username, password)`: the user, or nullopt to refuse the login.
using password_auth_fn =
    std::function<task<std::optional<user>>(std::string username, std::string password)>;
/// `header_auth_callback(request)`: reads the request's headers (a proxy's `X-Forwarded-User`,
/// say) and returns the user, or nullopt to refuse.
using header_auth_fn = std::function<task<std::optional<user>>(const request&)>;

/// `oauth_callback(provider_id, access_token, raw_user_data, default_user)` (Chainlit's
/// `@oauth_callback`): after a provider sign-in, decides who the user is. `raw_user_data` is the
/// provider's user info as it sent it; `default_user` is Chainlit's guess (GitHub: the login,
/// others: the email; metadata {image, provider}). Return it (possibly changed) to sign in, or
/// nullopt to refuse (401 `credentialssignin`).
using oauth_callback_fn =
    std::function<task<std::optional<user>>(std::string provider_id, std::string access_token,
                                            json::object raw_user_data, user default_user)>;
/// `on_logout(request, response)`: runs on `POST /logout` before the auth cookies are cleared
/// (the request still carries them). `response` starts as 200 `{"success": true}`; what the
/// hook leaves in it is the answer, plus the cookie deletions, which it cannot drop.
using logout_fn = std::function<task<void>(const request&, response&)>;

/// Extension points for a persistence integration (spec D.4, D.5, D.6). Both are optional;
/// without them the user is exactly what the token says.
struct user_store {
    /// Runs for every authenticated HTTP request and socket connect, with the user decoded
    /// from a valid token. Returns the user to use from then on (e.g. the persisted one, with
    /// `id` and `created_at`), or nullopt to refuse: 401 on HTTP, "authentication failed" on
    /// the socket. This is how "with persistence on, a token for a user that does not exist is
    /// refused" is implemented. An exception is logged and refuses too (fail closed); a resolver
    /// that prefers Chainlit's fall-back-to-the-token-user behaviour catches it itself.
    std::function<task<std::optional<user>>(user from_token)> resolve;
    /// resolve with the whole verified token, its issue time included; used instead of
    /// `resolve` when set. The app's default store (a data layer, no store of the app's own)
    /// sets this one: it refuses unknown users and tokens issued before their user's removal
    /// (`user remove` revokes), in one database round trip.
    std::function<task<std::optional<user>>(const auth::verified_token&)> resolve_token;
    /// True when the token was issued before its user's removal (void for good). Asked only
    /// by `POST /auth/jwt` when `[project] jwt_login_creates_users` is on, before it creates
    /// a user `resolve_token` did not know: a removed user never comes back from an old token.
    std::function<task<bool>(const auth::verified_token&)> revoked;
    /// Runs after a login callback (password, header) or `/auth/jwt` accepted a user, before
    /// the token is signed: create or update the user in the store. An exception is logged and
    /// the login goes on (spec D.5).
    std::function<task<void>(const user&)> on_login;
};

/// on_app_startup threw: the app does not serve (main() prints it and exits 1).
class startup_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

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
    /// `run --watch`: supervise the app instead of serving (docs/guide/watch.md): rebuild it on
    /// a change to its sources and swap the running process for the new build.
    bool watch = false;
    /// Set for the process that watch mode supervises (from CHAINLIT_LISTEN_FD and
    /// CHAINLIT_WATCH_FD): the listening socket to serve, and the supervisor's control socket.
    int listen_fd = -1;
    int watch_fd = -1;
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
    /// conflict with an existing app route. `doc` (summary, tags, schemas) goes into
    /// /openapi.json; without it the route is listed with its path parameters.
    app& route(http::method m, std::string_view pattern, http::handler h, http::route_doc doc = {});
    app& get(std::string_view pattern, http::handler h, http::route_doc doc = {});
    app& post(std::string_view pattern, http::handler h, http::route_doc doc = {});
    app& put(std::string_view pattern, http::handler h, http::route_doc doc = {});
    app& patch(std::string_view pattern, http::handler h, http::route_doc doc = {});
    app& del(std::string_view pattern, http::handler h, http::route_doc doc = {});

    /// Authenticated app routes: the handler also receives the user. The request must carry a
    /// valid token, the same JWT the UI login issues: the auth cookie (`access_token` or its
    /// chunks) or, when there is no auth cookie, `Authorization: Bearer <token>`. Otherwise it
    /// answers 401 `{"detail":"Invalid authentication token"}` without calling the handler.
    /// The token must be signed with CHAINLIT_AUTH_SECRET. This holds whether or not login is
    /// required: with a secret but no login callback, tokens from `token --identifier NAME` (or
    /// any HS256 token with Chainlit's claims) are accepted; with no secret at all, every call
    /// answers 401 (a warning is logged at start-up). The user_store's resolve hook applies.
    ///
    ///     app.get("/hello-auth", [](cl::request&, const cl::user& u) -> cl::task<cl::response> {
    ///         co_return cl::response::text("Hello " + u.identifier);
    ///     });
    app& route(http::method m, std::string_view pattern, authenticated_handler h,
               http::route_doc doc = {});
    app& get(std::string_view pattern, authenticated_handler h, http::route_doc doc = {});
    app& post(std::string_view pattern, authenticated_handler h, http::route_doc doc = {});
    app& put(std::string_view pattern, authenticated_handler h, http::route_doc doc = {});
    app& patch(std::string_view pattern, authenticated_handler h, http::route_doc doc = {});
    app& del(std::string_view pattern, authenticated_handler h, http::route_doc doc = {});

    /// Login callbacks (spec D.5). Registering either makes login required (spec D.1), as does
    /// a truthy CHAINLIT_CUSTOM_AUTH (users then arrive through `POST /auth/jwt` with a token
    /// the app issued). When login is required, CHAINLIT_AUTH_SECRET must hold at least 32
    /// bytes or start() throws config_error (main() exits 2) with a hint to run
    /// `create-secret`; every built-in route marked Auth and the socket then need a valid token.
    /// A successful login sets the token in an HttpOnly cookie only, never in a body.
    ///
    /// The callbacks run on an I/O thread: a check that blocks (a database query, argon2id's
    /// verify_password) belongs in `co_await chainlit::run_blocking(...)`:
    ///
    ///     app.password_auth_callback([](std::string name, std::string pw)
    ///             -> cl::task<std::optional<cl::user>> {
    ///         bool ok = co_await cl::run_blocking([&] { return check(name, pw); });
    ///         if (!ok) co_return std::nullopt;
    ///         co_return cl::user{.identifier = name, .metadata = {{"provider", "credentials"}}};
    ///     });
    app& password_auth_callback(password_auth_fn fn);
    /// A ready-made password login against the app's database: the users that `user add NAME
    /// --password-stdin` created, checked with argon2id off the I/O threads. Needs a data layer
    /// (app.data_layer or DATABASE_URL); without one every login is refused.
    app& database_password_auth();
    /// `POST /auth/header` calls it with the request (all its headers).
    app& header_auth_callback(header_auth_fn fn);
    /// OAuth sign-in (spec C.1, D.5). Providers come from Chainlit's OAUTH_* variables (for
    /// example OAUTH_GITHUB_CLIENT_ID and OAUTH_GITHUB_CLIENT_SECRET; see README "OAuth"); a
    /// provider is on when all its variables are set and this callback is registered, and login
    /// is then required. The provider's redirect URI is
    /// `<public URL>[/root-path]/auth/oauth/<provider>/callback`.
    app& oauth_callback(oauth_callback_fn fn);
    /// Chainlit's `@on_logout` (see logout_fn).
    app& on_logout(logout_fn fn);
    /// Sets the persistence integration's hooks (see user_store).
    app& set_user_store(user_store s);
    /// Whether login is required; meaningful after start().
    bool require_login() const noexcept;

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
    /// Chainlit's `@cl.on_mcp_connect`: a user connected an MCP server to the chat (POST
    /// /mcp, allowed by `[features.mcp]`). Its tools already join the chat's LLM loop; the hook
    /// may greet, list them or refuse the server by throwing (the user sees the message).
    app& on_mcp_connect(std::function<task<void>(context&, llm::mcp::connection&)> fn);
    /// Chainlit's `@cl.on_mcp_disconnect`: the user removed the server named `name`.
    app& on_mcp_disconnect(std::function<task<void>(context&, std::string name)> fn);
    /// Chainlit's `@cl.author_rename`: maps the author a message is sent with ("Assistant",
    /// or a message's own author) to the name shown and stored.
    app& author_rename(std::function<task<std::string>(std::string author)> fn);
    /// Chainlit's `@cl.on_feedback`: runs after a user's thumbs up/down is stored, with the
    /// feedback (its id and thread filled in). `ctx` reaches the user's open chat when the
    /// rating came from it; otherwise it is an HTTP context of the rated thread (what it sends
    /// is only persisted). An exception is logged; the rating stays stored.
    app& on_feedback(std::function<task<void>(context&, data::feedback)> fn);
    /// Chainlit's `@cl.on_app_startup`: runs once in start(), on the server's executor, after
    /// the port is bound and before the first connection is accepted (they wait in the
    /// backlog). If it throws, start() stops the server and throws startup_error.
    app& on_app_startup(std::function<task<void>()> fn);
    /// Chainlit's `@cl.on_app_shutdown`: runs once on a graceful stop, after the last
    /// connection has drained and before the I/O threads end. An exception is logged.
    app& on_app_shutdown(std::function<task<void>()> fn);
    /// Chainlit's `@cl.set_starters`: the suggestions shown before the first message, asked
    /// for the current user (nullopt when anonymous) and language on each `/project/settings`.
    app& set_starters(
        std::function<task<std::vector<starter>>(std::optional<user>, std::string language)> fn);
    /// Chainlit's `@cl.set_starter_categories`: starters grouped under labels, asked for the
    /// user, language and chosen chat profile (empty when none) on each `/project/settings`.
    app& set_starter_categories(
        std::function<task<std::vector<starter_category>>(std::optional<user>, std::string language,
                                                          std::string chat_profile)>
            fn);
    /// Chainlit's `@cl.set_chat_profiles`: the profiles the user picks from; the choice is
    /// `ctx.session().chat_profile()` in the chat hooks.
    app& set_chat_profiles(
        std::function<task<std::vector<chat_profile>>(std::optional<user>, std::string language)>
            fn);
    /// Chainlit's `@cl.on_shared_thread_view(thread, viewer)`: may `viewer` open the shared
    /// page of a thread that is not marked shared? Thread sharing (the share button and
    /// `GET /project/share/{id}`) is on only with this hook and features.allow_thread_sharing.
    app& on_shared_thread_view(
        std::function<task<bool>(json::object thread, std::optional<user> viewer)> fn);

    /// Turns persistence on with this database: `sqlite:///abs/path.db`, `sqlite://rel.db`
    /// (relative to the app root) or `postgresql://...`. The environment's DATABASE_URL, when
    /// set, overrides it, so any app picks its database without code changes. Without either,
    /// the app has no data layer (as in Chainlit). With one, users must exist in it: a valid
    /// token for an unknown user is refused (401, and "authentication failed" on the socket),
    /// and logins create or update their user.
    app& data_layer(std::string url);

    /// Parses the command line and runs the command: run (default), init, create-secret,
    /// `token --identifier NAME [--metadata JSON] [--display-name X]` (prints a token signed
    /// with CHAINLIT_AUTH_SECRET, lifetime `user_session_timeout`), --version.
    /// Returns the process exit code: 0 on a clean stop, 2 for a bad config (a missing or short
    /// secret when login is required included) or usage.
    int main(int argc, char** argv);

    /// Loads the config, checks the auth settings, binds and starts serving. Throws config_error
    /// (bad config.toml, or a missing/short CHAINLIT_AUTH_SECRET when login is required, or a
    /// set but short one) or std::system_error.
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
