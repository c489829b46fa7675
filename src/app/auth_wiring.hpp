#pragma once
// The app's authentication state (spec C.1, D): the login callbacks, the secret and cookie
// settings read at start-up, and the one token check shared by the socket handshake, the
// built-in routes and authenticated custom routes.
#include "chainlit/app/app.hpp"
#include "chainlit/auth/cookies.hpp"
#include "chainlit/auth/jwt.hpp"
#include "chainlit/auth/oauth.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace chainlit {

struct auth_wiring {
    // Registered before start().
    password_auth_fn password_callback;
    header_auth_fn header_callback;
    oauth_callback_fn oauth_callback;
    logout_fn logout_callback;
    std::string root_path; ///< run_options::root_path, for OAuth redirect URIs
    chainlit::user_store store;
    bool has_authenticated_routes = false;

    // Filled by configure() at start().
    bool require_login = false;
    bool custom_auth = false; ///< CHAINLIT_CUSTOM_AUTH
    std::string secret;       ///< CHAINLIT_AUTH_SECRET, validated; empty = no token is valid
    auth::cookie_settings cookies;
    std::chrono::seconds lifetime{1'296'000};
    bool jwt_creates_users = false; ///< `[project] jwt_login_creates_users`
    std::string default_theme;
    json::object login_ui; ///< the `[UI] login_page_image*` keys for /auth/config
    /// The OAuth providers that are on: all their OAUTH_* variables set and an oauth callback.
    std::vector<auth::oauth_provider> oauth_providers;
    std::string chainlit_url;                 ///< CHAINLIT_URL: the public base, if set
    std::chrono::seconds state_lifetime{180}; ///< CHAINLIT_STATE_COOKIE_LIFETIME
    auth::oauth_http_options oauth_http;      ///< provider call timeouts

    /// Reads the environment and `cfg`, decides whether login is required (spec D.1) and checks
    /// the secret. Throws config_error (with a hint to run `create-secret`) when login is
    /// required and the secret is missing or short, when a secret is set but short, or on a bad
    /// cookie setting.
    void configure(const app_config& cfg);
    /// The OAuth part of configure() (oauth_routes.cpp): providers, CHAINLIT_URL, state cookie
    /// lifetime. Logs providers left off; throws config_error on a bad lifetime.
    void configure_oauth();

    enum class source { http, socket };
    /// The user a request's token names: the auth cookie first, then (HTTP only, when there is
    /// no auth cookie at all) `Authorization: Bearer`. Then the user store's resolve hook, if
    /// any. Errors: errc::unauthorized for every failure (the reason is logged at debug level).
    task<result<user>> authenticate(const http::request& req, source from) const;
    /// A verified token's user after the user store's check (resolve_token, else resolve),
    /// or the token's own user without a store; nullopt when refused (an exception refuses).
    task<std::optional<user>> resolve(const http::request& req, auth::verified_token t) const;
    /// The store's revoked hook (false without one; an exception counts as revoked).
    task<bool> revoked(const http::request& req, const auth::verified_token& t) const;

    /// Chainlit's get_current_user (spec D.4): nullopt when login is not required, else the
    /// token's user or errc::unauthorized. Socket handshakes read cookies only.
    task<result<std::optional<user>>> current_user(const http::request& req) const;

    /// A fresh token for `u` and the Set-Cookie headers that install it on `res` (chunked past
    /// 3000 chars, earlier leftovers deleted).
    void set_auth_cookies(const http::request& req, response& res, const user& u) const;
    /// Deletions for every auth cookie the request carries (logout).
    void clear_auth_cookies(const http::request& req, response& res) const;

    /// The login paths' common end (spec D.5): the store's on_login hook, then the cookie.
    task<response> finish_login(const http::request& req, user u) const;
    /// The store's on_login hook alone (errors logged, never thrown).
    task<void> record_login(const http::request& req, const user& u) const;

    /// An OAuth provider that is on, by id; nullptr otherwise.
    const auth::oauth_provider* find_oauth_provider(std::string_view id) const noexcept;
};

/// True for requests of the Engine.IO endpoint (the socket handshake).
bool is_socket_request(const http::request& req) noexcept;

/// Adds /auth/config, /login, /auth/header, /auth/jwt, /logout and /user at built-in priority.
void add_auth_routes(http::router& r, std::shared_ptr<const auth_wiring> w);
/// Adds GET /auth/oauth/{provider} and GET|POST /auth/oauth/{provider}/callback.
void add_oauth_routes(http::router& r, std::shared_ptr<const auth_wiring> w);

} // namespace chainlit
