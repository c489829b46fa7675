#include "chainlit/chat/message.hpp"

#include <algorithm>
#include <boost/json/serializer.hpp>

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

namespace {

json::value tags_value(const std::vector<std::string>& tags) {
    if (tags.empty())
        return nullptr;
    json::array a;
    for (const auto& t : tags)
        a.emplace_back(t);
    return a;
}

} // namespace

json::object metadata_with_icon(const json::object& metadata, const std::string& icon) {
    if (icon.empty())
        return metadata;
    json::object m = metadata;
    m["icon"] = icon;
    return m;
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
            {"tags", tags_value(tags)},
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
            {"metadata", metadata_with_icon(metadata, icon)},
            {"tags", tags_value(tags)},
            {"input", input},
            {"isError", is_error},
            {"output", output},
            {"createdAt", created_at},
            {"start", str_or_null(start)},
            {"end", str_or_null(end)},
            {"language", str_or_null(language)},
            {"defaultOpen", default_open},
            {"autoCollapse", auto_collapse},
            {"showInput", std::move(show)},
            {"generation", generation ? json::value(*generation) : json::value()},
        },
        std::move(sp));
}

namespace {

/// Appends the JSON text of an object, through Boost.JSON's serializer (one escaping rule).
void append_json(std::string& out, const json::object& o) {
    if (o.empty()) {
        out += "{}";
        return;
    }
    json::serializer sr;
    sr.reset(&o);
    char buf[1024];
    while (!sr.done())
        out.append(sr.read(buf, sizeof buf));
}

/// A JSON string. Most are ids, timestamps and plain text: copied between quotes when nothing
/// needs escaping, else escaped by the serializer exactly as json::serialize would.
void append_json(std::string& out, std::string_view s) {
    const bool plain = std::none_of(s.begin(), s.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
    });
    if (plain) {
        out += '"';
        out += s;
        out += '"';
        return;
    }
    json::serializer sr;
    sr.reset(json::string_view(s.data(), s.size()));
    char buf[1024];
    while (!sr.done())
        out.append(sr.read(buf, sizeof buf));
}

void append_str_or_null(std::string& out, const std::string& s) {
    if (s.empty())
        out += "null";
    else
        append_json(out, std::string_view(s));
}

void append_bool(std::string& out, bool b) {
    out += b ? "true" : "false";
}

void append_tags(std::string& out, const std::vector<std::string>& tags) {
    if (tags.empty()) {
        out += "null";
        return;
    }
    out += '[';
    for (std::size_t i = 0; i < tags.size(); ++i) {
        if (i)
            out += ',';
        append_json(out, std::string_view(tags[i]));
    }
    out += ']';
}

} // namespace

void message::write_dict(std::string& out, bool streaming) const {
    out += "{\"id\":";
    append_json(out, std::string_view(id));
    out += ",\"threadId\":";
    append_json(out, std::string_view(thread_id));
    out += ",\"parentId\":";
    append_str_or_null(out, parent_id);
    out += ",\"createdAt\":";
    append_json(out, std::string_view(created_at));
    out += ",\"command\":";
    append_str_or_null(out, command);
    out += ",\"start\":";
    append_json(out, std::string_view(created_at));
    out += ",\"end\":";
    append_json(out, std::string_view(created_at));
    out += ",\"output\":";
    append_json(out, std::string_view(content));
    out += ",\"name\":";
    append_json(out, std::string_view(author));
    out += ",\"type\":";
    append_json(out, std::string_view(type));
    out += ",\"language\":";
    append_str_or_null(out, language);
    out += ",\"streaming\":";
    append_bool(out, streaming);
    out += ",\"isError\":";
    append_bool(out, is_error);
    out += ",\"waitForAnswer\":false,\"metadata\":";
    append_json(out, metadata);
    out += ",\"tags\":";
    append_tags(out, tags);
    out += '}';
}

void step::write_dict(std::string& out) const {
    out += "{\"name\":";
    append_json(out, std::string_view(name));
    out += ",\"type\":";
    append_json(out, std::string_view(type));
    out += ",\"id\":";
    append_json(out, std::string_view(id));
    out += ",\"threadId\":";
    append_json(out, std::string_view(thread_id));
    out += ",\"parentId\":";
    append_str_or_null(out, parent_id);
    out += ",\"streaming\":false,\"metadata\":";
    if (icon.empty())
        append_json(out, metadata);
    else
        append_json(out, metadata_with_icon(metadata, icon));
    out += ",\"tags\":";
    append_tags(out, tags);
    out += ",\"input\":";
    append_json(out, std::string_view(input));
    out += ",\"isError\":";
    append_bool(out, is_error);
    out += ",\"output\":";
    append_json(out, std::string_view(output));
    out += ",\"createdAt\":";
    append_json(out, std::string_view(created_at));
    out += ",\"start\":";
    append_str_or_null(out, start);
    out += ",\"end\":";
    append_str_or_null(out, end);
    out += ",\"language\":";
    append_str_or_null(out, language);
    out += ",\"defaultOpen\":";
    append_bool(out, default_open);
    out += ",\"autoCollapse\":";
    append_bool(out, auto_collapse);
    out += ",\"showInput\":";
    if (show_input == "false")
        out += "false";
    else
        append_json(out, std::string_view(show_input));
    out += ",\"generation\":";
    if (generation)
        append_json(out, *generation);
    else
        out += "null";
    out += '}';
}

} // namespace chainlit
