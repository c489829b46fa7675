#include "chainlit/core/config.hpp"

#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

namespace chainlit {
namespace {

std::string where(const std::string& origin, const toml::node& n) {
    const auto& src = n.source();
    return src.begin.line ? fmt::format("{}:{}", origin, src.begin.line) : origin;
}

json::value to_json(const toml::node& n) {
    if (auto t = n.as_table()) {
        json::object o;
        for (const auto& [k, v] : *t)
            o[std::string(k.str())] = to_json(v);
        return o;
    }
    if (auto a = n.as_array()) {
        json::array arr;
        for (const auto& v : *a)
            arr.push_back(to_json(v));
        return arr;
    }
    if (auto s = n.as_string())
        return json::value(s->get());
    if (auto i = n.as_integer())
        return json::value(i->get());
    if (auto f = n.as_floating_point())
        return json::value(f->get());
    if (auto b = n.as_boolean())
        return json::value(b->get());
    // Dates and times have no JSON form; keep their TOML text.
    std::ostringstream ss;
    n.visit([&](auto&& v) { ss << v; });
    return json::value(ss.str());
}

/// Overlays `src` onto `dst` key by key, recursing into objects (so a file that sets only
/// `[features.audio] enabled` keeps the default sample_rate).
void merge_into(json::object& dst, const json::object& src) {
    for (const auto& [k, v] : src) {
        auto it = dst.find(k);
        if (it != dst.end() && it->value().is_object() && v.is_object())
            merge_into(it->value().as_object(), v.as_object());
        else
            dst[k] = v;
    }
}

struct reader {
    const toml::table& root;
    const std::string& origin;

    [[noreturn]] void fail(const toml::node& n, std::string_view key, std::string_view what) {
        throw config_error(fmt::format("{}: key '{}' {}", where(origin, n), key, what));
    }
    template <class T> void get(std::string_view path, T& out, std::string_view type_name) {
        auto node = root.at_path(path);
        if (!node)
            return;
        if (auto v = node.value<T>(); v && node.node()->template is<T>())
            out = *v;
        else
            fail(*node.node(), path, fmt::format("must be {}", type_name));
    }
    void get_int(std::string_view path, long long& out, long long min) {
        auto node = root.at_path(path);
        if (!node)
            return;
        if (!node.is_integer())
            fail(*node.node(), path, "must be an integer");
        const auto v = node.as_integer()->get();
        if (v < min)
            fail(*node.node(), path, fmt::format("must be at least {}", min));
        out = v;
    }
    void get_strings(std::string_view path, std::vector<std::string>& out) {
        auto node = root.at_path(path);
        if (!node)
            return;
        auto arr = node.as_array();
        if (!arr)
            fail(*node.node(), path, "must be an array of strings");
        out.clear();
        for (const auto& e : *arr) {
            if (!e.is_string())
                fail(e, path, "must be an array of strings");
            out.push_back(e.as_string()->get());
        }
    }
    void check_bool_table(std::string_view section) {
        auto t = root.at_path(section).as_table();
        if (!t)
            return;
        for (const auto& [k, v] : *t)
            if (!v.is_boolean() && !v.is_table() && !v.is_array() && !v.is_string() &&
                !v.is_number())
                fail(v, fmt::format("{}.{}", section, k.str()), "has an unsupported type");
    }
    void check_choice(std::string_view path, std::initializer_list<std::string_view> allowed) {
        auto node = root.at_path(path);
        if (!node)
            return;
        auto s = node.value<std::string>();
        bool ok = s && std::find(allowed.begin(), allowed.end(), *s) != allowed.end();
        if (!ok) {
            std::string list;
            for (auto a : allowed)
                list += (list.empty() ? "" : ", ") + std::string(a);
            fail(*node.node(), path, fmt::format("must be one of: {}", list));
        }
    }
};

} // namespace

std::string app_config::ui_name() const {
    auto it = ui.find("name");
    return it != ui.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                     : "Assistant";
}

std::string app_config::default_theme() const {
    auto it = ui.find("default_theme");
    return it != ui.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                     : "dark";
}

std::string app_config::cot() const {
    auto it = ui.find("cot");
    return it != ui.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                     : "full";
}

app_config default_config() {
    app_config c;
    c.features = json::object{
        {"unsafe_allow_html", false},
        {"latex", false},
        {"user_message_autoscroll", true},
        {"assistant_message_autoscroll", true},
        {"auto_tag_thread", true},
        {"edit_message", true},
        {"allow_thread_sharing", false},
        {"spontaneous_file_upload",
         {{"enabled", true},
          {"accept", json::array{"*/*"}},
          {"max_files", 20},
          {"max_size_mb", 500}}},
        {"audio", {{"enabled", false}, {"sample_rate", 24000}}},
        {"mcp", {{"enabled", false}}},
    };
    c.ui = json::object{
        {"name", "Assistant"},     {"description", ""}, {"cot", "full"},
        {"default_theme", "dark"}, {"layout", "wide"},  {"default_sidebar_state", "open"},
    };
    return c;
}

app_config parse_config(std::string_view text, const std::string& origin) {
    toml::table root;
    try {
        root = toml::parse(text, origin);
    } catch (const toml::parse_error& e) {
        throw config_error(
            fmt::format("{}:{}: invalid TOML: {}", origin, e.source().begin.line, e.description()));
    }
    app_config c = default_config();
    reader r{root, origin};
    if (auto meta = root.at_path("meta.generated_by")) {
        auto v = meta.value<std::string>();
        if (!v || *v <= "0.3.0")
            r.fail(*meta.node(), "meta.generated_by",
                   "must be a version string newer than \"0.3.0\"");
    }
    r.get_strings("project.user_env", c.project.user_env);
    r.get_int("project.session_timeout", c.project.session_timeout, 1);
    r.get_int("project.user_session_timeout", c.project.user_session_timeout, 1);
    r.get<bool>("project.persist_user_env", c.project.persist_user_env, "a boolean");
    r.get<bool>("project.mask_user_env", c.project.mask_user_env, "a boolean");
    r.get<bool>("project.jwt_login_creates_users", c.project.jwt_login_creates_users, "a boolean");
    r.get_strings("project.allow_origins", c.project.allow_origins);
    r.get<std::string>("cluster.redis_url", c.cluster.redis_url, "a string");
    r.get<std::string>("cluster.node_id", c.cluster.node_id, "a string");
    if (root.at_path("project.transports")) {
        std::vector<std::string> t;
        r.get_strings("project.transports", t);
        for (const auto& name : t)
            if (name != "websocket" && name != "polling")
                r.fail(*root.at_path("project.transports").node(), "project.transports",
                       "may only list \"websocket\" and \"polling\"");
        c.project.transports = std::move(t);
    }
    for (auto key : {"features.unsafe_allow_html", "features.latex", "features.edit_message",
                     "features.auto_tag_thread", "features.allow_thread_sharing",
                     "features.spontaneous_file_upload.enabled", "features.audio.enabled"}) {
        bool ignored = false;
        r.get<bool>(key, ignored, "a boolean");
    }
    long long n = 0;
    if (root.at_path("features.spontaneous_file_upload.max_size_mb"))
        r.get_int("features.spontaneous_file_upload.max_size_mb", n, 0);
    if (root.at_path("features.spontaneous_file_upload.max_files"))
        r.get_int("features.spontaneous_file_upload.max_files", n, 0);
    r.check_choice("UI.cot", {"full", "tool_call", "hidden"});
    r.check_choice("UI.default_theme", {"light", "dark"});
    std::string s;
    r.get<std::string>("UI.name", s, "a string");
    r.check_bool_table("features");

    if (auto f = root.at_path("features").as_table())
        merge_into(c.features, to_json(*f).as_object());
    if (auto u = root.at_path("UI").as_table())
        merge_into(c.ui, to_json(*u).as_object());
    c.source = origin;
    return c;
}

app_config load_config(const std::filesystem::path& app_root) {
    const auto file = app_root / ".chainlit" / "config.toml";
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return default_config();
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw config_error(fmt::format("{}: cannot be read", file.string()));
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_config(ss.str(), file.string());
}

std::string default_config_toml() {
    return R"([project]
# Keys the client must send in its user environment.
user_env = []
# Seconds a disconnected session stays restorable.
session_timeout = 3600
# Seconds a login lasts (JWT exp and cookie Max-Age).
user_session_timeout = 1296000
# Origins allowed to call the server from a browser; each is echoed with credentials.
allow_origins = ["*"]
# POST /auth/jwt with a token for a user the database does not have creates that user
# (get-or-create for an external identity provider). Off: only existing users log in.
jwt_login_creates_users = false

[features]
unsafe_allow_html = false
latex = false
edit_message = true
auto_tag_thread = true
allow_thread_sharing = false

[features.spontaneous_file_upload]
enabled = true
accept = ["*/*"]
max_files = 20
max_size_mb = 500

[features.audio]
enabled = false
sample_rate = 24000

# MCP servers a user may connect to a chat (docs/MCP.md). Nothing runs unless listed here:
# a stdio command must name an allowed program or be an allowed command line, and HTTP
# servers on loopback, private or link-local addresses are refused unless allowed.
[features.mcp]
enabled = false

[features.mcp.stdio]
enabled = true
allowed_executables = []
allowed_commands = []

[features.mcp.streamable_http]
enabled = true
allow_private_networks = false

[UI]
name = "Assistant"
# "full", "tool_call" or "hidden"
cot = "full"
default_theme = "dark"

[meta]
generated_by = "chainlit-cpp 0.1.0"
)";
}

} // namespace chainlit
