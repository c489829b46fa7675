// The practical ceiling for bench/realtime: a minimal Beast websocket server that speaks just
// enough Engine.IO v4 / Socket.IO v5 for the load generator, with the peers' event logic
// (client_message -> task_start, new_message {id, output: "echo: ..."}, task_end;
// connection_successful -> task_end, clear_ask, clear_call_fn). One thread, one coroutine per
// connection that reads, then writes its answers in turn: no strand, no write queue, no
// heartbeat timer, no polling, no limits, ids from a non-cryptographic PRNG. The issue's
// "minimal Beast websocket echo" reference. Usage: realtime_minimal_beast <port>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {

std::string random_id() {
    static std::mt19937_64 rng{std::random_device{}()};
    std::uint64_t a = rng(), b = rng();
    char buf[37];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

std::string field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

asio::awaitable<void> session(tcp::socket sock) {
    websocket::stream<tcp::socket> ws(std::move(sock));
    beast::flat_buffer buf;
    try {
        co_await ws.async_accept(asio::use_awaitable);
        ws.text(true);
        auto write = [&](std::string s) -> asio::awaitable<void> {
            co_await ws.async_write(asio::buffer(s), asio::use_awaitable);
        };
        std::string sid = random_id();
        std::string open = R"(0{"sid":")" + sid +
                           R"(","upgrades":[],"pingInterval":25000,"pingTimeout":20000,)"
                           R"("maxPayload":1000000})";
        co_await write(open);
        for (;;) {
            buf.clear();
            co_await ws.async_read(buf, asio::use_awaitable);
            std::string_view m(static_cast<const char*>(buf.data().data()), buf.size());
            if (m.starts_with("40")) {
                std::string ok = R"(40{"sid":")" + random_id() + R"("})";
                co_await write(ok);
            } else if (m.starts_with("42")) {
                json::value v = json::parse(m.substr(2));
                const auto& a = v.as_array();
                const auto ev = a.at(0).as_string();
                if (ev == "connection_successful") {
                    co_await write(R"(42["task_end",{}])");
                    co_await write(R"(42["clear_ask",{}])");
                    co_await write(R"(42["clear_call_fn",{}])");
                } else if (ev == "client_message") {
                    json::object in;
                    if (a.size() > 1 && a[1].is_object())
                        if (const auto* mm = a[1].as_object().if_contains("message");
                            mm && mm->is_object())
                            in = mm->as_object();
                    json::object out;
                    out["id"] = random_id();
                    out["threadId"] = field(in, "threadId");
                    out["parentId"] = field(in, "id");
                    out["name"] = "Assistant";
                    out["type"] = "assistant_message";
                    out["output"] = "echo: " + field(in, "output");
                    out["createdAt"] = field(in, "createdAt");
                    json::array packet;
                    packet.emplace_back("new_message");
                    packet.emplace_back(std::move(out));
                    co_await write(R"(42["task_start",{}])");
                    co_await write("42" + json::serialize(packet));
                    co_await write(R"(42["task_end",{}])");
                }
            }
            // "3" (pong) and anything else: ignored.
        }
    } catch (const std::exception&) {
    }
}

asio::awaitable<void> listen(tcp::acceptor& acceptor) {
    for (;;) {
        auto s = co_await acceptor.async_accept(asio::use_awaitable);
        s.set_option(tcp::no_delay(true));
        asio::co_spawn(acceptor.get_executor(), session(std::move(s)), asio::detached);
    }
}

} // namespace

int main(int argc, char** argv) {
    const auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 8000);
    asio::io_context io(1);
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
    acceptor.listen(4096);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](auto, auto) { io.stop(); });
    asio::co_spawn(io, listen(acceptor), asio::detached);
    io.run();
    return 0;
}
