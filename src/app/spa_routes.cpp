// The web UI's routes (spec C.3): assets, favicon, logo, avatars and the catch-all serving
// index.html with its injections. They sit at the lowest priority: app routes and built-in
// routes always win (Chainlit users lost custom routes to this catch-all).
#include "app_impl.hpp"
#include "chainlit/app/ui_assets.hpp"
#include "chainlit/core/log.hpp"
#include "chainlit/http/static_files.hpp"
#include "html_escape.hpp"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

namespace chainlit {

namespace fs = std::filesystem;
using http::method;
using http::request;
using http::response;

namespace {

/// JSON for inline <script>: `</` would end the script element early.
std::string script_json(const json::value& v) {
    std::string s = json::serialize(v);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/')
            out += "<\\";
        else
            out += s[i];
    }
    return out;
}

std::optional<std::string> read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return std::move(ss).str();
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (std::size_t pos = s.find(from); pos != std::string::npos;
         pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

/// The first file `dir/<stem>.*`, if any (favicon.png, logo_dark.svg, ...).
std::optional<fs::path> find_stem(const fs::path& dir, std::string_view stem) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return std::nullopt;
    std::vector<fs::path> hits;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().stem() == stem)
            hits.push_back(e.path());
    if (hits.empty())
        return std::nullopt;
    std::sort(hits.begin(), hits.end());
    return hits.front();
}

const char* builtin_favicon =
    R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#f54e00"/><path d="M18 22h28v6H18zm0 12h20v6H18z" fill="#fff"/></svg>)";

std::string builtin_logo(std::string_view theme) {
    const char* fill = theme == "dark" ? "#ffffff" : "#111111";
    return std::string(
               R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40"><rect width="40" height="40" rx="9" fill="#f54e00"/><path d="M10 13h20v4H10zm0 9h14v4H10z" fill="#fff"/><text x="50" y="27" font-family="sans-serif" font-size="20" font-weight="600" fill=")") +
           fill + R"(">chainlit-cpp</text></svg>)";
}

} // namespace

/// Where the UI comes from: CHAINLIT_UI_DIR or [UI] custom_build (a dist folder), else the
/// copy embedded in the library.
struct ui_source {
    std::optional<fs::path> dir;

    std::optional<std::string> file(std::string_view path) const {
        if (dir) {
            if (!http::is_safe_relative_path(path.substr(1)))
                return std::nullopt;
            return read_file(*dir / fs::path(std::string(path.substr(1))));
        }
        if (auto f = embedded_ui_file(path))
            return std::string(*f);
        return std::nullopt;
    }
};

std::string render_index(const std::string& raw, const app_config& cfg, const std::string& root,
                         const fs::path& app_root) {
    std::string html = raw;
    // (5) first, so that what we inject below is not prefixed twice.
    if (!root.empty()) {
        replace_all(html, "href=\"/", "href=\"" + root + "/");
        replace_all(html, "src=\"/", "src=\"" + root + "/");
    }
    auto ui_str = [&](const char* key) -> std::string {
        const auto* v = cfg.ui.if_contains(key);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    const std::string name = cfg.ui_name();
    const std::string description = ui_str("description");
    std::string tags =
        "<title>" + html_escape(name) + "</title>\n" + "    <link rel=\"icon\" href=\"" +
        html_escape(root) + "/favicon\" />\n" +
        "    <meta property=\"og:type\" content=\"website\" />\n" +
        "    <meta property=\"og:title\" content=\"" + html_escape(name) + "\" />\n" +
        "    <meta property=\"og:description\" content=\"" + html_escape(description) + "\" />\n" +
        "    <meta property=\"og:root_path\" content=\"" + html_escape(root) + "\" />";
    if (auto url = ui_str("custom_meta_image_url"); !url.empty())
        tags += "\n    <meta property=\"og:image\" content=\"" + html_escape(url) + "\" />";
    replace_all(html, "<!-- TAG INJECTION PLACEHOLDER -->", tags);

    json::value theme = nullptr;
    std::string fonts;
    if (auto t = read_file(app_root / "public" / "theme.json")) {
        boost::system::error_code ec;
        auto parsed = json::parse(*t, ec);
        if (!ec && parsed.is_object()) {
            if (const auto* vars = parsed.as_object().if_contains("variables"))
                theme = *vars;
            if (const auto* cf = parsed.as_object().if_contains("custom_fonts");
                cf && cf->is_array())
                for (const auto& f : cf->as_array())
                    if (f.is_string())
                        fonts += "<link rel=\"stylesheet\" href=\"" + html_escape(f.as_string()) +
                                 "\" />\n";
        } else {
            log().warn("public/theme.json is not a JSON object; ignored");
        }
    }
    json::value transports = nullptr;
    if (cfg.project.transports) {
        json::array a;
        for (const auto& t : *cfg.project.transports)
            a.push_back(json::value(t));
        transports = std::move(a);
    }
    std::string js = "<script>\n      window.theme = " + script_json(theme) +
                     ";\n      window.transports = " + script_json(transports) + ";\n    </script>";
    if (auto custom_js = ui_str("custom_js"); !custom_js.empty()) {
        auto attrs = ui_str("custom_js_attributes");
        js += "\n    <script src=\"" + html_escape(custom_js) + "\" " +
              (attrs.empty() ? "defer" : attrs) + "></script>";
    }
    replace_all(html, "<!-- JS INJECTION PLACEHOLDER -->", js);
    std::string css;
    if (auto custom_css = ui_str("custom_css"); !custom_css.empty())
        css = "<link rel=\"stylesheet\" type=\"text/css\" href=\"" + html_escape(custom_css) +
              "\" " + ui_str("custom_css_attributes") + " />";
    replace_all(html, "<!-- CSS INJECTION PLACEHOLDER -->", css);
    const auto fs_begin = html.find("<!-- FONT START -->");
    const auto fs_end = html.find("<!-- FONT END -->");
    if (fs_begin != std::string::npos && fs_end != std::string::npos && fs_end > fs_begin)
        html.replace(fs_begin, fs_end + 17 - fs_begin, fonts);
    return html;
}

void app::impl::add_spa_routes() {
    constexpr auto fallback = http::route_priority::fallback;
    auto source = std::make_shared<ui_source>();
    if (const char* dir = std::getenv("CHAINLIT_UI_DIR"); dir && *dir)
        source->dir = fs::path(dir);
    else if (const auto* cb = config.ui.if_contains("custom_build"); cb && cb->is_string())
        source->dir = opts.app_root / std::string(cb->as_string());

    // index.html is rendered once: config, theme and root path are fixed for a run.
    auto index = std::make_shared<std::string>();
    if (auto raw = source->file("/index.html"))
        *index = render_index(*raw, config, opts.root_path, opts.app_root);
    else
        log().warn("the web UI is not built (run `make`); the chat UI routes answer 503");

    routes.add(
        method::get, "/assets/{path:path}",
        [source](request& req) -> task<response> {
            const std::string path = "/assets/" + std::string(req.path_param("path"));
            auto f = source->file(path);
            if (!f)
                co_return response::error(404, "Not Found");
            auto r = response::bytes(std::move(*f), std::string(http::mime_type_for(path)));
            // Vite names assets by content hash: they never change under the same name.
            r.set_header("Cache-Control", "public, max-age=31536000, immutable");
            co_return r;
        },
        fallback);
    routes.add(
        method::get, "/favicon",
        [this](request&) -> task<response> {
            if (auto p = find_stem(opts.app_root / "public", "favicon"))
                co_return response::file(*p);
            co_return response::bytes(builtin_favicon, "image/svg+xml");
        },
        fallback);
    routes.add(
        method::get, "/logo",
        [this](request& req) -> task<response> {
            const auto theme =
                req.query_param("theme").value_or("light") == "dark" ? "dark" : "light";
            if (auto p = find_stem(opts.app_root / "public", std::string("logo_") + theme))
                co_return response::file(*p);
            co_return response::bytes(builtin_logo(theme), "image/svg+xml");
        },
        fallback);
    routes.add(
        method::get, "/avatars/{avatar_id}",
        [this](request& req) -> task<response> {
            static const std::regex allowed("^[a-zA-Z0-9_ .-]+$");
            std::string id(req.path_param("avatar_id"));
            if (!std::regex_match(id, allowed) || id.find("..") != std::string::npos)
                co_return response::error(400, "Invalid avatar name");
            if (id == "default")
                id = config.ui_name();
            for (auto& c : id)
                c = (c == ' ' || c == '.') ? '_' : static_cast<char>(std::tolower(c));
            if (auto p = find_stem(opts.app_root / "public" / "avatars", id))
                co_return response::file(*p);
            if (auto p = find_stem(opts.app_root / "public", "favicon"))
                co_return response::file(*p);
            co_return response::bytes(builtin_favicon, "image/svg+xml");
        },
        fallback);
    routes.add(
        method::get, "/{path:path}",
        [index](request&) -> task<response> {
            if (index->empty())
                co_return response::html("<!doctype html><title>chainlit-cpp</title><p>The web UI "
                                         "is not built into this binary. Run <code>make</code> in "
                                         "the chainlit-cpp repository, or set CHAINLIT_UI_DIR to "
                                         "a built UI folder.</p>",
                                         503);
            auto r = response::html(*index);
            r.set_header("Cache-Control", "no-cache");
            co_return r;
        },
        fallback);
}

} // namespace chainlit
