#pragma once
// A small synchronous HTTP/1.1 client for tests (Beast over a real TCP socket), plus raw
// socket helpers for sending malformed bytes.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>
#include <utility>
#include <vector>

namespace chainlit::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

using response = bhttp::response<bhttp::string_body>;

/// Sync reads ignore Beast's expiry, so a socket-level receive timeout keeps a test from
/// hanging forever on a server bug.
inline void set_receive_timeout(asio::ip::tcp::socket& s, std::chrono::milliseconds t) {
    timeval tv{static_cast<time_t>(t.count() / 1000),
               static_cast<suseconds_t>((t.count() % 1000) * 1000)};
    ::setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

class http_client {
public:
    explicit http_client(unsigned short port) : stream_(ioc_) {
        asio::ip::tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
        stream_.connect(ep);
        set_receive_timeout(stream_.socket(), std::chrono::seconds(20));
    }
    ~http_client() {
        boost::system::error_code ec;
        stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    }

    response request(bhttp::verb verb, const std::string& target, std::string body = {},
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
        bhttp::request<bhttp::string_body> req{verb, target, 11};
        req.set(bhttp::field::host, "127.0.0.1");
        for (auto& [k, v] : headers)
            req.set(k, v);
        req.body() = std::move(body);
        req.prepare_payload();
        bhttp::write(stream_, req);
        return read_response(verb == bhttp::verb::head);
    }
    response get(const std::string& target,
                 std::vector<std::pair<std::string, std::string>> headers = {}) {
        return request(bhttp::verb::get, target, {}, std::move(headers));
    }

    response read_response(bool head = false) {
        bhttp::response_parser<bhttp::string_body> p;
        p.skip(head);
        p.body_limit(256 * 1024 * 1024);
        bhttp::read(stream_, buffer_, p);
        return p.release();
    }

    void send_raw(std::string_view bytes) {
        asio::write(stream_.socket(), asio::buffer(bytes.data(), bytes.size()));
    }
    beast::tcp_stream& stream() { return stream_; }

private:
    asio::io_context ioc_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

/// Sends raw bytes on a fresh connection and returns everything read until the server closes
/// (or `timeout`).
inline std::string raw_exchange(unsigned short port, std::string_view bytes,
                                std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    asio::io_context ioc;
    beast::tcp_stream s(ioc);
    s.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    asio::write(s.socket(), asio::buffer(bytes.data(), bytes.size()));
    std::string out;
    char buf[4096];
    set_receive_timeout(s.socket(), timeout);
    for (;;) {
        boost::system::error_code ec;
        std::size_t n = s.read_some(asio::buffer(buf), ec);
        out.append(buf, n);
        if (ec)
            break;
    }
    return out;
}

} // namespace chainlit::test
