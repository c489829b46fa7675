// The auth routes of spec C.1 (OAuth's are in oauth_routes.cpp): /auth/config, /login,
// /auth/header, /auth/jwt, /logout and /user. Tokens only ever travel in HttpOnly cookies, never in
// a response body.
#include "auth_wiring.hpp"
#include "chainlit/auth/bearer.hpp"
#include "chainlit/auth/jwt.hpp"
#include "chainlit/core/log.hpp"

namespace chainlit {
namespace {

using http::method;
using http::request;

/// FastAPI's 422 body for a form field that failed validation.
response validation_error(std::string_view field, std::string_view type, std::string_view msg) {
    json::object item{
        {"type", type},
        {"loc", json::array{"body", field}},
        {"msg", msg},
        {"input", nullptr},
    };
    return response::json(json::object{{"detail", json::array{std::move(item)}}}, 422);
}

response no_store(response res) {
    res.set_header("Cache-Control", "no-store");
    return res;
}

} // namespace

void add_auth_routes(http::router& r, std::shared_ptr<const auth_wiring> w) {
    constexpr auto builtin = http::route_priority::builtin;

    r.add(
        method::get, "/auth/config",
        [w](request&) -> task<response> {
            json::array providers;
            for (const auto& p : w->oauth_providers)
                providers.emplace_back(p.id);
            json::object body{
                {"requireLogin", w->require_login},
                {"passwordAuth", static_cast<bool>(w->password_callback)},
                {"headerAuth", static_cast<bool>(w->header_callback)},
                {"oauthProviders", std::move(providers)},
                {"default_theme", w->default_theme},
                {"ui", w->login_ui},
            };
            co_return response::json(body);
        },
        builtin);

    // OAuth2 password form (multipart or urlencoded), as FastAPI's OAuth2PasswordRequestForm.
    r.add(
        method::post, "/login",
        [w](request& req) -> task<response> {
            auto form = req.form();
            if (!form)
                co_return validation_error("username", "missing", "Field required");
            const std::string* username = form->get("username");
            const std::string* password = form->get("password");
            if (!username)
                co_return validation_error("username", "missing", "Field required");
            if (!password)
                co_return validation_error("password", "missing", "Field required");
            if (const std::string* grant = form->get("grant_type"); grant && *grant != "password")
                co_return validation_error("grant_type", "string_pattern_mismatch",
                                           "String should match pattern '^password$'");
            if (!w->password_callback)
                co_return response::error(400, "No auth_callback defined");
            std::string name = *username;
            std::string pass = *password;
            auto u = co_await w->password_callback(std::move(name), std::move(pass));
            if (!u)
                co_return no_store(response::error(401, "credentialssignin"));
            co_return co_await w->finish_login(req, std::move(*u));
        },
        builtin);

    r.add(
        method::post, "/auth/header",
        [w](request& req) -> task<response> {
            if (!w->header_callback)
                co_return response::error(400, "No header_auth_callback defined");
            auto u = co_await w->header_callback(req);
            if (!u)
                co_return no_store(response::error(401, "credentialssignin"));
            co_return co_await w->finish_login(req, std::move(*u));
        },
        builtin);

    // Exchanges an app-issued token (CHAINLIT_CUSTOM_AUTH, the copilot's accessToken) for the
    // cookie. The error details are the spec's exact texts. The token's user goes through the
    // user store like on every other route: with persistence on, an unknown or removed user
    // gets a 401 and no cookie, unless `[project] jwt_login_creates_users` asks to create
    // unknown ones; a token issued before its user's removal never logs in (docs/SECURITY.md).
    r.add(
        method::post, "/auth/jwt",
        [w](request& req) -> task<response> {
            auto token = auth::parse_bearer(req.header("authorization"));
            if (!token)
                co_return response::error(401, token.error().message());
            auto verified = auth::verify_jwt(*token, w->secret);
            if (!verified)
                co_return response::error(401, "Invalid token");
            auto known = co_await w->resolve(req, *verified);
            if (known)
                co_return co_await w->finish_login(req, std::move(*known));
            const bool may_create = w->jwt_creates_users && w->store.on_login;
            if (!may_create || co_await w->revoked(req, *verified)) {
                log().info("[{}] /auth/jwt: the token's user {} is unknown or removed",
                           req.request_id(), verified->u.identifier);
                co_return no_store(response::error(401, "Invalid token"));
            }
            co_return co_await w->finish_login(req, std::move(verified->u));
        },
        builtin);

    r.add(
        method::post, "/logout",
        [w](request& req) -> task<response> {
            auto res = response::json(json::object{{"success", true}});
            // on_logout sees the request with its cookies and shapes the answer; the cookie
            // deletions are added after it, so a hook cannot keep a user signed in.
            if (w->logout_callback) {
                try {
                    co_await w->logout_callback(req, res);
                } catch (const std::exception& e) {
                    log().error("[{}] on_logout failed: {}", req.request_id(), e.what());
                    res = response::json(json::object{{"success", true}});
                }
            }
            res = no_store(std::move(res));
            w->clear_auth_cookies(req, res);
            co_return res;
        },
        builtin);

    r.add(
        method::get, "/user",
        [w](request& req) -> task<response> {
            auto u = co_await w->current_user(req);
            if (!u)
                co_return response::error(401, "Invalid authentication token");
            if (!*u)
                co_return no_store(response::json(json::value(nullptr)));
            co_return no_store(response::json(auth::to_json(**u)));
        },
        builtin);
}

} // namespace chainlit
