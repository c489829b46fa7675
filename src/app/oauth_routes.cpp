// OAuth sign-in (spec C.1): GET /auth/oauth/{provider} sends the browser to the provider with a
// random state in an HttpOnly cookie; the provider sends it back to .../callback, which checks
// the state, exchanges the code and reads the user info (both off the I/O threads), asks the
// app's oauth callback, and signs the user in with the auth cookie.
#include "auth_wiring.hpp"
#include "chainlit/auth/oauth.hpp"
#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/core/random.hpp"

#include <charconv>
#include <mutex>
#include <unordered_map>

namespace chainlit {
namespace {

using http::method;
using http::request;

constexpr std::string_view state_cookie_name = "oauth_state";
constexpr std::string_view state_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// States already used once: a replayed callback (same cookie and state) is refused even if the
/// browser kept the cookie. Bounded: entries expire with the state cookie, and the map never
/// holds more than `max_entries`.
class state_ledger {
public:
    explicit state_ledger(std::chrono::seconds lifetime) : lifetime_(lifetime) {}

    /// True the first time `state` is seen within its lifetime.
    bool consume(const std::string& state) {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(mutex_);
        if (auto it = used_.find(state); it != used_.end() && it->second > now)
            return false;
        if (used_.size() >= max_entries) {
            std::erase_if(used_, [&](const auto& e) { return e.second <= now; });
            while (used_.size() >= max_entries) // all live: forget the oldest-hashed ones
                used_.erase(used_.begin());
        }
        used_[state] = now + lifetime_;
        return true;
    }

private:
    static constexpr std::size_t max_entries = 100'000;
    std::chrono::seconds lifetime_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> used_;
};

auth::public_url_parts url_parts(const request& req, const auth_wiring& w) {
    auth::public_url_parts p;
    p.chainlit_url = w.chainlit_url;
    p.scheme = req.scheme();
    p.host = std::string(req.header("host").value_or(""));
    p.forwarded_host = std::string(req.header("x-forwarded-host").value_or(""));
    p.forwarded_prefix = std::string(req.header("x-forwarded-prefix").value_or(""));
    p.root_path = w.root_path;
    return p;
}

/// A page of the UI (the login page, its OAuth landing page) as the browser must reach it:
/// absolute behind a proxy, relative under the root path when no host is known.
std::string ui_url(const request& req, const auth_wiring& w, std::string_view path) {
    if (auto u = auth::user_facing_url(url_parts(req, w), path))
        return *u;
    std::string root = w.root_path == "/" ? std::string() : w.root_path;
    return root + std::string(path);
}

std::string callback_path(const auth::oauth_provider& p) {
    return "/auth/oauth/" + p.id + "/callback";
}

http::cookie state_cookie(const request& req, const auth_wiring& w, std::string value,
                          std::chrono::seconds max_age, bool cross_site_post = false) {
    const auto attrs = auth::auth_cookie_attributes(w.cookies, req.scheme() == "https");
    http::cookie c;
    c.name = std::string(state_cookie_name);
    c.value = std::move(value);
    c.path = "/";
    c.max_age = max_age.count();
    c.http_only = true;
    c.secure = attrs.secure;
    c.same_site = attrs.same_site == auth::same_site::strict ? http::same_site::strict
                  : attrs.same_site == auth::same_site::none ? http::same_site::none
                                                             : http::same_site::lax;
    if (cross_site_post) {
        // The provider's form POST is cross-site: a Lax or Strict cookie would stay behind.
        // Browsers take SameSite=None only with Secure (https, or loopback in development).
        c.same_site = http::same_site::none;
        c.secure = true;
    }
    return c;
}

response without_state(response res, const request& req, const auth_wiring& w,
                       const auth::oauth_provider& p) {
    res.set_header("Cache-Control", "no-store");
    // Cleared with the attributes it was set with (a Secure cookie is not overwritten by a
    // plain one).
    res.set_cookie(state_cookie(req, w, "", std::chrono::seconds(0), p.form_post));
    return res;
}

/// A callback parameter: from the form on POST (response_mode=form_post), else the query.
std::optional<std::string> callback_param(const request& req, const result<http::form>& form,
                                          std::string_view name) {
    if (form) {
        if (const std::string* v = form->get(name))
            return *v;
    }
    return req.query_param(name);
}

task<response> oauth_start(request& req, const auth_wiring& w) {
    if (!w.oauth_callback)
        co_return response::error(400, "No oauth_callback defined");
    const std::string id(req.path_param("provider"));
    const auth::oauth_provider* p = w.find_oauth_provider(id);
    if (!p)
        co_return response::error(404, "Provider " + id + " not found");
    const auto redirect_uri = auth::user_facing_url(url_parts(req, w), callback_path(*p));
    if (!redirect_uri)
        co_return response::error(400, "Cannot build the OAuth redirect URI: the request has no "
                                       "valid Host header and CHAINLIT_URL is not set");
    std::string state = random_string(32, state_alphabet);
    const std::string nonce = p->nonce ? random_string(32, state_alphabet) : std::string();
    auto res = response::redirect(auth::authorize_redirect(*p, *redirect_uri, state, nonce));
    res.set_header("Cache-Control", "no-store");
    res.set_cookie(state_cookie(req, w, std::move(state), w.state_lifetime, p->form_post));
    co_return res;
}

task<response> oauth_finish(request& req, const auth_wiring& w, state_ledger& ledger) {
    if (!w.oauth_callback)
        co_return response::error(400, "No oauth_callback defined");
    const std::string id(req.path_param("provider"));
    const auth::oauth_provider* p = w.find_oauth_provider(id);
    if (!p)
        co_return response::error(404, "Provider " + id + " not found");

    const result<http::form> form =
        req.method() == method::post ? req.form() : result<http::form>(http::form{});
    if (auto error = callback_param(req, form, "error")) {
        // The user declined, or the provider refused the request: back to the login page.
        // Quoted as JSON: the value comes from the query and must not forge log lines.
        log().info("[{}] OAuth provider {} answered error={}", req.request_id(), p->id,
                   json::serialize(json::value(*error)));
        const std::string to =
            ui_url(req, w, "/login") + "?" + auth::form_urlencode({{"error", *error}});
        co_return without_state(response::redirect(to), req, w, *p);
    }
    const auto code = callback_param(req, form, "code");
    const auto state = callback_param(req, form, "state");
    if (!code || !state || code->empty() || state->empty())
        co_return without_state(response::error(400, "Missing code or state"), req, w, *p);

    // The state cookie must be there, once (or repeated with one value), and equal the state.
    std::optional<std::string> cookie;
    bool ambiguous = false;
    for (const auto& [name, value] : req.cookies()) {
        if (name != state_cookie_name)
            continue;
        ambiguous = ambiguous || (cookie && *cookie != value);
        cookie = value;
    }
    if (!cookie || cookie->empty())
        co_return without_state(response::error(401, "Unauthorized: the OAuth state cookie is "
                                                     "missing (expired, or cookies are blocked)"),
                                req, w, *p);
    if (ambiguous || !auth::oauth_state_matches(*cookie, *state))
        co_return without_state(
            response::error(401, "Unauthorized: the OAuth state does not match"), req, w, *p);
    if (!ledger.consume(*state))
        co_return without_state(
            response::error(401, "Unauthorized: this OAuth state was already used"), req, w, *p);

    const auto redirect_uri = auth::user_facing_url(url_parts(req, w), callback_path(*p));
    if (!redirect_uri)
        co_return without_state(response::error(400, "Cannot build the OAuth redirect URI: the "
                                                     "request has no valid Host header and "
                                                     "CHAINLIT_URL is not set"),
                                req, w, *p);

    // Both provider calls block (libcurl): the blocking pool runs them. Named lambdas, not
    // temporaries inside the co_await (GCC 12).
    std::string token;
    json::object raw;
    std::optional<response> failure;
    try {
        auto exchange = [&] { return auth::exchange_code(*p, *code, *redirect_uri, w.oauth_http); };
        token = co_await run_blocking(exchange);
        auto info = [&] { return auth::fetch_user_info(*p, token, w.oauth_http); };
        raw = co_await run_blocking(info);
    } catch (const auth::oauth_error& e) {
        log().error("[{}] {}", req.request_id(), e.what());
        failure = response::error(e.status(), e.what());
    }
    if (failure)
        co_return without_state(std::move(*failure), req, w, *p);

    auto default_user = auth::default_oauth_user(*p, raw);
    if (!default_user) {
        const std::string why = "OAuth provider " + p->id + ": the user info has no '" +
                                p->identifier_claim + "' to identify the user";
        log().error("[{}] {}", req.request_id(), why);
        co_return without_state(response::error(502, why), req, w, *p);
    }
    // Chainlit hands the hybrid flow's id_token to its callback as an extra argument; here it
    // is in the raw user data. Not verified: the user comes from the provider's user info.
    if (auto id_token = p->form_post ? callback_param(req, form, "id_token") : std::nullopt;
        id_token && !id_token->empty())
        raw["id_token"] = *id_token;
    std::string provider_id = p->id;
    auto u = co_await w.oauth_callback(std::move(provider_id), std::move(token), std::move(raw),
                                       std::move(*default_user));
    if (!u)
        co_return without_state(response::error(401, "credentialssignin"), req, w, *p);
    co_await w.record_login(req, *u);
    // Chainlit's landing page: the UI reads /user there and goes home.
    auto res = without_state(
        response::redirect(ui_url(req, w, "/login/callback") + "?success=True"), req, w, *p);
    w.set_auth_cookies(req, res, *u);
    co_return res;
}

} // namespace

void auth_wiring::configure_oauth() {
    auto found = auth::oauth_providers_from_env();
    for (const auto& warning : found.warnings)
        log().warn("{}", warning);
    oauth_providers.clear();
    if (oauth_callback) {
        oauth_providers = std::move(found.providers);
        for (const auto& p : oauth_providers)
            log().info("OAuth provider {} is on", p.id);
    } else if (!found.providers.empty()) {
        log().warn("OAuth variables are set for {} but the app registers no oauth callback: "
                   "OAuth sign-in is off",
                   found.providers.front().id);
    }
    chainlit_url = auth::process_env("CHAINLIT_URL").value_or("");
    state_lifetime = std::chrono::seconds(180);
    if (auto v = auth::process_env("CHAINLIT_STATE_COOKIE_LIFETIME"); v && !v->empty()) {
        long long seconds = 0;
        const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), seconds);
        if (ec != std::errc{} || end != v->data() + v->size() || seconds <= 0 || seconds > 86'400)
            throw config_error("CHAINLIT_STATE_COOKIE_LIFETIME must be a number of seconds "
                               "between 1 and 86400, got '" +
                               *v + "'");
        state_lifetime = std::chrono::seconds(seconds);
    }
}

const auth::oauth_provider* auth_wiring::find_oauth_provider(std::string_view id) const noexcept {
    for (const auto& p : oauth_providers)
        if (p.id == id)
            return &p;
    return nullptr;
}

void add_oauth_routes(http::router& r, std::shared_ptr<const auth_wiring> w) {
    constexpr auto builtin = http::route_priority::builtin;
    auto ledger = std::make_shared<state_ledger>(w->state_lifetime);
    r.add(
        method::get, "/auth/oauth/{provider}",
        [w](request& req) -> task<response> { co_return co_await oauth_start(req, *w); }, builtin);
    auto finish = [w, ledger](request& req) -> task<response> {
        co_return co_await oauth_finish(req, *w, *ledger);
    };
    r.add(method::get, "/auth/oauth/{provider}/callback", finish, builtin);
    r.add(method::post, "/auth/oauth/{provider}/callback", finish, builtin);
}

} // namespace chainlit
