#include "chainlit/data/model.hpp"

#include <boost/json/value_from.hpp>

#include <array>
#include <cstdint>

namespace chainlit::data {
namespace {

// Builders: optional keys are emitted only when set, so a round trip keeps "absent" distinct
// from "empty" (create_step's upsert rules depend on it).
template <class T> void put(json::object& o, std::string_view key, const std::optional<T>& v) {
    if (v)
        o[key] = json::value_from(*v);
}

json::value strings_to_json(const std::vector<std::string>& v) {
    json::array a;
    a.reserve(v.size());
    for (const auto& s : v)
        a.emplace_back(s);
    return a;
}

// Feedback values are 0/1: emit integers, as Chainlit's JSON does, not `1E0`.
json::value number_to_json(double d) {
    // Range-checked first: casting an out-of-range double to an integer is undefined.
    if (d > -9.0e15 && d < 9.0e15 && d == static_cast<double>(static_cast<std::int64_t>(d)))
        return static_cast<std::int64_t>(d);
    return d;
}

// Readers: each returns false on a present key of the wrong type. null counts as absent,
// since Python's None serialises as null for every optional key.
struct reader {
    const json::object& o;
    bool ok = true;

    const json::value* find(std::string_view key) const {
        auto it = o.find(key);
        return it == o.end() || it->value().is_null() ? nullptr : &it->value();
    }
    void str(std::string_view key, std::optional<std::string>& out) {
        if (auto* v = find(key)) {
            if (v->is_string())
                out = std::string(v->get_string());
            else
                ok = false;
        }
    }
    void str(std::string_view key, std::string& out, bool required) {
        std::optional<std::string> s;
        str(key, s);
        if (s)
            out = std::move(*s);
        else if (required)
            ok = false;
    }
    void boolean(std::string_view key, std::optional<bool>& out) {
        if (auto* v = find(key)) {
            if (v->is_bool())
                out = v->get_bool();
            else
                ok = false;
        }
    }
    void number(std::string_view key, std::optional<double>& out) {
        if (auto* v = find(key)) {
            if (v->is_number())
                out = v->to_number<double>();
            else
                ok = false;
        }
    }
    void integer(std::string_view key, std::optional<int>& out) {
        std::optional<double> d;
        number(key, d);
        if (d && *d >= -2147483648.0 && *d <= 2147483647.0)
            out = static_cast<int>(*d);
        else if (d)
            ok = false;
    }
    void object(std::string_view key, std::optional<json::object>& out) {
        if (auto* v = find(key)) {
            if (v->is_object())
                out = v->get_object();
            else
                ok = false;
        }
    }
    void any(std::string_view key, std::optional<json::value>& out) {
        if (auto* v = find(key))
            out = *v;
    }
    void strings(std::string_view key, std::optional<std::vector<std::string>>& out) {
        if (auto* v = find(key)) {
            if (!v->is_array()) {
                ok = false;
                return;
            }
            std::vector<std::string> r;
            for (const auto& e : v->get_array()) {
                if (!e.is_string()) {
                    ok = false;
                    return;
                }
                r.emplace_back(e.get_string());
            }
            out = std::move(r);
        }
    }
};

template <class T, class F> result<T> read_object(const json::value& v, F&& fill) {
    if (!v.is_object())
        return errc::parse_error;
    T out{};
    reader r{v.get_object()};
    fill(r, out);
    if (!r.ok)
        return errc::parse_error;
    return out;
}

} // namespace

bool is_step_type(std::string_view type) noexcept {
    static constexpr std::array<std::string_view, 10> types{
        "assistant_message", "embedding", "llm",       "retrieval",   "rerank", "run",
        "system_message",    "tool",      "undefined", "user_message"};
    for (auto t : types)
        if (t == type)
            return true;
    return false;
}

json::object to_json(const user& u) {
    json::object o;
    o["identifier"] = u.identifier;
    o["display_name"] = u.display_name ? json::value(*u.display_name) : json::value(nullptr);
    o["metadata"] = u.metadata;
    return o;
}

json::object to_json(const persisted_user& u) {
    json::object o;
    o["id"] = u.id;
    o["identifier"] = u.identifier;
    o["display_name"] = u.display_name ? json::value(*u.display_name) : json::value(nullptr);
    o["metadata"] = u.metadata;
    o["createdAt"] = u.created_at;
    return o;
}

json::object to_json(const feedback& f) {
    json::object o;
    o["forId"] = f.for_id;
    put(o, "id", f.id);
    o["value"] = number_to_json(f.value);
    put(o, "comment", f.comment);
    put(o, "threadId", f.thread_id);
    return o;
}

json::object to_json(const step_dict& s) {
    json::object o;
    o["id"] = s.id;
    put(o, "name", s.name);
    put(o, "type", s.type);
    put(o, "threadId", s.thread_id);
    put(o, "parentId", s.parent_id);
    put(o, "command", s.command);
    put(o, "modes", s.modes);
    put(o, "streaming", s.streaming);
    put(o, "waitForAnswer", s.wait_for_answer);
    put(o, "isError", s.is_error);
    put(o, "metadata", s.metadata);
    if (s.tags)
        o["tags"] = strings_to_json(*s.tags);
    put(o, "input", s.input);
    put(o, "output", s.output);
    put(o, "createdAt", s.created_at);
    put(o, "start", s.start);
    put(o, "end", s.end);
    put(o, "generation", s.generation);
    put(o, "showInput", s.show_input);
    put(o, "defaultOpen", s.default_open);
    put(o, "autoCollapse", s.auto_collapse);
    put(o, "language", s.language);
    if (s.indent)
        o["indent"] = number_to_json(*s.indent);
    if (s.feedback)
        o["feedback"] = to_json(*s.feedback);
    return o;
}

json::object to_json(const element_dict& e) {
    json::object o;
    o["id"] = e.id;
    put(o, "threadId", e.thread_id);
    o["type"] = e.type;
    put(o, "url", e.url);
    put(o, "chainlitKey", e.chainlit_key);
    o["name"] = e.name;
    o["display"] = e.display;
    put(o, "objectKey", e.object_key);
    put(o, "size", e.size);
    put(o, "props", e.props);
    put(o, "page", e.page);
    put(o, "autoPlay", e.auto_play);
    put(o, "playerConfig", e.player_config);
    put(o, "language", e.language);
    put(o, "forId", e.for_id);
    put(o, "mime", e.mime);
    return o;
}

json::object to_json(const thread_dict& t) {
    // Every key is present, null when unknown, as the official layer's ThreadDict serialises.
    auto opt = [](const std::optional<std::string>& s) {
        return s ? json::value(*s) : json::value(nullptr);
    };
    json::object o;
    o["id"] = t.id;
    o["createdAt"] = t.created_at;
    o["name"] = opt(t.name);
    o["userId"] = opt(t.user_id);
    o["userIdentifier"] = opt(t.user_identifier);
    o["tags"] = strings_to_json(t.tags);
    o["metadata"] = t.metadata;
    json::array steps;
    steps.reserve(t.steps.size());
    for (const auto& s : t.steps)
        steps.emplace_back(to_json(s));
    o["steps"] = std::move(steps);
    json::array elements;
    elements.reserve(t.elements.size());
    for (const auto& e : t.elements)
        elements.emplace_back(to_json(e));
    o["elements"] = std::move(elements);
    return o;
}

json::object to_json(const pagination& p) {
    json::object o;
    o["first"] = p.first;
    put(o, "cursor", p.cursor);
    return o;
}

json::object to_json(const thread_filter& f) {
    json::object o;
    put(o, "feedback", f.feedback);
    put(o, "userId", f.user_id);
    put(o, "search", f.search);
    return o;
}

json::object to_json(const page_info& p) {
    json::object o;
    o["hasNextPage"] = p.has_next_page;
    o["startCursor"] = p.start_cursor ? json::value(*p.start_cursor) : json::value(nullptr);
    o["endCursor"] = p.end_cursor ? json::value(*p.end_cursor) : json::value(nullptr);
    return o;
}

json::object to_json(const paginated_threads& p) {
    json::object o;
    o["pageInfo"] = to_json(p.page_info);
    json::array data;
    data.reserve(p.data.size());
    for (const auto& t : p.data)
        data.emplace_back(to_json(t));
    o["data"] = std::move(data);
    return o;
}

template <> result<user> from_json<user>(const json::value& v) {
    return read_object<user>(v, [](reader& r, user& u) {
        r.str("identifier", u.identifier, true);
        r.str("display_name", u.display_name);
        std::optional<json::object> m;
        r.object("metadata", m);
        if (m)
            u.metadata = std::move(*m);
    });
}

template <> result<persisted_user> from_json<persisted_user>(const json::value& v) {
    return read_object<persisted_user>(v, [](reader& r, persisted_user& u) {
        r.str("id", u.id, true);
        r.str("identifier", u.identifier, true);
        r.str("display_name", u.display_name);
        std::optional<json::object> m;
        r.object("metadata", m);
        if (m)
            u.metadata = std::move(*m);
        r.str("createdAt", u.created_at, false);
    });
}

template <> result<feedback> from_json<feedback>(const json::value& v) {
    return read_object<feedback>(v, [](reader& r, feedback& f) {
        r.str("forId", f.for_id, true);
        r.str("id", f.id);
        std::optional<double> value;
        r.number("value", value);
        if (!value)
            r.ok = false;
        else
            f.value = *value;
        r.str("comment", f.comment);
        r.str("threadId", f.thread_id);
    });
}

template <> result<step_dict> from_json<step_dict>(const json::value& v) {
    return read_object<step_dict>(v, [](reader& r, step_dict& s) {
        r.str("id", s.id, true);
        r.str("name", s.name);
        r.str("type", s.type);
        r.str("threadId", s.thread_id);
        r.str("parentId", s.parent_id);
        r.str("command", s.command);
        r.object("modes", s.modes);
        r.boolean("streaming", s.streaming);
        r.boolean("waitForAnswer", s.wait_for_answer);
        r.boolean("isError", s.is_error);
        r.object("metadata", s.metadata);
        r.strings("tags", s.tags);
        r.str("input", s.input);
        r.str("output", s.output);
        r.str("createdAt", s.created_at);
        r.str("start", s.start);
        r.str("end", s.end);
        r.object("generation", s.generation);
        r.any("showInput", s.show_input);
        r.boolean("defaultOpen", s.default_open);
        r.boolean("autoCollapse", s.auto_collapse);
        r.str("language", s.language);
        r.number("indent", s.indent);
        if (auto* f = r.find("feedback")) {
            auto fb = from_json<feedback>(*f);
            if (fb)
                s.feedback = std::move(*fb);
            else
                r.ok = false;
        }
    });
}

template <> result<element_dict> from_json<element_dict>(const json::value& v) {
    return read_object<element_dict>(v, [](reader& r, element_dict& e) {
        r.str("id", e.id, true);
        r.str("threadId", e.thread_id);
        r.str("type", e.type, true);
        r.str("url", e.url);
        r.str("chainlitKey", e.chainlit_key);
        r.str("name", e.name, false);
        r.str("display", e.display, false);
        r.str("objectKey", e.object_key);
        r.str("size", e.size);
        r.any("props", e.props);
        r.integer("page", e.page);
        r.boolean("autoPlay", e.auto_play);
        r.any("playerConfig", e.player_config);
        r.str("language", e.language);
        r.str("forId", e.for_id);
        r.str("mime", e.mime);
    });
}

template <> result<thread_dict> from_json<thread_dict>(const json::value& v) {
    result<thread_dict> out = read_object<thread_dict>(v, [](reader& r, thread_dict& t) {
        r.str("id", t.id, true);
        r.str("createdAt", t.created_at, false);
        r.str("name", t.name);
        r.str("userId", t.user_id);
        r.str("userIdentifier", t.user_identifier);
        std::optional<std::vector<std::string>> tags;
        r.strings("tags", tags);
        if (tags)
            t.tags = std::move(*tags);
        std::optional<json::object> m;
        r.object("metadata", m);
        if (m)
            t.metadata = std::move(*m);
        for (auto [key, target] : {std::pair{"steps", 0}, std::pair{"elements", 1}}) {
            auto* a = r.find(key);
            if (!a)
                continue;
            if (!a->is_array()) {
                r.ok = false;
                return;
            }
            for (const auto& item : a->get_array()) {
                if (target == 0) {
                    auto s = from_json<step_dict>(item);
                    if (!s) {
                        r.ok = false;
                        return;
                    }
                    t.steps.push_back(std::move(*s));
                } else {
                    auto e = from_json<element_dict>(item);
                    if (!e) {
                        r.ok = false;
                        return;
                    }
                    t.elements.push_back(std::move(*e));
                }
            }
        }
    });
    return out;
}

template <> result<pagination> from_json<pagination>(const json::value& v) {
    return read_object<pagination>(v, [](reader& r, pagination& p) {
        std::optional<int> first;
        r.integer("first", first);
        if (first)
            p.first = *first;
        r.str("cursor", p.cursor);
    });
}

template <> result<thread_filter> from_json<thread_filter>(const json::value& v) {
    return read_object<thread_filter>(v, [](reader& r, thread_filter& f) {
        r.integer("feedback", f.feedback);
        r.str("userId", f.user_id);
        r.str("search", f.search);
    });
}

} // namespace chainlit::data
