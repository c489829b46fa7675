#include "chainlit/chat/message.hpp"

namespace chainlit {

namespace {
json::value str_or_null(const std::string& s) {
    return s.empty() ? json::value() : json::value(s);
}
} // namespace

json::object action::to_json() const {
    json::object o{{"name", name},       {"payload", payload}, {"label", label},
                   {"tooltip", tooltip}, {"id", id},           {"forId", str_or_null(for_id)}};
    if (!icon.empty())
        o["icon"] = icon;
    return o;
}

result<action> action::from_json(const json::value& v) {
    const auto* o = v.if_object();
    if (!o)
        return make_error_code(errc::invalid_argument);
    const auto* name = o->if_contains("name");
    if (!name || !name->is_string())
        return make_error_code(errc::invalid_argument);
    action a;
    a.name = std::string(name->as_string());
    auto str = [&](const char* key) -> std::string {
        const auto* f = o->if_contains(key);
        return f && f->is_string() ? std::string(f->as_string()) : std::string();
    };
    a.label = str("label");
    a.tooltip = str("tooltip");
    a.icon = str("icon");
    a.for_id = str("forId");
    if (auto id = str("id"); !id.empty())
        a.id = id;
    if (const auto* p = o->if_contains("payload"); p && p->is_object())
        a.payload = p->as_object();
    return a;
}

json::object message::to_dict(json::storage_ptr sp) const {
    return json::object(
        {
            {"id", id},
            {"threadId", thread_id},
            {"parentId", str_or_null(parent_id)},
            {"createdAt", created_at},
            {"command", str_or_null(command)},
            {"start", created_at},
            {"end", created_at},
            {"output", content},
            {"name", author},
            {"type", type},
            {"language", str_or_null(language)},
            {"streaming", false},
            {"isError", is_error},
            {"waitForAnswer", false},
            {"metadata", metadata},
            {"tags", json::value()},
        },
        std::move(sp));
}

json::object step::to_dict(json::storage_ptr sp) const {
    json::value show = show_input == "false" ? json::value(false) : json::value(show_input, sp);
    return json::object(
        {
            {"name", name},
            {"type", type},
            {"id", id},
            {"threadId", thread_id},
            {"parentId", str_or_null(parent_id)},
            {"streaming", false},
            {"metadata", metadata},
            {"tags", json::value()},
            {"input", input},
            {"isError", is_error},
            {"output", output},
            {"createdAt", created_at},
            {"start", str_or_null(start)},
            {"end", str_or_null(end)},
            {"language", str_or_null(language)},
            {"defaultOpen", default_open},
            {"showInput", std::move(show)},
            {"generation", json::value()},
        },
        std::move(sp));
}

} // namespace chainlit
