#include "data/common.hpp"

#include "chainlit/core/time.hpp"

#include <boost/json/value_from.hpp>

#include <charconv>
#include <clocale>
#include <cstdio>
#include <cwctype>
#include <locale.h>

namespace chainlit::data::detail {

std::optional<std::string> to_text(const sql_value& v) {
    struct visitor {
        std::optional<std::string> operator()(std::monostate) const { return std::nullopt; }
        std::optional<std::string> operator()(const std::string& s) const { return s; }
        std::optional<std::string> operator()(std::int64_t i) const { return std::to_string(i); }
        std::optional<std::string> operator()(double d) const {
            char buf[32];
            auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
            return std::string(buf, end);
        }
    };
    return std::visit(visitor{}, v);
}

std::optional<std::string> row_view::opt_text(int col) const {
    auto v = get(col);
    if (!v)
        return std::nullopt;
    return std::string(*v);
}

std::optional<bool> row_view::opt_bool(int col) const {
    auto v = get(col);
    if (!v || v->empty())
        return std::nullopt;
    return (*v)[0] == '1' || (*v)[0] == 't' || (*v)[0] == 'T';
}

std::optional<std::string> row_view::opt_time(int col) const {
    auto v = get(col);
    if (!v)
        return std::nullopt;
    if (auto t = parse_iso(*v))
        return to_iso(*t);
    return std::string(*v);
}

json::object row_view::object(int col) const {
    auto v = opt_json(col);
    if (v && v->is_object())
        return std::move(v->as_object());
    return {};
}

std::optional<json::value> row_view::opt_json(int col) const {
    auto v = get(col);
    if (!v)
        return std::nullopt;
    boost::system::error_code ec;
    auto parsed = json::parse(*v, ec);
    if (ec)
        return std::nullopt;
    return parsed;
}

std::vector<std::string> row_view::strings(int col) const {
    std::vector<std::string> out;
    auto v = opt_json(col);
    if (v && v->is_array())
        for (const auto& e : v->as_array())
            if (e.is_string())
                out.emplace_back(e.get_string());
    return out;
}

std::optional<std::string> normalize_time(const std::optional<std::string>& s) {
    if (!s)
        return std::nullopt;
    if (auto t = parse_iso(*s))
        return to_iso(*t);
    return std::nullopt;
}

namespace {
// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 if invalid.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80         ? 1
                      : (b >> 5) == 6  ? 2
                      : (b >> 4) == 14 ? 3
                      : (b >> 3) == 30 ? 4
                                       : 0;
    if (len == 0 || i + len > s.size())
        return 0;
    cp = len == 1 ? b : b & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c >> 6) != 2)
            return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    return len;
}

void encode_utf8(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

// glibc's C.UTF-8 carries the full Unicode case tables; a private locale object keeps the
// process locale untouched.
locale_t utf8_locale() {
    static locale_t loc = [] {
        locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t(0));
        return l ? l : newlocale(LC_CTYPE_MASK, "C", locale_t(0));
    }();
    return loc;
}
} // namespace

std::string truncate_code_points(std::string_view s, std::size_t n) {
    std::size_t i = 0, count = 0;
    while (i < s.size() && count < n) {
        char32_t cp;
        std::size_t len = decode_utf8(s, i, cp);
        i += len ? len : 1;
        ++count;
    }
    return std::string(s.substr(0, i));
}

std::string fold_case(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp;
        std::size_t len = decode_utf8(s, i, cp);
        if (len == 0) {
            out += s[i++];
            continue;
        }
        if (cp < 0x80)
            out += char(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        else
            encode_utf8(static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), utf8_locale())),
                        out);
        i += len;
    }
    return out;
}

void merge_metadata(json::object& base, const json::object& patch) {
    for (const auto& kv : patch) {
        if (kv.value().is_null())
            base.erase(kv.key());
        else
            base[kv.key()] = kv.value();
    }
}

std::vector<std::string> null_keys(const json::object& patch) {
    std::vector<std::string> out;
    for (const auto& kv : patch)
        if (kv.value().is_null())
            out.emplace_back(kv.key());
    return out;
}

json::object non_null(const json::object& patch) {
    json::object out;
    for (const auto& kv : patch)
        if (!kv.value().is_null())
            out[kv.key()] = kv.value();
    return out;
}

std::string dump(const json::value& v) {
    return json::serialize(v);
}

std::string dump_strings(const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v)
        a.emplace_back(s);
    return json::serialize(a);
}

std::optional<std::string> show_input_to_text(const std::optional<json::value>& v) {
    if (!v)
        return std::nullopt;
    if (v->is_bool())
        return v->get_bool() ? "true" : "false";
    if (v->is_string())
        return std::string(v->get_string());
    return std::nullopt;
}

std::optional<json::value> show_input_from_text(const std::optional<std::string>& s) {
    if (!s)
        return std::nullopt;
    // Python's str(False) is how the official layer stores booleans.
    if (*s == "true" || *s == "True")
        return json::value(true);
    if (*s == "false" || *s == "False")
        return json::value(false);
    return json::value(*s);
}

json::object step_extra(const step_dict& s) {
    json::object o;
    auto put = [&o](std::string_view k, const auto& v) {
        if (v)
            o[k] = json::value_from(*v);
    };
    put("command", s.command);
    put("modes", s.modes);
    put("waitForAnswer", s.wait_for_answer);
    put("tags", s.tags);
    put("generation", s.generation);
    put("defaultOpen", s.default_open);
    put("autoCollapse", s.auto_collapse);
    put("language", s.language);
    put("indent", s.indent);
    // A hook's run step is written when the hook starts (no end) and again when it ends. Both
    // schemas store an end time either way (NOT NULL, the start's when none is given), so this
    // says which: a run step still unfinished in a resumed thread is a hook that never ended
    // (its node died, docs/SCALING.md).
    if (s.type && *s.type == "run")
        o["unfinished"] = !s.end.has_value();
    return o;
}

void apply_step_extra(step_dict& s, const json::object& extra) {
    auto wire = to_json(s);
    for (const auto& kv : extra)
        wire[kv.key()] = kv.value();
    if (auto parsed = from_json<step_dict>(wire)) {
        auto fb = std::move(s.feedback);
        s = std::move(*parsed);
        s.feedback = std::move(fb);
    }
}

json::object element_metadata(const element_dict& e) {
    json::object m;
    m["size"] = e.size ? json::value(*e.size) : json::value(nullptr);
    m["language"] = e.language ? json::value(*e.language) : json::value(nullptr);
    m["display"] = e.display;
    m["type"] = e.type;
    m["page"] = e.page ? json::value(*e.page) : json::value(nullptr);
    if (e.auto_play)
        m["autoPlay"] = *e.auto_play;
    if (e.player_config)
        m["playerConfig"] = *e.player_config;
    return m;
}

persisted_user user_from_row(const row_view& r) {
    persisted_user u;
    u.id = r.text(0);
    u.identifier = r.text(1);
    u.display_name = r.opt_text(2);
    u.metadata = r.object(3);
    u.created_at = r.opt_time(4).value_or("");
    return u;
}

step_dict step_from_row(const row_view& r) {
    step_dict s;
    s.id = r.text(0);
    s.thread_id = r.opt_text(1);
    s.parent_id = r.opt_text(2);
    s.name = r.opt_text(3);
    s.type = r.opt_text(4);
    s.input = r.opt_text(5);
    s.output = r.opt_text(6);
    s.metadata = r.object(7);
    s.is_error = r.opt_bool(8);
    s.show_input = show_input_from_text(r.opt_text(9));
    s.created_at = r.opt_time(10);
    s.start = r.opt_time(11);
    s.end = r.opt_time(12);
    s.streaming = false;
    if (auto extra = r.opt_json(13); extra && extra->is_object()) {
        auto& x = extra->as_object();
        const auto* flag = x.if_contains("unfinished");
        const bool unfinished = flag && flag->is_bool() && flag->as_bool();
        x.erase("unfinished");
        apply_step_extra(s, x);
        if (unfinished)
            s.end.reset();
    }
    if (auto fb_id = r.opt_text(14)) {
        feedback f;
        f.id = std::move(fb_id);
        f.for_id = s.id;
        auto v = r.get(15).value_or("0");
        std::from_chars(v.data(), v.data() + v.size(), f.value);
        f.comment = r.opt_text(16);
        s.feedback = std::move(f);
    }
    return s;
}

element_dict element_from_row(const row_view& r) {
    element_dict e;
    e.id = r.text(0);
    e.thread_id = r.opt_text(1);
    e.for_id = r.opt_text(2);
    auto meta = r.object(3);
    if (auto* t = meta.if_contains("type"); t && t->is_string())
        e.type = std::string(t->get_string());
    if (auto* a = meta.if_contains("autoPlay"); a && a->is_bool())
        e.auto_play = a->get_bool();
    if (auto* p = meta.if_contains("playerConfig"); p && !p->is_null())
        e.player_config = *p;
    e.mime = r.opt_text(4);
    e.name = r.text(5);
    e.object_key = r.opt_text(6);
    e.url = r.opt_text(7);
    e.chainlit_key = r.opt_text(8);
    e.display = r.opt_text(9).value_or("inline");
    e.size = r.opt_text(10);
    e.language = r.opt_text(11);
    if (auto p = r.get(12)) {
        int page = 0;
        std::from_chars(p->data(), p->data() + p->size(), page);
        e.page = page;
    }
    e.props = r.opt_json(13);
    return e;
}

thread_dict thread_from_row(const row_view& r) {
    thread_dict t;
    t.id = r.text(0);
    t.created_at = r.opt_time(1).value_or("");
    t.name = r.opt_text(2);
    t.user_id = r.opt_text(3);
    t.user_identifier = r.opt_text(4);
    t.metadata = r.object(5);
    t.tags = r.strings(6);
    return t;
}

result<std::string> checked_step_type(const step_dict& s) {
    if (s.id.empty())
        return errc::invalid_argument;
    if (s.thread_id && s.thread_id->empty())
        return errc::invalid_argument;
    const std::string type = s.type.value_or("undefined");
    if (!is_step_type(type))
        return errc::invalid_argument;
    return type;
}

int clamp_page(int first) {
    return first < 1 ? 1 : first > 1000 ? 1000 : first;
}

} // namespace chainlit::data::detail
