// The practical ceiling for bench/http: the smallest reasonable Beast server, one thread, one
// coroutine per keep-alive connection, fixed bodies equal to the bench app's. No router, no
// facades, no limits or timeouts: whatever our server costs beyond this is our layers.
// /protected checks a Bearer JWT's HS256 signature (HMAC-SHA256 with CHAINLIT_AUTH_SECRET,
// base64url, constant-time compare) and nothing else: the ceiling for an authenticated route.
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
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string>
#include <string_view>

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

namespace {

std::string secret;

std::string base64url(const unsigned char* p, std::size_t n) {
    static constexpr char a[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < n; i += 3) {
        const unsigned v = p[i] << 16 | p[i + 1] << 8 | p[i + 2];
        out += a[v >> 18 & 63];
        out += a[v >> 12 & 63];
        out += a[v >> 6 & 63];
        out += a[v & 63];
    }
    if (n - i == 1) {
        const unsigned v = p[i] << 16;
        out += a[v >> 18 & 63];
        out += a[v >> 12 & 63];
    } else if (n - i == 2) {
        const unsigned v = p[i] << 16 | p[i + 1] << 8;
        out += a[v >> 18 & 63];
        out += a[v >> 12 & 63];
        out += a[v >> 6 & 63];
    }
    return out;
}

bool signature_ok(std::string_view authorization) {
    if (authorization.substr(0, 7) != "Bearer ")
        return false;
    const auto token = authorization.substr(7);
    const auto dot = token.rfind('.');
    if (dot == std::string_view::npos)
        return false;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(token.data()), dot, mac, &len);
    const auto expected = base64url(mac, len);
    const auto got = token.substr(dot + 1);
    return got.size() == expected.size() &&
           CRYPTO_memcmp(got.data(), expected.data(), got.size()) == 0;
}

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
        } else if (req.target() == "/protected") {
            res.set(http::field::content_type, "application/json");
            if (signature_ok(req[http::field::authorization])) {
                res.body() = R"({"identifier":"bench"})";
            } else {
                res.result(http::status::unauthorized);
                res.body() = R"({"detail":"Invalid authentication token"})";
            }
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
    if (const char* s = std::getenv("CHAINLIT_AUTH_SECRET"))
        secret = s;
    asio::io_context io(1);
    tcp::acceptor acceptor(
        io, {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(std::atoi(argv[1]))});
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](auto, auto) { io.stop(); });
    asio::co_spawn(io, listen(acceptor), asio::detached);
    io.run();
    return 0;
}
