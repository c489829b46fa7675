// A Socket.IO server with test event logic, driven by the Node tests in tests/node/ through the
// real socket.io-client. It prints its port on the first stdout line and runs until SIGTERM.
//
// Events (client -> server):
//   echo(...args)           emits "echo" back with the same args and attachments
//   ack(...args)            acks with the same args and attachments
//   whoami()                acks {id, auth, cookie: handshake cookie "test" or null}
//   broadcast(...args)      emits "broadcast" to every connected socket
//   ask(event, timeout_ms)  emit_with_ack(event, ["question"]) then emits "answer" with
//                           {reply: args, attachments: n} or {error: message}
//   flood(count, bytes)     emits "blob" count times with a string of that many bytes
//   bye()                   the server disconnects this socket
//   throw()                 the handler throws (the socket must stay up)
//   stats()                 acks {connected, sessions}
// On disconnect it broadcasts "left" {id, reason}. CONNECT with auth {refuse: msg} is refused
// with msg; auth {throw: true} makes the connect handler throw.
// Options (milliseconds / bytes) shorten the defaults for tests: --ping-interval,
// --ping-timeout, --connect-timeout, --max-buffered; --recovery turns connection state
// recovery on with that window.
#include "chainlit/core/log.hpp"
#include "chainlit/http/router.hpp"
#include "chainlit/http/server.hpp"
#include "chainlit/realtime/io_server.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

using namespace chainlit;
namespace rt = chainlit::realtime;

namespace {

long arg_ms(int argc, char** argv, const std::string& name, long fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (argv[i] == name)
            return std::strtol(argv[i + 1], nullptr, 10);
    return fallback;
}

void register_events(rt::io_server& io) {
    io.on_connect([](rt::socket_ptr, const json::value& auth,
                     const http::request&) -> task<std::optional<std::string>> {
        const auto& o = auth.as_object();
        if (const auto* r = o.if_contains("refuse"); r && r->is_string())
            co_return std::string(r->get_string());
        if (o.contains("throw"))
            throw std::runtime_error("connect handler failure on purpose");
        co_return std::nullopt;
    });
    io.on("echo", [](rt::socket_ptr s, rt::payload p, rt::ack_fn) -> task<void> {
        s->emit("echo", std::move(p.args), std::move(p.attachments));
        co_return;
    });
    io.on("ack", [](rt::socket_ptr, rt::payload p, rt::ack_fn ack) -> task<void> {
        if (ack)
            ack(std::move(p));
        co_return;
    });
    io.on("whoami", [](rt::socket_ptr s, rt::payload, rt::ack_fn ack) -> task<void> {
        const auto cookie = s->handshake().cookie("test");
        json::object o{{"id", s->id()}, {"auth", s->auth()}};
        o["cookie"] = cookie ? json::value(*cookie) : json::value(nullptr);
        if (ack)
            ack({json::array{o}, {}});
        co_return;
    });
    io.on("broadcast", [&io](rt::socket_ptr, rt::payload p, rt::ack_fn ack) -> task<void> {
        const auto n = io.broadcast("broadcast", std::move(p.args));
        if (ack)
            ack({json::array{n}, {}});
        co_return;
    });
    io.on("ask", [](rt::socket_ptr s, rt::payload p, rt::ack_fn) -> task<void> {
        const std::string event(p.args.at(0).as_string());
        const auto timeout = std::chrono::milliseconds(p.args.at(1).to_number<long>());
        json::array question; // not a braced literal: GCC 12 miscompiles those in coroutines
        question.emplace_back("question");
        auto r = co_await s->emit_with_ack(event, std::move(question), timeout);
        if (r) {
            json::object o{{"reply", r->args}, {"attachments", r->attachments.size()}};
            if (!r->attachments.empty())
                o["first"] = r->attachments.front();
            s->emit("answer", json::array{o});
        } else {
            s->emit("answer", json::array{json::object{{"error", r.error().message()}}});
        }
    });
    io.on("flood", [](rt::socket_ptr s, rt::payload p, rt::ack_fn) -> task<void> {
        const auto count = p.args.at(0).to_number<long>();
        const std::string blob(p.args.at(1).to_number<std::size_t>(), 'x');
        for (long i = 0; i < count; ++i)
            if (!s->emit("blob", json::array{i, blob}))
                break;
        co_return;
    });
    io.on("bye", [](rt::socket_ptr s, rt::payload, rt::ack_fn) -> task<void> {
        s->disconnect();
        co_return;
    });
    io.on("throw", [](rt::socket_ptr, rt::payload, rt::ack_fn) -> task<void> {
        throw std::runtime_error("event handler failure on purpose");
        co_return;
    });
    io.on("stats", [&io](rt::socket_ptr, rt::payload, rt::ack_fn ack) -> task<void> {
        if (ack)
            ack({json::array{json::object{{"connected", io.connected_count()},
                                          {"sessions", io.session_count()}}},
                 {}});
        co_return;
    });
    io.on_disconnect([&io](rt::socket_ptr s, std::string reason) -> task<void> {
        io.broadcast("left", json::array{json::object{{"id", s->id()}, {"reason", reason}}});
        co_return;
    });
}

} // namespace

int main(int argc, char** argv) {
    http::router routes;
    http::server_options sopts;
    sopts.port = 0;
    sopts.threads = 2;
    sopts.access_log = false;
    sopts.drain_timeout = std::chrono::milliseconds(3000);
    http::server server(routes, sopts);
    rt::io_options opts;
    opts.ping_interval = std::chrono::milliseconds(arg_ms(argc, argv, "--ping-interval", 25'000));
    opts.ping_timeout = std::chrono::milliseconds(arg_ms(argc, argv, "--ping-timeout", 20'000));
    opts.connect_timeout =
        std::chrono::milliseconds(arg_ms(argc, argv, "--connect-timeout", 45'000));
    opts.max_buffered_bytes =
        static_cast<std::size_t>(arg_ms(argc, argv, "--max-buffered", 8 * 1024 * 1024));
    opts.recovery_window = std::chrono::milliseconds(arg_ms(argc, argv, "--recovery", 0));
    rt::io_server io(routes, server, opts);
    register_events(io);
    server.start();
    std::cout << server.port() << std::endl;
    return server.run_until_signal();
}
