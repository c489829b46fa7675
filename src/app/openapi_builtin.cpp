// What /openapi.json says about the built-in routes (spec C): one table, so the routes' own
// files stay about what they do.
#include "openapi.hpp"

#include <map>

namespace chainlit {

namespace {

using http::method;

json::object object_schema(json::object properties, json::array required = {}) {
    json::object o{{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty())
        o["required"] = std::move(required);
    return o;
}

json::object string_schema() {
    return json::object{{"type", "string"}};
}

struct entry {
    std::string summary;
    std::string tag;
    bool auth = false;
    std::optional<json::object> request{};
    std::vector<http::query_param_doc> query{};
};

const std::map<std::pair<method, std::string>, entry>& table() {
    static const auto* t = new std::map<std::pair<method, std::string>, entry>{
        {{method::get, "/health"}, {"Liveness: {\"status\": \"ok\"}", "server"}},
        {{method::get, "/auth/config"}, {"How users log in (password, header, OAuth)", "auth"}},
        {{method::post, "/login"},
         {"Log in with a password (form fields username, password); sets the auth cookie", "auth"}},
        {{method::post, "/logout"}, {"Log out: clears the auth cookie", "auth"}},
        {{method::post, "/auth/header"}, {"Log in with the request's headers", "auth"}},
        {{method::post, "/auth/jwt"}, {"Log in with a JWT of an existing user", "auth"}},
        {{method::get, "/auth/oauth/{provider}"}, {"Start an OAuth login", "auth"}},
        {{method::get, "/auth/oauth/{provider}/callback"}, {"OAuth provider's redirect", "auth"}},
        {{method::post, "/auth/oauth/{provider}/callback"},
         {"OAuth provider's redirect (form post)", "auth"}},
        {{method::get, "/user"}, {"The logged-in user", "auth", true}},
        {{method::get, "/project/settings"},
         {"The UI's settings: config, starters, chat profiles",
          "project",
          true,
          std::nullopt,
          {{"language", "A BCP 47 tag such as en-US"}}}},
        {{method::get, "/project/translations"},
         {"The UI's strings", "project", false, std::nullopt, {{"language", "A BCP 47 tag"}}}},
        {{method::post, "/project/file"},
         {"Upload a file into a live session (multipart field `file`)",
          "files",
          true,
          std::nullopt,
          {{"session_id", "The session", true}}}},
        {{method::get, "/project/file/{file_id}"},
         {"A file of a live session",
          "files",
          true,
          std::nullopt,
          {{"session_id", "The session", true}}}},
        {{method::post, "/project/action"},
         {"Run an action button the session was sent", "project", true,
          object_schema(
              {{"sessionId", string_schema()}, {"action", json::object{{"type", "object"}}}},
              {"sessionId", "action"})}},
        {{method::post, "/mcp"},
         {"Connect an MCP server to a live session (stdio or streamable-http; docs/MCP.md)", "mcp",
          true,
          object_schema({{"sessionId", string_schema()},
                         {"clientType", string_schema()},
                         {"name", string_schema()},
                         {"fullCommand", string_schema()},
                         {"url", string_schema()},
                         {"headers", json::object{{"type", "object"}}}},
                        {"sessionId", "clientType", "name"})}},
        {{method::del, "/mcp"},
         {"Disconnect a session's MCP server", "mcp", true,
          object_schema({{"sessionId", string_schema()}, {"name", string_schema()}},
                        {"sessionId", "name"})}},
        {{method::post, "/set-session-cookie"},
         {"Bind the session cookie to a session id", "project", false,
          object_schema({{"session_id", string_schema()}}, {"session_id"})}},
        {{method::post, "/project/threads"},
         {"The caller's threads, newest first (paginated, filterable)", "threads", true,
          object_schema({{"pagination", json::object{{"type", "object"}}},
                         {"filter", json::object{{"type", "object"}}}},
                        {"pagination"})}},
        {{method::get, "/project/thread/{thread_id}"},
         {"One thread with its steps and elements", "threads", true}},
        {{method::put, "/project/thread"},
         {"Rename a thread", "threads", true,
          object_schema({{"threadId", string_schema()}, {"name", string_schema()}},
                        {"threadId", "name"})}},
        {{method::del, "/project/thread"},
         {"Delete a thread", "threads", true,
          object_schema({{"threadId", string_schema()}}, {"threadId"})}},
        {{method::put, "/project/thread/share"}, {"Share or unshare a thread", "threads", true}},
        {{method::get, "/project/share/{thread_id}"}, {"A shared thread", "threads"}},
        {{method::get, "/project/thread/{thread_id}/element/{element_id}"},
         {"An element of a thread", "threads", true}},
        {{method::get, "/project/thread/{thread_id}/element/{element_id}/file"},
         {"The bytes of an element of a thread", "threads", true}},
        {{method::put, "/feedback"},
         {"Rate a step of the caller's thread", "threads", true,
          object_schema({{"feedback", json::object{{"type", "object"}}}}, {"feedback"})}},
        {{method::del, "/feedback"},
         {"Remove a feedback", "threads", true,
          object_schema({{"feedbackId", string_schema()}}, {"feedbackId"})}},
        {{method::post, "/v1/chat/completions"},
         {"OpenAI Chat Completions: run the app on the last user message (docs/OPENAI_API.md)",
          "openai", true,
          object_schema({{"model", string_schema()},
                         {"messages", json::object{{"type", "array"},
                                                   {"items", json::object{{"type", "object"}}}}},
                         {"stream", json::object{{"type", "boolean"}}}},
                        {"model", "messages"})}},
        {{method::get, "/v1/models"}, {"The app and its chat profiles as models", "openai", true}},
        {{method::get, "/v1/models/{model}"}, {"One model", "openai", true}},
        {{method::get, "/favicon"}, {"The app's favicon", "ui"}},
        {{method::get, "/logo"},
         {"The app's logo", "ui", false, std::nullopt, {{"theme", "light or dark"}}}},
        {{method::get, "/avatars/{avatar_id}"}, {"An author's avatar", "ui"}},
        {{method::get, "/public/{path:path}"}, {"A file of the app's public/ folder", "ui"}},
        {{method::get, "/assets/{path:path}"}, {"A file of the web UI", "ui"}},
    };
    return *t;
}

} // namespace

http::route_doc builtin_route_doc(http::method m, const std::string& pattern) {
    http::route_doc doc;
    const auto& t = table();
    auto it = t.find({m, pattern});
    if (it == t.end()) {
        doc.tags = {"chainlit"};
        return doc;
    }
    doc.summary = it->second.summary;
    doc.tags = {it->second.tag};
    doc.auth = it->second.auth;
    doc.request_schema = it->second.request;
    doc.query = it->second.query;
    return doc;
}

} // namespace chainlit
