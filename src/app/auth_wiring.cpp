// Authentication settings and the token check shared by the socket, built-in routes and
// authenticated custom routes (spec D).
#include "auth_wiring.hpp"

#include "chainlit/auth/bearer.hpp"
#include "chainlit/auth/error.hpp"
#include "chainlit/auth/jwt.hpp"
#include "chainlit/auth/secret.hpp"
#include "chainlit/core/log.hpp"

#include <algorithm>
#include <cctype>

namespace chainlit {
namespace {

boost::system::error_code unauthorized() {
    return make_error_code(errc::unauthorized);
}

/// CHAINLIT_CUSTOM_AUTH: Chainlit tests the variable's truthiness as a string (any non-empty
/// value). We also read the usual spellings of "off" as off, so `CHAINLIT_CUSTOM_AUTH=false`
/// does what it says.
bool truthy(const std::optional<std::string>& v) {
    if (!v)
        return false;
    std::string s = *v;
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return !(s.empty() || s == "0" || s == "false" || s == "no" || s == "off");
}

http::cookie to_http(const auth::set_cookie& c) {
    http::cookie out;
    out.name = c.name;
    out.value = c.value;
    out.path = c.attributes.path;
    if (c.attributes.max_age)
        out.max_age = c.attributes.max_age->count();
    out.http_only = c.attributes.http_only;
    out.secure = c.attributes.secure;
    switch (c.attributes.same_site) {
    case auth::same_site::lax:
        out.same_site = http::same_site::lax;
        break;
    case auth::same_site::strict:
        out.same_site = http::same_site::strict;
        break;
    case auth::same_site::none:
        out.same_site = http::same_site::none;
        break;
    }
    return out;
}

bool is_https(const http::request& req) {
    return req.scheme() == "https";
}

json::value ui_value(const app_config& cfg, std::string_view key) {
    auto it = cfg.ui.find(key);
    return it == cfg.ui.end() ? json::value(nullptr) : it->value();
}

} // namespace

bool is_socket_request(const http::request& req) noexcept {
    // The chat runtime's io_server is mounted at the default Engine.IO path.
    return req.path().starts_with("/ws/socket.io");
}

void auth_wiring::configure(const app_config& cfg) {
    custom_auth = truthy(auth::process_env("CHAINLIT_CUSTOM_AUTH"));
    configure_oauth();
    require_login = custom_auth || password_callback || header_callback || !oauth_providers.empty();
    secret = auth::process_env("CHAINLIT_AUTH_SECRET").value_or("");
    // A set secret must be strong even when login is optional: it signs the tokens that
    // authenticated custom routes and /auth/jwt accept.
    if (require_login || !secret.empty()) {
        if (auto ok = auth::validate_secret(secret); !ok) {
            std::string why = ok.error().message();
            if (require_login && secret.empty())
                why += " (login is required because " +
                       std::string(custom_auth ? "CHAINLIT_CUSTOM_AUTH is set"
                                               : "a login callback is registered") +
                       ")";
            throw config_error(why);
        }
    }
    auto cs = auth::cookie_settings_from_env();
    if (!cs)
        throw config_error("invalid auth cookie setting: CHAINLIT_COOKIE_SAMESITE must be lax, "
                           "strict or none, and CHAINLIT_AUTH_COOKIE_NAME a valid cookie name");
    cookies = std::move(*cs);
    lifetime = std::chrono::seconds(std::max<long long>(1, cfg.project.user_session_timeout));
    jwt_creates_users = cfg.project.jwt_login_creates_users;
    cookies.max_age = lifetime;
    default_theme = cfg.default_theme();
    login_ui = json::object{
        {"login_page_image", ui_value(cfg, "login_page_image")},
        {"login_page_image_filter", ui_value(cfg, "login_page_image_filter")},
        {"login_page_image_dark_filter", ui_value(cfg, "login_page_image_dark_filter")},
    };
    if (has_authenticated_routes && secret.empty())
        log().warn("CHAINLIT_AUTH_SECRET is not set: authenticated routes will answer 401 to "
                   "every request. Run `create-secret` and set it to enable them");
}

task<result<user>> auth_wiring::authenticate(const http::request& req, source from) const {
    if (secret.empty())
        co_return unauthorized();
    std::string token;
    {
        auto from_cookie = auth::read_auth_token(req.cookies(), cookies.name);
        if (from_cookie) {
            token = std::move(*from_cookie);
        } else if (from_cookie.error() == auth::auth_errc::missing_token && from == source::http) {
            // Bearer only when no auth cookie at all: a bad cookie never falls back.
            auto bearer = auth::parse_bearer(req.header("authorization"));
            if (!bearer) {
                log().debug("[{}] no usable token: {}", req.request_id(), bearer.error().message());
                co_return unauthorized();
            }
            token = std::move(*bearer);
        } else {
            log().debug("[{}] auth cookie refused: {}", req.request_id(),
                        from_cookie.error().message());
            co_return unauthorized();
        }
    }
    auto verified = auth::verify_jwt(token, secret);
    if (!verified) {
        log().debug("[{}] token refused: {}", req.request_id(), verified.error().message());
        co_return unauthorized();
    }
    auto resolved = co_await resolve(req, std::move(*verified));
    if (!resolved)
        co_return unauthorized();
    co_return std::move(*resolved);
}

task<std::optional<user>> auth_wiring::resolve(const http::request& req,
                                               auth::verified_token t) const {
    try {
        if (store.resolve_token)
            co_return co_await store.resolve_token(t);
        if (store.resolve)
            co_return co_await store.resolve(std::move(t.u));
    } catch (const std::exception& e) {
        log().error("[{}] user store refused the token's user: {}", req.request_id(), e.what());
        co_return std::nullopt; // fail closed
    }
    co_return std::move(t.u);
}

task<bool> auth_wiring::revoked(const http::request& req, const auth::verified_token& t) const {
    if (!store.revoked)
        co_return false;
    try {
        co_return co_await store.revoked(t);
    } catch (const std::exception& e) {
        log().error("[{}] user store could not check a revocation: {}", req.request_id(), e.what());
        co_return true; // fail closed
    }
}

task<result<std::optional<user>>> auth_wiring::current_user(const http::request& req) const {
    if (!require_login)
        co_return std::optional<user>{};
    auto u = co_await authenticate(req, is_socket_request(req) ? source::socket : source::http);
    if (!u)
        co_return u.error();
    co_return std::optional<user>(std::move(*u));
}

void auth_wiring::set_auth_cookies(const http::request& req, response& res, const user& u) const {
    const auto token = auth::create_jwt(u, secret, lifetime);
    const auto plan = auth::plan_auth_cookies(token, cookies, req.cookies(), is_https(req));
    for (const auto& c : plan.set)
        res.set_cookie(to_http(c));
    for (const auto& c : plan.remove)
        res.set_cookie(to_http(c));
}

void auth_wiring::clear_auth_cookies(const http::request& req, response& res) const {
    for (const auto& c : auth::plan_logout_cookies(cookies, req.cookies(), is_https(req)))
        res.set_cookie(to_http(c));
}

task<response> auth_wiring::finish_login(const http::request& req, user u) const {
    co_await record_login(req, u);
    auto res = response::json(json::object{{"success", true}});
    res.set_header("Cache-Control", "no-store");
    set_auth_cookies(req, res, u);
    co_return res;
}

task<void> auth_wiring::record_login(const http::request& req, const user& u) const {
    if (store.on_login) {
        try {
            co_await store.on_login(u);
        } catch (const std::exception& e) {
            log().error("[{}] user store could not record the login of {}: {}", req.request_id(),
                        u.identifier, e.what());
        }
    }
}

} // namespace chainlit
