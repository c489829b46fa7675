// bench/persistence: the figures issue 5 asks for (see bench/persistence/run).
//
//   bench_persistence steps --db URL --sessions N --messages M --mode task|stream
//       Persisted step writes per second through the chat layer's persister (the code path the
//       runtime uses: writes queued from the sessions, committed in batches on the data
//       thread). Each message is what the runtime writes for one exchange: the user message,
//       the on_message run step (created, then updated when it ends) and the reply, so 4 step
//       writes on 3 rows. `task`: each session then awaits the commit of its writes before its
//       next message, as the runtime does before task_end (the durability rule). `stream`: the
//       sessions never wait (the batching ceiling). N sessions run concurrently on 2 threads.
//       Prints one TSV row: steps <engine> <mode> <sessions> <step writes> <wall seconds>
//       <writes/s> <CPU seconds of this process> <writes per CPU second>. For PostgreSQL the
//       server's CPU is not in the CPU figure.
//   bench_persistence serve --db URL --root DIR --steps K
//       Creates user `bench` and a thread of K steps (alternating user and assistant messages),
//       then serves it; prints "<port> <token> <thread id>". Stops on SIGTERM.
#include <chainlit/auth/jwt.hpp>
#include <chainlit/chainlit.hpp>
#include <chainlit/chat/persister.hpp>
#include <chainlit/core/ids.hpp>
#include <chainlit/core/time.hpp>
#include <chainlit/data/data_layer.hpp>

#include "support/app_process.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <iostream>
#include <sys/resource.h>
#include <thread>

namespace cl = chainlit;
namespace asio = boost::asio;
using cl::test::arg;

namespace {

constexpr const char* bench_secret = "bench-persistence-secret-0123456789-abcdefghijklmn";

/// User + system CPU time of this process (every thread): the steadier figure on a machine
/// shared with other work, where wall time depends on how much CPU the process got.
double cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

cl::data::step_dict step_row(const std::string& thread_id, std::string type, std::string text,
                             std::optional<std::string> parent = std::nullopt) {
    cl::data::step_dict d;
    d.id = cl::uuid4();
    d.thread_id = thread_id;
    d.name = type == "user_message" ? "User" : "Assistant";
    d.type = std::move(type);
    d.output = std::move(text);
    d.parent_id = std::move(parent);
    d.streaming = false;
    d.created_at = cl::iso_now();
    d.start = d.created_at;
    d.end = d.created_at;
    return d;
}

cl::task<void> session(cl::persister& p, std::string thread_id, int messages, bool wait) {
    for (int i = 0; i < messages; ++i) {
        auto user = step_row(thread_id, "user_message", "question " + std::to_string(i));
        auto run = step_row(thread_id, "run", "", user.id);
        run.name = "on_message";
        auto reply =
            step_row(thread_id, "assistant_message", "answer " + std::to_string(i), run.id);
        p.submit([user](cl::data::data_layer& d) { return d.create_step(user); });
        p.submit([run](cl::data::data_layer& d) { return d.create_step(run); });
        p.submit([reply](cl::data::data_layer& d) { return d.create_step(reply); });
        p.submit([run](cl::data::data_layer& d) { return d.update_step(run); });
        if (wait)
            co_await p.sync(); // what the runtime does before task_end
    }
    co_await p.sync();
}

int steps(int argc, char** argv) {
    const std::string url = arg(argc, argv, "--db");
    const int sessions = std::stoi(arg(argc, argv, "--sessions", "1"));
    const int messages = std::stoi(arg(argc, argv, "--messages", "1000"));
    const std::string mode = arg(argc, argv, "--mode", "task");
    if (url.empty() || sessions < 1 || sessions > 10'000 || messages < 1 || messages > 1'000'000 ||
        (mode != "task" && mode != "stream")) {
        std::cerr << "usage: bench_persistence steps --db URL --sessions N --messages M "
                     "--mode task|stream\n";
        return 2;
    }
    auto made = cl::data::make_data_layer(url);
    if (!made) {
        std::cerr << "bench_persistence: " << made.error().message() << "\n";
        return 2;
    }
    std::shared_ptr<cl::data::data_layer> dl = std::move(*made);
    const std::string engine(dl->engine());
    std::vector<std::string> threads;
    for (int s = 0; s < sessions; ++s) {
        threads.push_back(cl::uuid4());
        cl::data::thread_update u;
        u.name = "bench session " + std::to_string(s);
        if (!dl->update_thread(threads.back(), u)) {
            std::cerr << "bench_persistence: cannot create a thread\n";
            return 1;
        }
    }
    double seconds = 0;
    const double cpu_before = cpu_seconds();
    {
        cl::persister p(dl);
        asio::io_context io;
        for (const auto& t : threads)
            asio::co_spawn(io, session(p, t, messages, mode == "task"), asio::detached);
        const auto start = std::chrono::steady_clock::now();
        std::thread second([&io] { io.run(); });
        io.run();
        second.join();
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    const double cpu = cpu_seconds() - cpu_before;
    const long writes = 4L * sessions * messages;
    std::cout << "steps\t" << engine << "\t" << mode << "\t" << sessions << "\t" << writes << "\t"
              << seconds << "\t" << static_cast<long>(writes / seconds) << "\t" << cpu << "\t"
              << static_cast<long>(writes / cpu) << std::endl;
    return 0;
}

int serve(int argc, char** argv) {
    const std::string url = arg(argc, argv, "--db");
    const std::string root = arg(argc, argv, "--root");
    const int count = std::stoi(arg(argc, argv, "--steps", "1000"));
    if (url.empty() || root.empty() || count < 1 || count > 1'000'000) {
        std::cerr << "usage: bench_persistence serve --db URL --root DIR --steps K\n";
        return 2;
    }
    std::string thread_id = cl::uuid4();
    {
        auto dl = cl::data::make_data_layer(url);
        if (!dl) {
            std::cerr << "bench_persistence: " << dl.error().message() << "\n";
            return 2;
        }
        cl::data::user u;
        u.identifier = "bench";
        auto user = (*dl)->create_user(u);
        cl::data::thread_update t;
        t.name = "A thread of " + std::to_string(count) + " steps";
        t.user_id = user ? std::optional<std::string>(user->id) : std::nullopt;
        auto fill = [&](cl::data::data_layer& d) -> cl::result<void> {
            if (auto r = d.update_thread(thread_id, t); !r)
                return r;
            for (int i = 0; i < count; ++i) {
                const bool asked = i % 2 == 0;
                auto s = step_row(thread_id, asked ? "user_message" : "assistant_message",
                                  (asked ? "question " : "answer with some words of text ") +
                                      std::to_string(i));
                if (auto r = d.create_step(s); !r)
                    return r;
            }
            return {};
        };
        if (!user || !(*dl)->write_batch(fill)) {
            std::cerr << "bench_persistence: cannot create the thread\n";
            return 1;
        }
    }
    cl::app app;
    app.data_layer(url);
    app.password_auth_callback([](std::string, std::string) -> cl::task<std::optional<cl::user>> {
        co_return std::nullopt;
    });
    app.on_chat_resume([](cl::context&, boost::json::object) -> cl::task<void> { co_return; });
    cl::run_options o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.threads = 1;
    o.access_log = false;
    o.app_root = root;
    return cl::test::serve_until_signal(app, o, "bench_persistence", 2, [&] {
        cl::user token_user;
        token_user.identifier = "bench";
        std::cout << app.port() << " " << cl::auth::create_jwt(token_user, bench_secret) << " "
                  << thread_id << std::endl;
    });
}

} // namespace

int main(int argc, char** argv) {
    ::setenv("CHAINLIT_AUTH_SECRET", bench_secret, 1);
    const std::string cmd = argc > 1 ? argv[1] : "";
    try {
        if (cmd == "steps")
            return steps(argc, argv);
        if (cmd == "serve")
            return serve(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "bench_persistence: " << e.what() << "\n";
        return 2;
    }
    std::cerr << "usage: bench_persistence steps ... | serve ...\n";
    return 2;
}
