#include "openai_request.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>

namespace chainlit::openai_api {

namespace {

constexpr std::array<std::string_view, 6> known_roles{"system",    "developer", "user",
                                                      "assistant", "tool",      "function"};

request_error invalid(std::string message, std::string param, std::string code = {}) {
    request_error e;
    e.message = std::move(message);
    e.param = std::move(param);
    e.code = std::move(code);
    return e;
}

/// The text of a message's content: a string, null, or an array of parts of which only text
/// parts are supported. nullopt with `why` set when it cannot be read.
std::optional<std::string> content_text(const json::value* c, std::string& why) {
    if (!c || c->is_null())
        return std::string();
    if (c->is_string())
        return std::string(c->as_string());
    if (!c->is_array()) {
        why = "content must be a string, an array of content parts or null";
        return std::nullopt;
    }
    std::string text;
    for (const auto& part : c->as_array()) {
        const auto* p = part.if_object();
        const auto* type = p ? p->if_contains("type") : nullptr;
        const auto* t = p ? p->if_contains("text") : nullptr;
        if (!type || !type->is_string() || type->as_string() != "text" || !t || !t->is_string()) {
            why = "only text content parts ({\"type\": \"text\", \"text\": ...}) are supported";
            return std::nullopt;
        }
        if (!text.empty())
            text += '\n';
        text.append(t->as_string());
    }
    return text;
}

} // namespace

std::variant<completion_request, request_error> parse_completion_request(std::string_view body) {
    boost::system::error_code ec;
    json::value v = boost::json::parse(body, ec);
    if (ec)
        return invalid("The request body is not valid JSON: " + ec.message(), "");
    auto* o = v.if_object();
    if (!o)
        return invalid("The request body must be a JSON object", "");
    completion_request r;

    const auto* model = o->if_contains("model");
    if (!model || !model->is_string() || model->as_string().empty())
        return invalid("model is required: a string naming the app or one of its chat profiles "
                       "(GET /v1/models lists them)",
                       "model");
    if (model->as_string().size() > max_model_name)
        return invalid("model is too long", "model");
    r.model = std::string(model->as_string());

    const auto* msgs = o->if_contains("messages");
    if (!msgs || !msgs->is_array() || msgs->as_array().empty())
        return invalid("messages is required: a non-empty array", "messages");
    if (msgs->as_array().size() > max_messages)
        return invalid("messages has more than " + std::to_string(max_messages) + " entries",
                       "messages");
    bool has_user = false;
    const auto& list = msgs->as_array();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = "messages[" + std::to_string(i) + "]";
        const auto* m = list[i].if_object();
        if (!m)
            return invalid(at + " must be an object", at);
        const auto* role = m->if_contains("role");
        if (!role || !role->is_string())
            return invalid(at + ".role is required", at + ".role");
        const std::string_view rs = role->as_string();
        if (std::find(known_roles.begin(), known_roles.end(), rs) == known_roles.end())
            return invalid(at + ".role must be one of system, developer, user, assistant, tool",
                           at + ".role");
        std::string why;
        auto text = content_text(m->if_contains("content"), why);
        if (!text)
            return invalid(at + ".content: " + why, at + ".content");
        if (rs == "user") {
            has_user = true;
            r.last_user = i;
        }
        r.messages.push_back({std::string(rs), std::move(*text)});
    }
    if (!has_user)
        return invalid("messages must contain a user message: the app answers the last one",
                       "messages");

    if (const auto* s = o->if_contains("stream"); s && !s->is_null()) {
        if (!s->is_bool())
            return invalid("stream must be a boolean", "stream");
        r.stream = s->as_bool();
    }
    if (const auto* so = o->if_contains("stream_options"); so && !so->is_null()) {
        const auto* sop = so->if_object();
        if (!sop)
            return invalid("stream_options must be an object", "stream_options");
        if (const auto* u = sop->if_contains("include_usage"); u && !u->is_null()) {
            if (!u->is_bool())
                return invalid("stream_options.include_usage must be a boolean",
                               "stream_options.include_usage");
            r.include_usage = u->as_bool();
        }
    }
    if (const auto* n = o->if_contains("n"); n && !n->is_null()) {
        if (!n->is_int64() || n->as_int64() != 1)
            return invalid("Only n = 1 is supported: the app gives one answer", "n");
    }
    for (const auto& [k, val] : *o)
        if (k != "model" && k != "messages" && k != "stream" && k != "stream_options")
            r.params.emplace(k, val);
    return r;
}

json::object error_body(const request_error& e) {
    json::object err{{"message", e.message},
                     {"type", e.type},
                     {"param", e.param.empty() ? json::value() : json::value(e.param)},
                     {"code", e.code.empty() ? json::value() : json::value(e.code)}};
    return json::object{{"error", std::move(err)}};
}

} // namespace chainlit::openai_api
