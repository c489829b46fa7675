#include "mcp_protocol.hpp"

#include "chainlit/core/version.hpp"

#include <stdexcept>

namespace chainlit::llm::mcp::detail {

json::object make_request(std::int64_t id, std::string_view method, json::object params) {
    return json::object{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
}

json::object make_notification(std::string_view method, json::object params) {
    json::object m{{"jsonrpc", "2.0"}, {"method", method}};
    if (!params.empty())
        m["params"] = std::move(params);
    return m;
}

json::object initialize_params() {
    return json::object{{"protocolVersion", protocol_version},
                        {"capabilities", json::object{}},
                        {"clientInfo", {{"name", "chainlit-cpp"}, {"version", chainlit::version}}}};
}

std::optional<json::object> parse_message(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    return std::move(v.as_object());
}

std::optional<std::int64_t> response_id(const json::object& msg) {
    if (msg.contains("method"))
        return std::nullopt; // a request or a notification
    if (!msg.contains("result") && !msg.contains("error"))
        return std::nullopt;
    const auto* id = msg.if_contains("id");
    if (!id)
        return std::nullopt;
    if (id->is_int64())
        return id->as_int64();
    if (id->is_uint64() && id->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(id->as_uint64());
    return std::nullopt;
}

std::optional<json::object> answer_server_request(const json::object& msg) {
    const auto* method = msg.if_contains("method");
    const auto* id = msg.if_contains("id");
    if (!method || !id || !(id->is_string() || id->is_number()))
        return std::nullopt;
    if (method->is_string() && method->as_string() == "ping")
        return json::object{{"jsonrpc", "2.0"}, {"id", *id}, {"result", json::object{}}};
    return json::object{
        {"jsonrpc", "2.0"},
        {"id", *id},
        {"error", {{"code", -32601}, {"message", "chainlit-cpp does not offer this method"}}}};
}

json::value result_of(const json::object& response, std::string_view server,
                      std::string_view method) {
    if (const auto* err = response.if_contains("error")) {
        std::string text = "no message";
        long long code = 0;
        if (const auto* o = err->if_object()) {
            if (const auto* m = o->if_contains("message"); m && m->is_string())
                text = std::string(m->as_string()).substr(0, 500);
            if (const auto* c = o->if_contains("code"); c && c->is_int64())
                code = c->as_int64();
        }
        throw mcp_error("MCP server " + std::string(server) + ": " + std::string(method) +
                        " failed: " + text + (code ? " (code " + std::to_string(code) + ")" : ""));
    }
    const auto* r = response.if_contains("result");
    return r ? *r : json::value();
}

std::vector<server_tool> parse_tools(const json::value& result, std::string& next_cursor) {
    std::vector<server_tool> out;
    next_cursor.clear();
    const auto* o = result.if_object();
    if (!o)
        return out;
    if (const auto* c = o->if_contains("nextCursor"); c && c->is_string())
        next_cursor = std::string(c->as_string());
    const auto* tools = o->if_contains("tools");
    if (!tools || !tools->is_array())
        return out;
    for (const auto& t : tools->as_array()) {
        const auto* to = t.if_object();
        const auto* name = to ? to->if_contains("name") : nullptr;
        if (!name || !name->is_string() || name->as_string().empty() ||
            name->as_string().size() > 256)
            continue;
        server_tool st;
        st.name = std::string(name->as_string());
        if (const auto* d = to->if_contains("description"); d && d->is_string())
            st.description = std::string(d->as_string());
        if (const auto* s = to->if_contains("inputSchema"); s && s->is_object())
            st.input_schema = s->as_object();
        out.push_back(std::move(st));
    }
    return out;
}

json::value tool_output(const json::object& call_result) {
    std::string text;
    bool only_text = true;
    json::array described;
    if (const auto* content = call_result.if_contains("content"); content && content->is_array()) {
        for (const auto& part : content->as_array()) {
            const auto* p = part.if_object();
            const auto* type = p ? p->if_contains("type") : nullptr;
            const std::string kind =
                type && type->is_string() ? std::string(type->as_string()) : "";
            if (kind == "text") {
                const auto* t = p->if_contains("text");
                if (!text.empty())
                    text += '\n';
                text += t && t->is_string() ? std::string(t->as_string()) : "";
                described.push_back(json::object{{"type", "text"}, {"text", t ? *t : ""}});
                continue;
            }
            only_text = false;
            json::object d{{"type", kind.empty() ? "unknown" : kind}};
            // Base64 payloads would only fill the model's context: name them instead.
            if (const auto* mime = p ? p->if_contains("mimeType") : nullptr; mime)
                d["mimeType"] = *mime;
            if (const auto* res = p ? p->if_contains("resource") : nullptr; res && res->is_object())
                if (const auto* uri = res->as_object().if_contains("uri"))
                    d["uri"] = *uri;
            if (const auto* uri = p ? p->if_contains("uri") : nullptr)
                d["uri"] = *uri;
            described.push_back(std::move(d));
        }
    }
    if (const auto* e = call_result.if_contains("isError"); e && e->is_bool() && e->as_bool())
        throw std::runtime_error(text.empty() ? "the tool reported an error" : text);
    if (const auto* sc = call_result.if_contains("structuredContent");
        sc && sc->is_object() && (text.empty() || !only_text))
        return *sc;
    if (only_text)
        return json::value(text);
    return described;
}

} // namespace chainlit::llm::mcp::detail
