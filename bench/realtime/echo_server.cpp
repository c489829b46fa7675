// The realtime layer alone (no chat layer), with the same event logic as the Node and Python
// peers in this folder: on `client_message` {message: {id, output, ...}} it emits `task_start`,
// `new_message` {id, output: "echo: <output>", ...} and `task_end`; on `connection_successful`
// it emits `task_end`, `clear_ask` and `clear_call_fn` as Chainlit does.
// Usage: bench_realtime_echo <port>   (one I/O thread, access log off; runs until SIGTERM)
#include "chainlit/core/ids.hpp"
#include "chainlit/http/router.hpp"
#include "chainlit/http/server.hpp"
#include "chainlit/realtime/io_server.hpp"

#include <cstdlib>
#include <string>

using namespace chainlit;
namespace rt = chainlit::realtime;

namespace {
std::string field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
} // namespace

int main(int argc, char** argv) {
    http::router routes;
    http::server_options sopts;
    sopts.port = argc > 1 ? static_cast<unsigned short>(std::atoi(argv[1])) : 0;
    sopts.threads = 1;
    sopts.access_log = false;
    http::server server(routes, sopts);
    rt::io_server io(routes, server);
    io.on("connection_successful", [](rt::socket_ptr s, rt::payload, rt::ack_fn) -> task<void> {
        s->emit("task_end", json::array{json::object{}});
        s->emit("clear_ask", json::array{json::object{}});
        s->emit("clear_call_fn", json::array{json::object{}});
        co_return;
    });
    io.on("client_message", [](rt::socket_ptr s, rt::payload p, rt::ack_fn) -> task<void> {
        json::object in;
        if (!p.args.empty() && p.args[0].is_object())
            if (const auto* m = p.args[0].as_object().if_contains("message"); m && m->is_object())
                in = m->as_object();
        s->emit("task_start", json::array{json::object{}});
        json::object out;
        out["id"] = uuid4();
        out["threadId"] = field(in, "threadId");
        out["parentId"] = field(in, "id");
        out["name"] = "Assistant";
        out["type"] = "assistant_message";
        out["output"] = "echo: " + field(in, "output");
        out["createdAt"] = field(in, "createdAt");
        s->emit("new_message", json::array{std::move(out)});
        s->emit("task_end", json::array{json::object{}});
        co_return;
    });
    return server.run_until_signal();
}
