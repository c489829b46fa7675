// A chat app with MCP on, driven by tests/integration/mcp/*.test.mjs against the real
// @modelcontextprotocol/server-everything (stdio and streamable HTTP) and the OpenAI-compatible
// stub of tests/integration/llm. Login is required; it prints "<port> <alice's token> <bob's
// token>".
//
// --config FILE: the app's .chainlit/config.toml (its [features.mcp] policy).
// on_mcp_connect sends "Connected <name>: <tools>" (and refuses a server named "refuse-me");
// on_mcp_disconnect sends "Disconnected <name>".
// on_message: the message is the stub's scenario; the answer streams from llm::client, whose
//             tools are the app's `calculator` and the session's MCP tools.
// GET /mcp-state/{session_id}: that session's servers and their tools, as JSON.
// POST /mcp-call {session_id, server, tool, arguments}: calls a tool directly.
#include <chainlit/auth/jwt.hpp>
#include <chainlit/chainlit.hpp>

#include "support/app_process.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace cl = chainlit;
namespace json = chainlit::json;
namespace llm = chainlit::llm;
namespace mcp = chainlit::llm::mcp;

int main(int argc, char** argv) {
    const auto made = cl::test::temporary_root("mcp_app");
    if (!made)
        return 1;
    const std::string config = cl::test::arg(argc, argv, "--config");
    if (!config.empty()) {
        std::filesystem::create_directories(*made / ".chainlit");
        std::filesystem::copy_file(config, *made / ".chainlit" / "config.toml");
    }
    const std::string secret = "mcp-app-test-secret-0123456789-abcdefghijklmnop";
    ::setenv("CHAINLIT_AUTH_SECRET", secret.c_str(), 1);

    llm::openai_options o = llm::openai_options::from_env();
    o.initial_backoff = std::chrono::milliseconds(20);
    auto client = std::make_shared<llm::client>(o);
    client->tools().add(
        {"calculator",
         "Adds two integers a + b.",
         {{"type", "object"}, {"properties", {{"expression", {{"type", "string"}}}}}},
         [](json::object) -> cl::task<json::value> { co_return 42; }});

    cl::app app;
    app.password_auth_callback(
        [](std::string name, std::string password) -> cl::task<std::optional<cl::user>> {
            if (name != password)
                co_return std::nullopt;
            cl::user u;
            u.identifier = name;
            co_return u;
        });
    app.on_mcp_connect([](cl::context& ctx, mcp::connection& c) -> cl::task<void> {
        if (c.name() == "refuse-me")
            throw std::runtime_error("this app does not take that server");
        std::string names;
        for (const auto& t : c.tools())
            names += (names.empty() ? "" : ", ") + t.name;
        cl::message m;
        m.content = "Connected " + c.name() + ": " + names;
        co_await ctx.send(m);
    });
    app.on_mcp_disconnect([](cl::context& ctx, std::string name) -> cl::task<void> {
        cl::message m;
        m.content = "Disconnected " + name;
        co_await ctx.send(m);
    });
    app.on_message([client](cl::context& ctx, cl::message msg) -> cl::task<void> {
        llm::chat_request r;
        r.model = msg.content;
        r.messages = ctx.chat_context();
        r.max_tool_rounds = 2;
        cl::message reply;
        co_await client->stream_into(ctx, reply, std::move(r));
    });
    app.get("/mcp-state/{session_id}", [](cl::request& req) -> cl::task<cl::response> {
        json::array servers;
        for (const auto& c : mcp::session_connections(req.path_param("session_id"))) {
            json::array tools;
            for (const auto& t : c->tools())
                tools.push_back(json::object{{"name", t.name}, {"schema", t.input_schema}});
            servers.push_back(json::object{{"name", c->name()},
                                           {"transport", c->transport_kind()},
                                           {"target", c->target()},
                                           {"closed", c->closed()},
                                           {"server", c->server_info()},
                                           {"tools", tools}});
        }
        json::array model_tools;
        for (const auto& t : mcp::session_tools(req.path_param("session_id")))
            model_tools.push_back(json::value(t->name));
        co_return cl::response::json(
            json::object{{"servers", servers}, {"modelTools", model_tools}});
    });
    app.post("/mcp-call", [](cl::request& req) -> cl::task<cl::response> {
        auto body = req.json();
        if (!body || !body->is_object())
            co_return cl::response::error(400, "a JSON object is needed");
        const auto& b = body->as_object();
        std::shared_ptr<mcp::connection> conn;
        for (const auto& c : mcp::session_connections(b.at("session_id").as_string()))
            if (c->name() == b.at("server").as_string())
                conn = c;
        if (!conn)
            co_return cl::response::error(404, "no such server");
        std::string failure;
        json::object result;
        try {
            result = co_await conn->call_tool(std::string(b.at("tool").as_string()),
                                              b.at("arguments").as_object());
        } catch (const std::exception& e) {
            failure = e.what();
        }
        if (!failure.empty())
            co_return cl::response::error(502, failure);
        co_return cl::response::json(result);
    });

    cl::run_options opts;
    opts.host = "127.0.0.1";
    opts.port = 0;
    opts.threads = 2;
    opts.access_log = false;
    opts.app_root = *made;
    auto token = [&](const char* who) {
        cl::user u;
        u.identifier = who;
        return cl::auth::create_jwt(u, secret);
    };
    const int code = cl::test::serve_until_signal(app, opts, "mcp_app", 1, [&] {
        std::cout << app.port() << " " << token("alice") << " " << token("bob") << std::endl;
    });
    std::error_code ec;
    std::filesystem::remove_all(*made, ec);
    return code;
}
