// A chat app whose answers come from llm::client, driven by tests/integration/llm/*.test.mjs
// against the OpenAI-compatible stub server there (openai_stub.mjs). OPENAI_BASE_URL and
// OPENAI_API_KEY point it at the stub; retries wait 20 ms instead of 500 ms, and
// LLM_APP_READ_TIMEOUT_MS sets the read timeout (5 s by default).
//
// on_message: "<model> <text>" asks model <model> (the stub's scenario) with the chat context
//             (ctx.chat_context()) and streams the answer into a reply. Tools: calculator
//             ({"expression": "6*7"}: + - * / of two integers) and get_time.
// POST /complete {"model", "prompt"}: client.complete, answered as {content, usage,
//             finish_reason}; an llm::error is 502 {"detail"}.
// GET /context/{session_id}: that live session's chat_context().
//
// --db URL: persist to that database, require login, and print "<port> <token>" where the token
// is a JWT of the user `alice` (created if needed); chats can then be resumed.
#include <chainlit/auth/jwt.hpp>
#include <chainlit/chainlit.hpp>
#include <chainlit/data/data_layer.hpp>

#include "support/app_process.hpp"

#include <iostream>
#include <sstream>

namespace cl = chainlit;
namespace json = chainlit::json;
namespace llm = chainlit::llm;

namespace {

json::value calculate(const json::object& args) {
    const json::value* e = args.if_contains("expression");
    if (!e || !e->is_string())
        throw std::invalid_argument("expression must be a string");
    std::istringstream in{std::string(e->as_string())};
    long a = 0, b = 0;
    char op = 0;
    if (!(in >> a >> op >> b))
        throw std::invalid_argument("cannot read " + std::string(e->as_string()));
    switch (op) {
    case '+':
        return a + b;
    case '-':
        return a - b;
    case '*':
        return a * b;
    case '/':
        if (b == 0)
            throw std::invalid_argument("division by zero");
        return a / b;
    default:
        throw std::invalid_argument(std::string("unknown operator ") + op);
    }
}

llm::chat_request request_for(const std::string& model, json::array messages) {
    llm::chat_request r;
    r.model = model;
    r.messages = std::move(messages);
    r.params = {{"temperature", 0}};
    r.max_tool_rounds = 2;
    return r;
}

} // namespace

int main(int argc, char** argv) {
    const auto made = cl::test::temporary_root("llm_app");
    if (!made)
        return 1;
    llm::openai_options o = llm::openai_options::from_env();
    o.initial_backoff = std::chrono::milliseconds(20);
    const char* read_ms = std::getenv("LLM_APP_READ_TIMEOUT_MS");
    o.read_timeout = std::chrono::milliseconds(read_ms ? std::atoi(read_ms) : 5000);
    auto client = std::make_shared<llm::client>(o);
    client->tools().add(
        {"calculator",
         "Computes a + b, a - b, a * b or a / b of two integers.",
         {{"type", "object"},
          {"properties", {{"expression", {{"type", "string"}}}}},
          {"required", json::array{"expression"}}},
         [](json::object args) -> cl::task<json::value> { co_return calculate(args); }});
    client->tools().add(
        {"get_time", "The current UTC time.", {}, [](json::object) -> cl::task<json::value> {
             co_return json::object{{"utc", cl::iso_now()}};
         }});

    cl::app app;
    const std::string db = cl::test::arg(argc, argv, "--db");
    std::string token;
    if (!db.empty()) {
        ::setenv("CHAINLIT_AUTH_SECRET", "llm-app-test-secret-0123456789-abcdefghijklmnop", 0);
        auto store = cl::data::make_data_layer(db);
        if (!store) {
            std::cerr << "llm_app: " << store.error().message() << "\n";
            return 1;
        }
        cl::data::user alice;
        alice.identifier = "alice";
        (void)(*store)->create_user(alice); // already there on a second start
        cl::user u;
        u.identifier = "alice";
        token = cl::auth::create_jwt(u, std::getenv("CHAINLIT_AUTH_SECRET"));
        app.data_layer(db);
        app.password_auth_callback(
            [](std::string, std::string) -> cl::task<std::optional<cl::user>> {
                co_return std::nullopt; // tokens only
            });
        app.on_chat_resume([](cl::context&, json::object) -> cl::task<void> { co_return; });
    }
    app.on_message([client](cl::context& ctx, cl::message msg) -> cl::task<void> {
        const auto space = msg.content.find(' ');
        const std::string model = msg.content.substr(0, space);
        cl::message reply;
        co_await client->stream_into(ctx, reply, request_for(model, ctx.chat_context()));
    });
    app.post("/complete", [client](cl::request& req) -> cl::task<cl::response> {
        auto body = req.json();
        if (!body || !body->is_object())
            co_return cl::response::json(400, json::object{{"detail", "a JSON object is needed"}});
        const json::object& o = body->as_object();
        const std::string model(o.at("model").as_string());
        json::array messages{
            json::object{{"role", "user"}, {"content", o.at("prompt").as_string()}}};
        std::optional<std::string> failure;
        llm::completion c;
        try {
            c = co_await client->complete(request_for(model, std::move(messages)));
        } catch (const llm::error& e) {
            failure = e.what();
        }
        if (failure)
            co_return cl::response::json(502, json::object{{"detail", *failure}});
        json::object usage;
        if (c.usage)
            usage = {{"prompt_tokens", c.usage->prompt_tokens},
                     {"completion_tokens", c.usage->completion_tokens},
                     {"total_tokens", c.usage->total_tokens}};
        co_return cl::response::json(json::object{
            {"content", c.content}, {"usage", usage}, {"finish_reason", c.finish_reason}});
    });
    app.get("/context/{session_id}", [](cl::request& req) -> cl::task<cl::response> {
        auto session = cl::websocket_session::get_by_id(req.path_param("session_id"));
        if (!session)
            co_return cl::response::json(404, json::object{{"detail", "Session not found"}});
        co_return cl::response::json(cl::init_ws_context(*session).chat_context());
    });

    cl::run_options opts;
    opts.host = "127.0.0.1";
    opts.port = 0;
    opts.threads = 2;
    opts.access_log = false;
    opts.app_root = *made;
    const int code = cl::test::serve_until_signal(app, opts, "llm_app", 1, [&] {
        std::cout << app.port() << (token.empty() ? "" : " " + token) << std::endl;
    });
    std::error_code ec;
    std::filesystem::remove_all(*made, ec);
    return code;
}
