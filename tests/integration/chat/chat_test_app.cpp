// A chat app with deterministic hooks, driven by the Node tests in tests/node/chat/ (through the
// real @chainlit/react-client and socket.io-client). It serves on 127.0.0.1, an ephemeral port
// unless --port is given, prints the port on the first stdout line and runs until SIGTERM or
// SIGINT. Its app root is a fresh temporary directory, removed at exit.
//
// Options: --port N, --session-timeout S (seconds a disconnected session stays restorable),
// --test-auth (a request's user is the value of its `test_user` cookie, anonymous without one;
// a `test_user=refuse` cookie fails authentication).
//
// on_chat_start: a "Welcome!" message with an action button `ping` (payload {"n": 1}); counts
//                `chat_starts` in the user session.
// on_message, by content (a message sent with a command gets "Command <id>: <content>"):
//   "commands"         set_commands: `search` (globe, picker only) and `draw` (image, a
//                      persistent button), then "Commands set"
//   "stream [N [MS]]"  streams N tokens "t0 " .. "t<N-1> " (default 50), MS ms apart (default
//                      20), then sends the message (final content = all tokens)
//   "slow"             like "stream 1000 20": long enough to be stopped
//   "ask"              ask_user("What is your name?", 10 s) -> "Hello, <answer>!" or
//                      "No answer"
//   "ask-short"        the same with a 1 s timeout
//   "ask-action"       ask_action with actions `yes`/`no` -> "You chose <name>" or "No choice"
//   "ask-file"         ask_file (text/plain, 10 s) -> "Got <name>:<size>,..." or "No file"
//   "step"             nested steps Outer > Inner, then a step that throws (its error is
//                      caught by the handler), then "Steps done"
//   "boom"             throws std::runtime_error("boom on purpose")
//   "element"          a message with a text element `note.txt` ("note content")
//   "settings"         defines a chat settings form (one switch `flag`)
//   "sidebar"          set_sidebar_title("Notes"), set_sidebar_elements([side.txt], "k1"),
//                      a success toast, then "Sidebar set"
//   "blocking"         run_blocking(sleep 50 ms, return 42) -> "blocking: 42"
//   anything else      "You said: <content>"
// on_stop, on_chat_end: count `stops`/`chat_ends` in the user session.
// on_settings_update: sends "Settings: <settings JSON>".
// on_window_message: counts, records the data, and answers with a window_message
//                    {"echo": data}.
// action `ping`: sends "Pong <payload.n>" and returns {"pong": payload.n}.
//
// HTTP:
//   GET /hello                  "Hello World" (a plain endpoint)
//   GET /hello/{session_id}     the seed's websocket context: sends "Hello World" to that
//                               session's browser; 404 {"detail":"Session not found"}
//   GET /hello-http             the seed's HTTP context: sends a message that reaches nobody
//   GET /test/session/{id}      {connected, user_session} of a live session, or 404
#include <chainlit/chainlit.hpp>

#include "support/app_process.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

namespace cl = chainlit;
namespace json = chainlit::json;

namespace {

cl::task<void> pause(std::chrono::milliseconds d) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
    co_await t.async_wait(boost::asio::use_awaitable);
}

void bump(cl::context& ctx, const std::string& key) {
    auto n = ctx.user_session().get<std::int64_t>(key).value_or(0);
    ctx.user_session().set(key, n + 1);
}

cl::task<void> stream(cl::context& ctx, int n, int delay_ms) {
    cl::message reply;
    for (int i = 0; i < n; ++i) {
        const std::string token = "t" + std::to_string(i) + " ";
        co_await ctx.stream_token(reply, token);
        co_await pause(std::chrono::milliseconds(delay_ms));
    }
    co_await ctx.send(reply);
}

cl::task<void> say(cl::context& ctx, std::string text) {
    cl::message m(std::move(text));
    co_await ctx.send(m);
}

cl::task<void> on_message(cl::context& ctx, cl::message msg) {
    const std::string& c = msg.content;
    if (!msg.command.empty()) {
        std::string text = "Command " + msg.command + ": " + c;
        co_await say(ctx, std::move(text));
    } else if (c == "commands") {
        ctx.set_commands({{.id = "search", .icon = "globe", .description = "Find on the web"},
                          {.id = "draw",
                           .icon = "image",
                           .description = "Make a picture",
                           .button = true,
                           .persistent = true}});
        std::string text = "Commands set";
        co_await say(ctx, std::move(text));
    } else if (c == "stream" || c.rfind("stream ", 0) == 0) {
        int n = 50, ms = 20;
        std::istringstream in(c.substr(6));
        in >> n >> ms;
        co_await stream(ctx, n, ms);
    } else if (c == "slow") {
        co_await stream(ctx, 1000, 20);
    } else if (c == "ask" || c == "ask-short") {
        std::string prompt = "What is your name?";
        const auto timeout = std::chrono::seconds(c == "ask" ? 10 : 1);
        auto answer = co_await ctx.ask_user(std::move(prompt), timeout);
        {
            std::string text =
                answer ? "Hello, " + answer->content + "!" : std::string("No answer");
            co_await say(ctx, std::move(text));
        }
    } else if (c == "ask-action") {
        std::vector<cl::action> actions(2);
        actions[0].name = "yes";
        actions[0].label = "Yes";
        actions[1].name = "no";
        actions[1].label = "No";
        std::string prompt = "Do you agree?";
        auto chosen = co_await ctx.ask_action(std::move(prompt), std::move(actions),
                                              std::chrono::seconds(10));
        {
            std::string text = chosen ? "You chose " + chosen->name : std::string("No choice");
            co_await say(ctx, std::move(text));
        }
    } else if (c == "ask-file") {
        cl::file_ask_options opts;
        opts.accept = {"text/plain"};
        opts.timeout = std::chrono::seconds(10);
        std::string prompt = "Send a text file";
        auto files = co_await ctx.ask_file(std::move(prompt), opts);
        std::string text;
        if (files)
            for (const auto& f : *files)
                text += (text.empty() ? "" : ",") + f.name + ":" + std::to_string(f.size);
        {
            std::string reply = files && !files->empty() ? "Got " + text : std::string("No file");
            co_await say(ctx, std::move(reply));
        }
    } else if (c == "step") {
        cl::step outer;
        outer.name = "Outer";
        outer.type = "tool";
        outer.input = "outer input";
        // Bodies are named before the await (GCC 12: see context::run_step).
        auto outer_body = [&](cl::context& oc, cl::step& os) -> cl::task<void> {
            cl::step inner;
            inner.name = "Inner";
            inner.type = "llm";
            auto inner_body = [&](cl::context&, cl::step& is) -> cl::task<void> {
                is.output = "inner done";
                co_return;
            };
            co_await oc.run_step(inner, inner_body);
            os.output = "outer done";
        };
        co_await ctx.run_step(outer, outer_body);
        cl::step failing;
        failing.name = "Failing";
        failing.type = "tool";
        try {
            auto failing_body = [&](cl::context&, cl::step&) -> cl::task<void> {
                throw std::runtime_error("step failed on purpose");
                co_return;
            };
            co_await ctx.run_step(failing, failing_body);
        } catch (const std::runtime_error&) {
        }
        {
            std::string text = "Steps done";
            co_await say(ctx, std::move(text));
        }
    } else if (c == "boom") {
        throw std::runtime_error("boom on purpose");
    } else if (c == "element") {
        cl::message m("Here is a note");
        m.elements.push_back(cl::element::text("note.txt", "note content"));
        co_await ctx.send(m);
    } else if (c == "settings") {
        json::array widgets;
        widgets.push_back(json::object{{"type", "switch"},
                                       {"id", "flag"},
                                       {"label", "Flag"},
                                       {"initial", false},
                                       {"tooltip", nullptr},
                                       {"description", nullptr},
                                       {"disabled", false}});
        ctx.set_chat_settings(std::move(widgets));
        {
            std::string text = "Settings defined";
            co_await say(ctx, std::move(text));
        }
    } else if (c == "sidebar") {
        ctx.set_sidebar_title("Notes");
        std::vector<cl::element> side;
        side.push_back(cl::element::text("side.txt", "side content", "side"));
        std::string key = "k1";
        co_await ctx.set_sidebar_elements(std::move(side), std::move(key));
        ctx.toast("Sidebar ready", "success");
        {
            std::string text = "Sidebar set";
            co_await say(ctx, std::move(text));
        }
    } else if (c == "blocking") {
        auto fn = [] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            return 42;
        };
        int v = co_await cl::run_blocking(fn);
        {
            std::string text = "blocking: " + std::to_string(v);
            co_await say(ctx, std::move(text));
        }
    } else {
        {
            std::string text = "You said: " + c;
            co_await say(ctx, std::move(text));
        }
    }
}

} // namespace

int main(int argc, char** argv) {
    const auto made = cl::test::temporary_root("chat_test_app");
    if (!made)
        return 1;
    const std::filesystem::path root = *made;
    const std::string timeout = cl::test::arg(argc, argv, "--session-timeout", "");
    if (!timeout.empty()) {
        std::filesystem::create_directories(root / ".chainlit");
        std::ofstream(root / ".chainlit" / "config.toml")
            << "[project]\nsession_timeout = " << timeout << "\n";
    }

    cl::app app;

    app.on_chat_start([](cl::context& ctx) -> cl::task<void> {
        bump(ctx, "chat_starts");
        cl::message hi("Welcome!");
        cl::action a;
        a.name = "ping";
        a.label = "Ping";
        a.payload = json::object{{"n", 1}};
        hi.actions.push_back(a);
        co_await ctx.send(hi);
    });
    app.on_message(on_message);
    app.on_stop([](cl::context& ctx) -> cl::task<void> {
        bump(ctx, "stops");
        co_return;
    });
    app.on_chat_end([](cl::context& ctx) -> cl::task<void> {
        bump(ctx, "chat_ends");
        co_return;
    });
    app.on_settings_update([](cl::context& ctx, json::object settings) -> cl::task<void> {
        {
            std::string text = "Settings: " + json::serialize(settings);
            co_await say(ctx, std::move(text));
        }
    });
    app.on_window_message([](cl::context& ctx, json::value data) -> cl::task<void> {
        bump(ctx, "window_messages");
        ctx.user_session().set("last_window_message", data);
        ctx.send_window_message(json::object{{"echo", data}});
        co_return;
    });
    app.on_action("ping", [](cl::context& ctx, cl::action a) -> cl::task<json::value> {
        json::value n = a.payload.contains("n") ? a.payload.at("n") : json::value();
        {
            std::string text = "Pong " + json::serialize(n);
            co_await say(ctx, std::move(text));
        }
        co_return json::object{{"pong", n}};
    });

    app.get("/hello", [](cl::request&) -> cl::task<cl::response> {
        co_return cl::response::html("Hello World");
    });
    app.get("/hello/{session_id}", [](cl::request& req) -> cl::task<cl::response> {
        auto session = cl::websocket_session::get_by_id(req.path_param("session_id"));
        if (!session)
            co_return cl::response::json(404, json::object{{"detail", "Session not found"}});
        cl::context ctx = cl::init_ws_context(*session);
        cl::message m("Hello World");
        co_await ctx.send(m);
        co_return cl::response::html("Data sent to the websocket client");
    });
    app.get("/hello-http", [](cl::request& req) -> cl::task<cl::response> {
        cl::context ctx = cl::init_http_context(req);
        cl::message m("Hello from HTTP");
        co_await ctx.send(m);
        co_return cl::response::html("Data persisted");
    });
    app.get("/test/session/{id}", [](cl::request& req) -> cl::task<cl::response> {
        auto s = cl::websocket_session::get_by_id(req.path_param("id"));
        if (!s)
            co_return cl::response::json(404, json::object{{"detail", "Session not found"}});
        co_return cl::response::json(json::object{{"connected", s->connected()},
                                                  {"user_session", s->user_session().snapshot()},
                                                  {"chat_settings", s->chat_settings()}});
    });

    cl::run_options opts;
    opts.host = "127.0.0.1";
    opts.port = static_cast<unsigned short>(std::stoi(cl::test::arg(argc, argv, "--port", "0")));
    opts.threads = 2;
    opts.access_log = false;
    opts.app_root = root;
    const bool test_auth = cl::test::flag(argc, argv, "--test-auth");
    const int code = cl::test::serve_until_signal(app, opts, "chat_test_app", 1, [&] {
        if (test_auth) // set before anyone knows the port, so before any connection
            app.runtime()->set_authenticator(
                [](const cl::request& req) -> cl::task<cl::result<std::optional<cl::user>>> {
                    auto name = req.cookie("test_user");
                    if (!name)
                        co_return std::optional<cl::user>{};
                    if (*name == "refuse")
                        co_return cl::make_error_code(cl::errc::unauthorized);
                    cl::user u;
                    u.identifier = *name;
                    co_return std::optional<cl::user>{std::move(u)};
                });
        std::cout << app.port() << std::endl;
    });
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
    return code;
}
