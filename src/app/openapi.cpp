#include "openapi.hpp"

#include "chainlit/app/ui_assets.hpp"
#include "chainlit/core/version.hpp"
#include "html_escape.hpp"

#include <cctype>
#include <map>
#include <set>

namespace chainlit {

namespace {

using http::method;

/// `/a/{id}/{rest:path}` as OpenAPI writes it (`/a/{id}/{rest}`), with its parameter names.
std::string openapi_path(const std::string& pattern, std::vector<std::string>& params) {
    std::string out;
    std::size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] != '{') {
            out += pattern[i++];
            continue;
        }
        const auto close = pattern.find('}', i);
        std::string name = pattern.substr(i + 1, close - i - 1);
        name = name.substr(0, name.find(':'));
        params.push_back(name);
        out += "{" + name + "}";
        i = close + 1;
    }
    return out;
}

std::string lower_method(method m) {
    std::string s(http::to_string(m));
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// A stable operationId: `post_project_thread_thread_id`.
std::string operation_id(const std::string& m, const std::string& path) {
    std::string id = m;
    for (char c : path) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            id += c;
        else if (id.back() != '_')
            id += '_';
    }
    while (id.back() == '_')
        id.pop_back();
    return id;
}

json::object json_content(const json::object& schema) {
    return json::object{{"application/json", json::object{{"schema", schema}}}};
}

json::object operation(const std::string& m, const std::string& path,
                       const std::vector<std::string>& path_params, const http::route_doc& doc) {
    json::object op{{"operationId", operation_id(m, path)}};
    if (!doc.summary.empty())
        op["summary"] = doc.summary;
    if (!doc.description.empty())
        op["description"] = doc.description;
    if (!doc.tags.empty()) {
        json::array tags;
        for (const auto& t : doc.tags)
            tags.push_back(json::value(t));
        op["tags"] = std::move(tags);
    }
    json::array params;
    for (const auto& p : path_params)
        params.push_back(json::object{{"name", p},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", json::object{{"type", "string"}}}});
    for (const auto& q : doc.query) {
        json::object p{
            {"name", q.name}, {"in", "query"}, {"required", q.required}, {"schema", q.schema}};
        if (!q.description.empty())
            p["description"] = q.description;
        params.push_back(std::move(p));
    }
    if (!params.empty())
        op["parameters"] = std::move(params);
    if (doc.request_schema)
        op["requestBody"] =
            json::object{{"required", true}, {"content", json_content(*doc.request_schema)}};
    json::object ok{{"description", "Success"}};
    if (doc.response_schema)
        ok["content"] = json_content(*doc.response_schema);
    json::object responses{{"200", std::move(ok)}};
    if (doc.auth) {
        responses["401"] = json::object{{"$ref", "#/components/responses/Unauthorized"}};
        op["security"] = json::array{json::object{{"bearerAuth", json::array{}}},
                                     json::object{{"cookieAuth", json::array{}}}};
    }
    responses["default"] = json::object{{"$ref", "#/components/responses/Error"}};
    op["responses"] = std::move(responses);
    return op;
}

json::object components() {
    json::object error{{"type", "object"},
                       {"properties", json::object{{"detail", json::object{}}}},
                       {"required", json::array{"detail"}}};
    return json::object{
        {"schemas", json::object{{"Error", std::move(error)}}},
        {"responses",
         json::object{
             {"Error", json::object{{"description", "An error: {\"detail\": ...}"},
                                    {"content", json_content(json::object{
                                                    {"$ref", "#/components/schemas/Error"}})}}},
             {"Unauthorized",
              json::object{{"description", "No valid token"},
                           {"content",
                            json_content(json::object{{"$ref", "#/components/schemas/Error"}})}}}}},
        {"securitySchemes",
         json::object{
             {"bearerAuth", json::object{{"type", "http"},
                                         {"scheme", "bearer"},
                                         {"bearerFormat", "JWT"},
                                         {"description", "The UI's JWT; `token --identifier "
                                                         "NAME` prints one"}}},
             {"cookieAuth",
              json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "access_token"}}}}}};
}

bool docs_enabled(const app_config& cfg) {
    const auto* f = cfg.features.if_contains("api_docs");
    return !f || !f->is_bool() || f->as_bool();
}

/// Swagger UI's page, loading its files from the embedded copy and the document from this app.
std::string docs_page(const std::string& title, const std::string& root) {
    const std::string t = html_escape(title);
    const std::string r = html_escape(root);
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
           "<title>" +
           t + " - API reference</title>\n<link rel=\"stylesheet\" href=\"" + r +
           "/docs/swagger-ui.css\" />\n</head>\n<body>\n<div id=\"swagger-ui\"></div>\n"
           "<script src=\"" +
           r + "/docs/swagger-ui-bundle.js\"></script>\n<script src=\"" + r +
           "/docs/init.js\"></script>\n</body>\n</html>\n";
}

} // namespace

json::object openapi_document(const http::router& r, const app_config& cfg,
                              const std::string& root_path) {
    const auto routes = r.routes();
    // An app route hides a built-in one with the same method and path.
    std::set<std::pair<method, std::string>> app_routes;
    for (const auto& ri : routes)
        if (ri.priority == http::route_priority::app)
            app_routes.emplace(ri.m, ri.pattern);
    std::map<std::string, json::object> paths;
    std::set<std::string> tags;
    for (const auto& ri : routes) {
        if (ri.priority == http::route_priority::fallback || ri.m == method::head ||
            ri.m == method::options)
            continue;
        if (ri.priority == http::route_priority::builtin && app_routes.count({ri.m, ri.pattern}))
            continue;
        http::route_doc doc = ri.doc;
        if (ri.priority == http::route_priority::builtin && doc.summary.empty() && !doc.hidden)
            doc = builtin_route_doc(ri.m, ri.pattern);
        if (doc.hidden)
            continue;
        if (ri.priority == http::route_priority::app && doc.tags.empty())
            doc.tags = {"app"};
        for (const auto& t : doc.tags)
            tags.insert(t);
        std::vector<std::string> params;
        const std::string path = openapi_path(ri.pattern, params);
        const std::string m = lower_method(ri.m);
        paths[path][m] = operation(m, path, params, doc);
    }
    json::object out_paths;
    for (auto& [p, ops] : paths)
        out_paths[p] = std::move(ops);
    json::array out_tags;
    for (const auto& t : tags)
        out_tags.push_back(json::object{{"name", t}});
    json::object info{{"title", cfg.ui_name()}, {"version", std::string(version)}};
    if (const auto* d = cfg.ui.if_contains("description");
        d && d->is_string() && !d->as_string().empty())
        info["description"] = *d;
    return json::object{
        {"openapi", "3.1.0"},
        {"info", std::move(info)},
        {"servers", json::array{json::object{{"url", root_path.empty() ? "/" : root_path}}}},
        {"tags", std::move(out_tags)},
        {"paths", std::move(out_paths)},
        {"components", components()}};
}

void add_openapi_routes(http::router& r, const app_config& cfg, std::string root_path) {
    using http::request;
    using http::response;
    constexpr auto builtin = http::route_priority::builtin;
    const bool enabled = docs_enabled(cfg);
    const http::route_doc hidden{.hidden = true};
    r.add(
        method::get, "/openapi.json",
        [&r, cfg, root_path, enabled](request&) -> task<response> {
            if (!enabled)
                co_return response::error(404, "API docs are turned off ([features] api_docs)");
            co_return response::json(openapi_document(r, cfg, root_path));
        },
        builtin, hidden);
    const std::string page = docs_page(cfg.ui_name(), root_path);
    r.add(
        method::get, "/docs",
        [page, enabled](request&) -> task<response> {
            if (!enabled)
                co_return response::error(404, "API docs are turned off ([features] api_docs)");
            co_return response::html(page);
        },
        builtin, hidden);
    const std::string init = "window.ui = SwaggerUIBundle({ url: " +
                             json::serialize(json::value(root_path + "/openapi.json")) +
                             ", dom_id: '#swagger-ui', deepLinking: true });\n";
    r.add(
        method::get, "/docs/{file}",
        [init, enabled](request& req) -> task<response> {
            const std::string file(req.path_param("file"));
            if (!enabled)
                co_return response::error(404, "API docs are turned off ([features] api_docs)");
            if (file == "init.js")
                co_return response::bytes(init, "text/javascript; charset=utf-8");
            if (file != "swagger-ui.css" && file != "swagger-ui-bundle.js")
                co_return response::error(404, "Not found");
            auto f = embedded_ui_file("/api-docs/" + file);
            if (!f)
                co_return response::error(404, "The API reference was not built into this "
                                               "binary (frontend/dist/api-docs is missing)");
            auto res = response::bytes(std::string(*f), std::string(http::mime_type_for(file)));
            res.set_header("Cache-Control", "public, max-age=86400");
            co_return res;
        },
        builtin, hidden);
}

} // namespace chainlit
