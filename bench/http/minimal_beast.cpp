// The practical ceiling for bench/http: the smallest reasonable Beast server, one thread, one
// coroutine per keep-alive connection, fixed bodies equal to the bench app's. No router, no
// facades, no limits or timeouts: whatever our server costs beyond this is our layers.
// Usage: minimal_beast <port>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdlib>
#include <string>

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

namespace {

asio::awaitable<void> serve(tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> req;
        auto [ec, n] =
            co_await http::async_read(socket, buffer, req, asio::as_tuple(asio::use_awaitable));
        if (ec)
            break;
        http::response<http::string_body> res{http::status::ok, req.version()};
        if (req.target() == "/json") {
            res.set(http::field::content_type, "application/json");
            res.body() = R"({"message":"Hello World","id":1})";
        } else if (req.target() == "/hello") {
            res.set(http::field::content_type, "text/html; charset=utf-8");
            res.body() = "Hello World";
        } else {
            res.result(http::status::not_found);
        }
        res.keep_alive(req.keep_alive());
        res.prepare_payload();
        auto [wec, wn] =
            co_await http::async_write(socket, res, asio::as_tuple(asio::use_awaitable));
        if (wec || !res.keep_alive())
            break;
    }
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return;
        socket.set_option(tcp::no_delay(true));
        asio::co_spawn(acceptor.get_executor(), serve(std::move(socket)), asio::detached);
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2)
        return 2;
    asio::io_context io(1);
    tcp::acceptor acceptor(
        io, {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::atoi(argv[1]))});
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](auto, auto) { io.stop(); });
    asio::co_spawn(io, listen(acceptor), asio::detached);
    io.run();
    return 0;
}
