// An app served as an OpenAI-compatible API (POST /v1/chat/completions, GET /v1/models), driven
// by tests/integration/openai_api/*.test.mjs through the official `openai` npm client. SQLite in
// a temporary folder, login required; prints "<port> <alice's token> <bob's token>".
//
// on_chat_start sends a welcome (never part of a reply). on_message, by the user's text:
//   "slow N"   streams N tokens, 30 ms apart; a cancelled run is counted (GET /stats)
//   "fail"     throws
//   "two"      sends two messages
//   "context"  answers with ctx.chat_context() as JSON
//   "profile"  answers with the session's chat profile and client type
//   "usage"    an llm step with token counts (5 in, 7 out), then "counted"
//   otherwise  streams "You said: <text>" word by word
// Chat profiles: "Fast" and "Deep".
// GET /stats (documented for /openapi.json), /items/{item_id}/parts/{rest:path} (not), /whoami
// (authenticated). --no-docs: [features] api_docs = false.
// POST /ask-self {"prompt"}: llm::client against this very app's /v1 (alice's token as the
// key): complete() and stream_into() an HTTP context's message; answers both texts and usage.
#include <chainlit/auth/jwt.hpp>
#include <chainlit/chainlit.hpp>
#include <chainlit/data/data_layer.hpp>

#include "support/app_process.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <fstream>
#include <iostream>
#include <sstream>

namespace cl = chainlit;
namespace json = chainlit::json;
namespace llm = chainlit::llm;

namespace {

std::atomic<int> runs_cancelled{0};
std::atomic<int> runs_finished{0};
std::atomic<int> stops{0};

cl::task<void> sleep_for(std::chrono::milliseconds d) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
    co_await t.async_wait(boost::asio::use_awaitable);
}

cl::task<void> stream_words(cl::context& ctx, const std::string& text) {
    cl::message reply;
    std::istringstream words(text);
    std::string w;
    bool first = true;
    while (words >> w) {
        co_await ctx.stream_token(reply, (first ? "" : " ") + w);
        first = false;
    }
    co_await ctx.send(reply);
}

cl::task<void> slow(cl::context& ctx, int n) {
    cl::message reply;
    try {
        for (int i = 0; i < n; ++i) {
            co_await ctx.stream_token(reply, "t" + std::to_string(i) + " ");
            co_await sleep_for(std::chrono::milliseconds(30));
        }
    } catch (...) {
        ++runs_cancelled;
        throw;
    }
    co_await ctx.send(reply);
    ++runs_finished;
}

cl::task<void> answer(cl::context& ctx, cl::message msg) {
    const std::string& text = msg.content;
    if (text.rfind("slow ", 0) == 0) {
        co_await slow(ctx, std::stoi(text.substr(5)));
    } else if (text == "fail") {
        throw std::runtime_error("the app failed on purpose");
    } else if (text == "two") {
        cl::message a("first"), b("second");
        co_await ctx.send(a);
        co_await ctx.send(b);
    } else if (text == "context") {
        cl::message m(json::serialize(ctx.chat_context()));
        co_await ctx.send(m);
    } else if (text == "profile") {
        cl::message m(ctx.session().chat_profile() + "/" + ctx.session().client_type());
        co_await ctx.send(m);
    } else if (text == "usage") {
        cl::step s;
        s.name = "model";
        s.type = "llm";
        co_await ctx.run_step(s, [&](cl::context&, cl::step& st) -> cl::task<void> {
            st.generation =
                json::object{{"inputTokenCount", 5}, {"outputTokenCount", 7}, {"tokenCount", 12}};
            co_return;
        });
        cl::message m("counted");
        co_await ctx.send(m);
    } else {
        co_await stream_words(ctx, "You said: " + text);
    }
}

} // namespace

int main(int argc, char** argv) {
    const auto made = cl::test::temporary_root("api_app");
    if (!made)
        return 1;
    ::setenv("CHAINLIT_AUTH_SECRET", "api-app-test-secret-0123456789-abcdefghijklmnop", 0);
    const std::string db = "sqlite://" + (*made / "chat.db").string();
    std::string tokens;
    {
        auto store = cl::data::make_data_layer(db);
        if (!store) {
            std::cerr << "api_app: " << store.error().message() << "\n";
            return 1;
        }
        for (const char* who : {"alice", "bob"}) {
            cl::data::user u;
            u.identifier = who;
            (void)(*store)->create_user(u);
            cl::user t;
            t.identifier = who;
            tokens += " " + cl::auth::create_jwt(t, std::getenv("CHAINLIT_AUTH_SECRET"));
        }
    }
    const std::string alice_token = tokens.substr(1, tokens.find(' ', 1) - 1);

    cl::app app;
    app.data_layer(db);
    app.password_auth_callback([](std::string, std::string) -> cl::task<std::optional<cl::user>> {
        co_return std::nullopt; // tokens only
    });
    app.on_chat_start([](cl::context& ctx) -> cl::task<void> {
        cl::message m("Welcome! This is never part of a reply.");
        co_await ctx.send(m);
    });
    app.on_message(answer);
    app.on_stop([](cl::context&) -> cl::task<void> {
        ++stops;
        co_return;
    });
    app.set_chat_profiles(
        [](std::optional<cl::user>, std::string) -> cl::task<std::vector<cl::chat_profile>> {
            co_return std::vector<cl::chat_profile>{{"Fast", "Quick answers"},
                                                    {"Deep", "Long answers"}};
        });
    cl::http::route_doc stats_doc;
    stats_doc.summary = "How many runs finished or were cancelled";
    stats_doc.tags = {"test"};
    stats_doc.response_schema =
        json::object{{"type", "object"},
                     {"properties", json::object{{"cancelled", json::object{{"type", "integer"}}},
                                                 {"finished", json::object{{"type", "integer"}}},
                                                 {"stops", json::object{{"type", "integer"}}}}}};
    app.get(
        "/stats",
        [](cl::request&) -> cl::task<cl::response> {
            co_return cl::response::json(json::object{{"cancelled", runs_cancelled.load()},
                                                      {"finished", runs_finished.load()},
                                                      {"stops", stops.load()}});
        },
        stats_doc);
    app.get("/items/{item_id}/parts/{rest:path}", [](cl::request& req) -> cl::task<cl::response> {
        co_return cl::response::text(std::string(req.path_param("item_id")));
    });
    app.get("/whoami", [](cl::request&, const cl::user& u) -> cl::task<cl::response> {
        co_return cl::response::text(u.identifier);
    });

    // The C++ client against this app's own /v1: the project tests itself both ways.
    auto self_client = std::make_shared<std::unique_ptr<llm::client>>();
    app.post("/ask-self", [self_client](cl::request& req) -> cl::task<cl::response> {
        auto body = req.json();
        const auto* o = body ? body->if_object() : nullptr;
        const auto* p = o ? o->if_contains("prompt") : nullptr;
        if (!p || !p->is_string())
            co_return cl::response::error(422, "prompt is required");
        llm::chat_request r;
        r.model = "Api App";
        r.messages = {json::object{{"role", "user"}, {"content", p->as_string()}}};
        std::optional<std::string> failure;
        llm::completion whole;
        cl::message streamed;
        try {
            whole = co_await (*self_client)->complete(r);
            auto ctx = cl::init_http_context(req);
            co_await (*self_client)->stream_into(ctx, streamed, r);
        } catch (const std::exception& e) {
            failure = e.what();
        }
        if (failure)
            co_return cl::response::json(502, json::object{{"detail", *failure}});
        json::value usage = nullptr;
        if (whole.usage)
            usage = json::object{{"prompt_tokens", whole.usage->prompt_tokens},
                                 {"completion_tokens", whole.usage->completion_tokens}};
        co_return cl::response::json(json::object{
            {"complete", whole.content}, {"streamed", streamed.content}, {"usage", usage}});
    });

    cl::run_options opts;
    opts.host = "127.0.0.1";
    opts.port = 0;
    opts.threads = 2;
    opts.access_log = false;
    opts.app_root = *made;
    // The app's name is its model id: written before start so the config sees it.
    std::filesystem::create_directories(*made / ".chainlit");
    {
        std::ofstream cfg(*made / ".chainlit" / "config.toml");
        cfg << "[UI]\nname = \"Api App\"\n";
        if (cl::test::flag(argc, argv, "--no-docs"))
            cfg << "[features]\napi_docs = false\n";
    }
    const int code = cl::test::serve_until_signal(app, opts, "api_app", 1, [&] {
        llm::openai_options o;
        o.base_url = "http://127.0.0.1:" + std::to_string(app.port()) + "/v1";
        o.api_key = alice_token;
        *self_client = std::make_unique<llm::client>(o);
        std::cout << app.port() << tokens << std::endl;
    });
    std::error_code ec;
    std::filesystem::remove_all(*made, ec);
    return code;
}
