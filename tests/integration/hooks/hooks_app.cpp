// The app of the Chainlit 2.x hook tests (hooks.test.mjs), run as a real process:
//
//   hooks_app serve --db URL --root DIR [--fail-startup]
//       Creates alice and bob (passwords "alice-password", "bob-password") unless they exist,
//       serves on 127.0.0.1 and prints "<port>".
//       on_app_startup: waits 200 ms (cl::sleep), then starts a ticker on the server's executor
//         that counts every 20 ms. With --fail-startup it throws "no model configured" instead,
//         and the app runs through app.main (`run --port 0`, from the current folder).
//       on_app_shutdown: waits 50 ms, then writes DIR/shutdown.txt: "ticks=<n> requests=<n>".
//       author_rename: "Assistant" -> "Helper", anything else -> "Renamed <author>" (not
//         idempotent, so a second rename would show).
//       on_message: "stream" streams "a b c" by tokens; anything else sends "echo: <text>" and
//         a message authored "bot".
//       on_feedback: sends "feedback <value> on <forId> in <threadId>" into its context; a
//         comment "boom" makes it throw after that.
//       GET /state: {"startup_done", "ticks", "requests"} (counts the GETs of /state).
#include <chainlit/auth/password.hpp>
#include <chainlit/chainlit.hpp>
#include <chainlit/data/data_layer.hpp>

#include "support/app_process.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace cl = chainlit;
using cl::test::arg;

namespace {

constexpr const char* test_secret = "hooks-test-secret-0123456789-abcdefghijklmnopqrstu";

std::atomic<bool> startup_done{false};
std::atomic<bool> stopping{false};
std::atomic<int> ticks{0};
std::atomic<int> requests{0};

bool ensure_users(const std::string& url) {
    auto db = cl::data::make_data_layer(url);
    if (!db) {
        std::cerr << "hooks_app: " << db.error().message() << "\n";
        return false;
    }
    for (const char* name : {"alice", "bob"}) {
        if (auto found = (*db)->get_user(name); found && *found)
            continue;
        auto hash = cl::auth::hash_password(std::string(name) + "-password");
        if (!hash || !(*db)->create_user({.identifier = name}) ||
            !(*db)->set_password_hash(name, *hash)) {
            std::cerr << "hooks_app: cannot create " << name << "\n";
            return false;
        }
    }
    return true;
}

cl::task<void> ticker() {
    while (!stopping) {
        co_await cl::sleep(std::chrono::milliseconds(20));
        ++ticks;
    }
}

cl::task<void> on_message(cl::context& ctx, cl::message m) {
    if (m.content == "stream") {
        cl::message answer;
        for (const char* token : {"a ", "b ", "c"})
            co_await ctx.stream_token(answer, token);
        co_await ctx.send(answer);
        co_return;
    }
    cl::message echo("echo: " + m.content);
    co_await ctx.send(echo);
    cl::message from_bot("hi from bot", "bot");
    co_await ctx.send(from_bot);
}

int serve(int argc, char** argv) {
    const std::string url = arg(argc, argv, "--db");
    const std::filesystem::path root = arg(argc, argv, "--root");
    if (url.empty() || root.empty()) {
        std::cerr << "usage: hooks_app serve --db URL --root DIR [--fail-startup]\n";
        return 2;
    }
    if (!ensure_users(url))
        return 2;
    std::filesystem::create_directories(root / ".chainlit");
    const bool fail_startup = cl::test::flag(argc, argv, "--fail-startup");

    cl::app app;
    app.data_layer(url);
    app.database_password_auth();
    app.on_app_startup([fail_startup]() -> cl::task<void> {
        co_await cl::sleep(std::chrono::milliseconds(200));
        if (fail_startup)
            throw std::runtime_error("no model configured");
        auto exec = co_await boost::asio::this_coro::executor;
        boost::asio::co_spawn(exec, ticker(), boost::asio::detached);
        startup_done = true;
    });
    app.on_app_shutdown([root]() -> cl::task<void> {
        stopping = true;
        co_await cl::sleep(std::chrono::milliseconds(50));
        std::ofstream(root / "shutdown.txt")
            << "ticks=" << (ticks > 0 ? "some" : "none") << " requests=" << requests.load();
    });
    app.author_rename([](std::string author) -> cl::task<std::string> {
        co_return author == "Assistant" ? std::string("Helper") : "Renamed " + author;
    });
    app.on_message(on_message);
    app.on_feedback([](cl::context& ctx, cl::data::feedback f) -> cl::task<void> {
        cl::message said("feedback " + std::to_string(static_cast<int>(f.value)) + " on " +
                         f.for_id + " in " + f.thread_id.value_or("?"));
        co_await ctx.send(said);
        if (f.comment && *f.comment == "boom")
            throw std::runtime_error("the feedback hook failed on purpose");
    });
    app.get("/state", [](cl::request&) -> cl::task<cl::response> {
        ++requests;
        co_return cl::response::json(cl::json::object{{"startup_done", startup_done.load()},
                                                      {"ticks", ticks.load()},
                                                      {"requests", requests.load()}});
    });

    if (fail_startup) {
        // Through app.main, as a user's app runs: its message and exit code are under test.
        std::vector<std::string> args{"hooks_app", "run", "--port", "0"};
        std::vector<char*> argv_run;
        for (auto& a : args)
            argv_run.push_back(a.data());
        return app.main(static_cast<int>(argv_run.size()), argv_run.data());
    }
    cl::run_options o;
    o.port = 0;
    o.threads = 2;
    o.access_log = false;
    o.app_root = root;
    return cl::test::serve_until_signal(app, o, "hooks_app", 1,
                                        [&] { std::cout << app.port() << std::endl; });
}

} // namespace

int main(int argc, char** argv) {
    ::setenv("CHAINLIT_AUTH_SECRET", test_secret, 0);
    if (argc > 1 && std::string(argv[1]) == "serve")
        return serve(argc, argv);
    std::cerr << "usage: hooks_app serve (see the file's header)\n";
    return 2;
}
