// Built-in HTTP routes the chat needs (spec C.1, C.2). Every route that touches a live session
// checks that the caller owns it (spec D.6).
#include "chainlit/chat/routes.hpp"

#include "chainlit/core/log.hpp"
#include "file_store.hpp"
#include "ws_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fnmatch.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <variant>

namespace chainlit {

using http::method;
using http::request;
using http::response;

task<result<std::optional<user>>> current_user(chat_runtime& rt, const http::request& req) {
    if (!rt.auth())
        co_return std::optional<user>{};
    co_return co_await rt.auth()(req);
}

namespace {

/// The session named by the request, checked against the caller (spec C.2.2 steps 1-2).
/// Returns the session, or the error response to send.
task<std::variant<std::shared_ptr<websocket_session>, response>>
owned_session(chat_runtime& rt, const request& req, std::string_view session_id, int missing_status,
              std::string_view missing_detail) {
    auto u = co_await current_user(rt, req);
    if (!u)
        co_return response::error(401, "Invalid authentication token");
    auto s = rt.find(session_id);
    if (!s) {
        // In a cluster, round robin may have sent the browser's request to another node than
        // its chat's: that node serves it (and checks the caller again).
        if (auto forwarded = co_await rt.forward_to_chat_node(req, std::string(session_id)))
            co_return std::move(*forwarded);
        co_return response::error(missing_status, missing_detail);
    }
    if (*u && (!s->user() || s->user()->identifier != (*u)->identifier))
        co_return response::error(401, "Unauthorized");
    co_return s;
}

bool enabled_in(const json::object* table, bool fallback) {
    const auto* v = table ? table->if_contains("enabled") : nullptr;
    return v && v->is_bool() ? v->as_bool() : fallback;
}

/// `base` with `patch` merged in: objects key by key, anything else replaced.
json::object merged(json::object base, const json::object& patch) {
    for (const auto& [k, v] : patch) {
        auto* mine = base.if_contains(k);
        if (mine && mine->is_object() && v.is_object())
            *mine = merged(std::move(mine->as_object()), v.as_object());
        else
            base[k] = v;
    }
    return base;
}

/// The chosen profile's override of config table `key` ("ui", "features"), if any.
const json::object* profile_override(const std::vector<chat_profile>& profiles,
                                     std::string_view chosen, std::string_view key) {
    for (const auto& p : profiles)
        if (!chosen.empty() && p.name == chosen)
            if (const auto* v = p.config_overrides.if_contains(key); v && v->is_object())
                return &v->as_object();
    return nullptr;
}

/// The features as the UI gets them: MCP's shows only which transports are on (the UI offers
/// those), not the app's allowlists. Legacy SSE is never on: only streamable HTTP is served.
json::object ui_features(const json::object& features) {
    json::object out = features;
    const auto* mcp = features.if_contains("mcp");
    const auto* m = mcp ? mcp->if_object() : nullptr;
    auto sub = [&](std::string_view key) -> const json::object* {
        const auto* v = m ? m->if_contains(key) : nullptr;
        return v ? v->if_object() : nullptr;
    };
    const auto* http = sub("streamable_http") ? sub("streamable_http") : sub("streamable-http");
    out["mcp"] = json::object{{"enabled", enabled_in(m, false)},
                              {"stdio", {{"enabled", enabled_in(sub("stdio"), true)}}},
                              {"streamable_http", {{"enabled", enabled_in(http, true)}}},
                              {"sse", {{"enabled", false}}}};
    return out;
}

/// Checks an upload against `spec` (features.spontaneous_file_upload or an ask's spec).
std::optional<std::string> validate_upload(const json::object* spec, std::string_view mime,
                                           std::size_t size) {
    if (!spec)
        return std::nullopt; // no section at all: anything is allowed (spec C.2.2)
    if (const auto* en = spec->if_contains("enabled"); en && en->is_bool() && !en->as_bool())
        return "File upload is not enabled";
    const std::string type(mime.substr(0, mime.find(';')));
    if (const auto* acc = spec->if_contains("accept")) {
        bool ok = false;
        auto match = [&](std::string_view pattern) {
            return ::fnmatch(std::string(pattern).c_str(), type.c_str(), 0) == 0;
        };
        if (acc->is_array()) {
            for (const auto& p : acc->as_array())
                ok = ok || (p.is_string() && match(p.as_string()));
        } else if (acc->is_object()) {
            for (const auto& [p, exts] : acc->as_object())
                ok = ok || match(p);
        } else {
            ok = true;
        }
        if (!ok)
            return "File type not allowed";
    }
    if (const auto* mx = spec->if_contains("max_size_mb"); mx && mx->is_number()) {
        const double limit = mx->to_number<double>() * 1024 * 1024;
        if (static_cast<double>(size) > limit)
            return "File size too large";
    }
    return std::nullopt;
}

/// The `language` query of /project/settings (spec C.2): a BCP 47 tag such as `en-US`.
bool valid_language(const std::string& tag) {
    static const std::regex pattern(
        "[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,4})?(-[a-zA-Z0-9]{2,8})?(-x-[a-zA-Z0-9]{1,8})?");
    return tag.size() <= 40 && std::regex_match(tag, pattern);
}

std::string read_markdown(const std::filesystem::path& root, const std::string& language) {
    for (auto name : {"chainlit_" + language + ".md", std::string("chainlit.md")}) {
        std::ifstream in(root / name, std::ios::binary);
        if (in) {
            std::ostringstream ss;
            ss << in.rdbuf();
            return ss.str();
        }
    }
    return {};
}

} // namespace

void add_chat_routes(http::router& r, std::shared_ptr<chat_runtime> rt) {
    constexpr auto builtin = http::route_priority::builtin;

    r.add(
        method::post, "/set-session-cookie",
        [](request& req) -> task<response> {
            auto body = req.json();
            const auto* o = body ? body->if_object() : nullptr;
            const auto* id = o ? o->if_contains("session_id") : nullptr;
            if (!id || !id->is_string())
                co_return response::error(422, "session_id is required");
            auto res = response::json(json::object{{"message", "Session cookie set"}});
            http::cookie c{.name = "X-Chainlit-Session-id",
                           .value = std::string(id->as_string()),
                           .max_age = std::nullopt}; // a session cookie
            const auto& ip = req.client_address();
            if (ip != "127.0.0.1" && ip != "::1")
                c.same_site = http::same_site::none; // implies Secure
            res.set_cookie(c);
            co_return res;
        },
        builtin);

    r.add(
        method::get, "/project/settings",
        [rt](request& req) -> task<response> {
            auto u = co_await current_user(*rt, req);
            if (!u)
                co_return response::error(401, "Invalid authentication token");
            const auto& cfg = rt->opts().config;
            json::array user_env;
            for (const auto& k : cfg.project.user_env)
                user_env.push_back(json::value(k));
            bool mask_user_env = cfg.project.mask_user_env;
            std::string language = req.query_param("language").value_or("en-US");
            if (!valid_language(language))
                co_return response::error(422, "language must be a BCP 47 tag such as en-US");
            // A language fixed in the config wins over the browser's (spec C.2).
            if (const auto* fixed = cfg.ui.if_contains("language");
                fixed && fixed->is_string() && !fixed->as_string().empty())
                language = std::string(fixed->as_string());
            const auto md = read_markdown(rt->opts().app_root, language);
            const auto& hooks = rt->hooks();
            json::array starters;
            if (hooks.set_starters) {
                auto list = co_await hooks.set_starters(*u, language);
                starters = to_json(list);
            }
            json::array profiles;
            json::object ui = cfg.ui;
            json::object features = cfg.features;
            if (hooks.set_chat_profiles) {
                auto list = co_await hooks.set_chat_profiles(*u, language);
                profiles = to_json(list);
                // As in Chainlit, the chosen profile's config_overrides shape these settings.
                const auto chosen = req.query_param("chat_profile").value_or("");
                if (const auto* o = profile_override(list, chosen, "ui"))
                    ui = merged(std::move(ui), *o);
                if (const auto* o = profile_override(list, chosen, "features"))
                    features = merged(std::move(features), *o);
                if (const auto* o = profile_override(list, chosen, "project")) {
                    // Of the project table the UI sees only these two.
                    if (const auto* env = o->if_contains("user_env"); env && env->is_array())
                        user_env = env->as_array();
                    if (const auto* mask = o->if_contains("mask_user_env"); mask && mask->is_bool())
                        mask_user_env = mask->as_bool();
                }
            }
            json::array categories;
            if (hooks.set_starter_categories) {
                auto list = co_await hooks.set_starter_categories(
                    *u, language, req.query_param("chat_profile").value_or(""));
                categories = to_json(list);
            }
            const auto* allow = cfg.features.if_contains("allow_thread_sharing");
            const bool sharing = allow && allow->is_bool() && allow->as_bool() &&
                                 static_cast<bool>(hooks.on_shared_thread_view);
            co_return response::json(json::object{
                {"ui", std::move(ui)},
                {"features", ui_features(features)},
                {"userEnv", std::move(user_env)},
                {"maskUserEnv", mask_user_env},
                {"dataPersistence", rt->store() != nullptr},
                {"threadResumable", static_cast<bool>(rt->hooks().on_chat_resume)},
                {"threadSharing", sharing},
                {"markdown", md.empty() ? json::value() : json::value(md)},
                {"chatProfiles", std::move(profiles)},
                {"starters", std::move(starters)},
                {"starterCategories", std::move(categories)},
                {"debugUrl", nullptr},
            });
        },
        builtin);

    r.add(
        method::post, "/project/file",
        [rt](request& req) -> task<response> {
            const auto sid = req.query_param("session_id").value_or("");
            auto owned = co_await owned_session(*rt, req, sid, 404, "Session not found");
            if (auto* err = std::get_if<response>(&owned))
                co_return std::move(*err);
            auto s = std::get<std::shared_ptr<websocket_session>>(owned);
            auto form = req.form();
            if (!form)
                co_return response::error(422, "Expected a multipart form with a 'file' field");
            const auto* file = form->file("file");
            if (!file)
                co_return response::error(422, "Expected a multipart form with a 'file' field");
            const auto& features = rt->opts().config.features;
            const json::object* spec = nullptr;
            if (const auto* sp = features.if_contains("spontaneous_file_upload");
                sp && sp->is_object())
                spec = &sp->as_object();
            if (req.query_param("ask_parent_id")) {
                // Ask specs are enforced by the asking handler on the files it gets back; an
                // upload for an ask is checked against the global section like Chainlit's UI.
            }
            if (auto problem = validate_upload(spec, file->content_type, file->data.size()))
                co_return response::error(400, *problem);
            auto stored = store_session_file(*s, file->filename, file->content_type, file->data);
            if (!stored) {
                log().error("[{}] storing an upload failed: {}", req.request_id(),
                            stored.error().message());
                co_return response::error(500, "Could not store the file");
            }
            co_return response::json(json::object{{"id", stored->id}});
        },
        builtin);

    r.add(
        method::get, "/project/file/{file_id}",
        [rt](request& req) -> task<response> {
            const auto sid = req.query_param("session_id").value_or("");
            auto owned = co_await owned_session(*rt, req, sid, 401, "Unauthorized");
            if (auto* err = std::get_if<response>(&owned))
                co_return std::move(*err);
            auto s = std::get<std::shared_ptr<websocket_session>>(owned);
            auto f = s->file(req.path_param("file_id"));
            if (!f)
                co_return response::error(404, "File not found");
            co_return response::file(f->path, f->mime);
        },
        builtin);

    r.add(
        method::post, "/project/action",
        [rt](request& req) -> task<response> {
            auto body = req.json();
            const auto* o = body ? body->if_object() : nullptr;
            const auto* sid = o ? o->if_contains("sessionId") : nullptr;
            const auto* act = o ? o->if_contains("action") : nullptr;
            if (!sid || !sid->is_string() || !act)
                co_return response::error(422, "sessionId and action are required");
            auto a = action::from_json(*act);
            if (!a)
                co_return response::error(422, "action must be an object with a name");
            auto owned =
                co_await owned_session(*rt, req, sid->as_string(), 404, "Session not found");
            if (auto* err = std::get_if<response>(&owned))
                co_return std::move(*err);
            auto s = std::get<std::shared_ptr<websocket_session>>(owned);
            // Only an action this session was sent, and as it was sent: the client's copy may
            // name another chat's message or carry a payload the app never wrote.
            auto* live = dynamic_cast<ws_session_impl*>(s.get());
            auto sent = live ? live->sent_action(a->id) : std::nullopt;
            if (!sent || sent->name != a->name)
                co_return response::error(404, "Action not found");
            *a = std::move(*sent);
            auto it = rt->hooks().actions.find(a->name);
            if (it == rt->hooks().actions.end())
                co_return response::error(404, "No callback found for action " + a->name);
            auto cb = it->second;
            rt->first_interaction(*s, a->name);
            // The callback runs as the session's task (task_start/task_end, stop cancels it);
            // the HTTP answer waits for its return value.
            auto done = std::make_shared<std::pair<std::mutex, std::optional<json::value>>>();
            auto timer = std::make_shared<boost::asio::steady_timer>(
                co_await boost::asio::this_coro::executor, std::chrono::hours(24));
            rt->start_task(s, [cb, a = *a, done, timer](context& ctx) -> task<void> {
                json::value v;
                try {
                    v = co_await cb(ctx, a);
                } catch (...) {
                    std::lock_guard lk(done->first);
                    done->second = json::value();
                    boost::asio::post(timer->get_executor(), [timer] { timer->cancel(); });
                    throw;
                }
                std::lock_guard lk(done->first);
                done->second = std::move(v);
                boost::asio::post(timer->get_executor(), [timer] { timer->cancel(); });
            });
            boost::system::error_code ec;
            co_await timer->async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
            std::lock_guard lk(done->first);
            co_return response::json(json::object{
                {"success", true}, {"response", done->second.value_or(json::value())}});
        },
        builtin);
    add_thread_routes(r, rt);
}

} // namespace chainlit
