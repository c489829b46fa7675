// POST /mcp and DELETE /mcp (spec C.2): the browser connects and disconnects a session's MCP
// servers. The caller must own the session; what may run is the app's policy (mcp_policy.cpp).
#include "chainlit/chat/routes.hpp"
#include "chainlit/chat/runtime.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/http/router.hpp"
#include "chainlit/llm/mcp.hpp"
#include "mcp_sessions.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <variant>

namespace chainlit::llm::mcp {
namespace {

using http::method;
using http::request;
using http::response;

constexpr std::size_t max_servers_per_session = 8;

/// The live session named by the body, if the caller owns it; else the error to answer.
task<std::variant<std::shared_ptr<websocket_session>, response>>
owned(chat_runtime& rt, const request& req, std::string_view session_id) {
    auto u = co_await current_user(rt, req);
    if (!u)
        co_return response::error(401, "Invalid authentication token");
    auto s = rt.find(session_id);
    if (!s) {
        // In a cluster the chat may be on another node: that node serves the request.
        if (auto forwarded = co_await rt.forward_to_chat_node(req, std::string(session_id)))
            co_return std::move(*forwarded);
        co_return response::error(404, "Session not found");
    }
    if (*u && (!s->user() || s->user()->identifier != (*u)->identifier))
        co_return response::error(401, "Unauthorized");
    co_return s;
}

std::string string_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

json::object describe(const connection& c) {
    json::array tools;
    for (const auto& t : c.tools())
        tools.push_back(json::object{{"name", t.name}, {"description", t.description}});
    json::object out{{"name", c.name()}, {"tools", tools}, {"clientType", c.transport_kind()}};
    out[c.transport_kind() == "stdio" ? "command" : "url"] = c.target();
    return out;
}

task<void> run_disconnect_hook(const hooks& h, chat_runtime& rt,
                               std::shared_ptr<websocket_session> s, std::string name) {
    if (!h.on_disconnect)
        co_return;
    try {
        auto ctx = rt.ws_context(std::move(s));
        co_await h.on_disconnect(ctx, std::move(name));
    } catch (const std::exception& e) {
        log().error("on_mcp_disconnect failed: {}", e.what());
    }
}

task<void> close_quietly(std::shared_ptr<connection> c) {
    try {
        co_await c->close();
    } catch (const std::exception& e) {
        log().debug("closing MCP server {}: {}", c->name(), e.what());
    }
}

} // namespace

void add_routes(http::router& r, std::shared_ptr<chat_runtime> rt, hooks h) {
    constexpr auto builtin = http::route_priority::builtin;
    const auto p = std::make_shared<const policy>(policy::from_config(rt->opts().config));
    const auto hk = std::make_shared<const hooks>(std::move(h));

    rt->on_session_end([exec = rt->executor()](const std::string& session_id) {
        auto servers = detail::take_all(session_id);
        for (auto& c : servers)
            boost::asio::co_spawn(exec, close_quietly(std::move(c)), boost::asio::detached);
    });

    r.add(
        method::post, "/mcp",
        [rt, p, hk](request& req) -> task<response> {
            if (!p->enabled)
                co_return response::error(400, "MCP is not enabled in this app");
            auto body = req.json();
            const auto* o = body ? body->if_object() : nullptr;
            if (!o)
                co_return response::error(422, "The body must be a JSON object");
            const std::string sid = string_field(*o, "sessionId");
            const std::string name = string_field(*o, "name");
            const std::string type = string_field(*o, "clientType");
            if (sid.empty() || name.empty() || type.empty())
                co_return response::error(422, "sessionId, name and clientType are required");
            auto found = co_await owned(*rt, req, sid);
            if (auto* err = std::get_if<response>(&found))
                co_return std::move(*err);
            auto s = std::get<std::shared_ptr<websocket_session>>(found);
            if (detail::server_count(sid) >= max_servers_per_session)
                co_return response::error(400, "A chat may connect at most " +
                                                   std::to_string(max_servers_per_session) +
                                                   " MCP servers");
            std::shared_ptr<connection> c;
            try {
                if (type == "stdio") {
                    c = co_await connect_stdio(name, string_field(*o, "fullCommand"), *p);
                } else if (type == "streamable-http") {
                    std::vector<std::pair<std::string, std::string>> headers;
                    if (const auto* hs = o->if_contains("headers"); hs && hs->is_object())
                        for (const auto& [k, v] : hs->as_object())
                            if (v.is_string())
                                headers.emplace_back(std::string(k), std::string(v.as_string()));
                    c = co_await connect_http(name, string_field(*o, "url"), std::move(headers),
                                              *p);
                } else if (type == "sse") {
                    co_return response::error(
                        400, "The SSE transport is not supported: it is deprecated in MCP; "
                             "connect the server over streamable-http");
                } else {
                    co_return response::error(400, "clientType must be stdio or streamable-http");
                }
            } catch (const mcp_error& e) {
                log().info("[{}] MCP server {} refused: {}", req.request_id(), name, e.what());
                co_return response::error(400, e.what());
            }
            if (hk->on_connect) {
                std::string failure;
                try {
                    auto ctx = rt->ws_context(s);
                    co_await hk->on_connect(ctx, *c);
                } catch (const std::exception& e) {
                    failure = e.what();
                }
                if (!failure.empty()) {
                    co_await close_quietly(c);
                    co_return response::error(400, "on_mcp_connect failed: " + failure);
                }
            }
            if (auto replaced = detail::put_server(sid, c)) {
                co_await run_disconnect_hook(*hk, *rt, s, replaced->name());
                co_await close_quietly(std::move(replaced));
            }
            // The session may have ended while the server started: do not keep it alive.
            if (!rt->find(sid)) {
                if (auto orphan = detail::take_server(sid, name))
                    co_await close_quietly(std::move(orphan));
                co_return response::error(404, "Session not found");
            }
            co_return response::json(json::object{{"success", true}, {"mcp", describe(*c)}});
        },
        builtin);

    r.add(
        method::del, "/mcp",
        [rt, hk](request& req) -> task<response> {
            auto body = req.json();
            const auto* o = body ? body->if_object() : nullptr;
            const std::string sid = o ? string_field(*o, "sessionId") : "";
            const std::string name = o ? string_field(*o, "name") : "";
            if (sid.empty() || name.empty())
                co_return response::error(422, "sessionId and name are required");
            auto found = co_await owned(*rt, req, sid);
            if (auto* err = std::get_if<response>(&found))
                co_return std::move(*err);
            auto c = detail::take_server(sid, name);
            if (!c)
                co_return response::error(404, "No MCP server named " + name + " in this chat");
            co_await run_disconnect_hook(*hk, *rt,
                                         std::get<std::shared_ptr<websocket_session>>(found), name);
            co_await close_quietly(std::move(c));
            co_return response::json(json::object{{"success", true}});
        },
        builtin);
}

} // namespace chainlit::llm::mcp
