// Serving an Engine.IO request through the node that owns its session (forward.hpp).
#include "forward.hpp"

#include "chainlit/core/log.hpp"
#include "http/upgrade.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <array>
#include <charconv>
#include <optional>

namespace chainlit::realtime::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// A forwarded poll answer holds at most what a session buffers (io_options), with room.
constexpr std::uint64_t max_forwarded_body = 64 * 1024 * 1024;

// "host:port" or "[v6]:port", numeric hosts only: addresses come from the directory, which
// nodes fill with the address they listen on.
std::optional<tcp::endpoint> parse_address(std::string_view a) {
    const auto colon = a.rfind(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    auto host = a.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    unsigned short port = 0;
    const auto p = a.substr(colon + 1);
    if (std::from_chars(p.data(), p.data() + p.size(), port).ec != std::errc() || port == 0)
        return std::nullopt;
    boost::system::error_code ec;
    const auto addr = asio::ip::make_address(std::string(host), ec);
    if (ec)
        return std::nullopt;
    return tcp::endpoint(addr, port);
}

// Hop-by-hop headers (RFC 9110 7.6.1) and the framing the forwarder sets itself.
bool hop_by_hop(std::string_view name) {
    for (std::string_view h : {"connection", "keep-alive", "proxy-connection", "te", "trailer",
                               "transfer-encoding", "upgrade", "content-length"})
        if (beast::iequals(name, h))
            return true;
    return false;
}

task<bool> connect(beast::tcp_stream& s, const std::string& address,
                   std::chrono::milliseconds timeout) {
    const auto ep = parse_address(address);
    if (!ep) {
        log().warn("engine.io: bad node address in the directory: '{}'", address);
        co_return false;
    }
    s.expires_after(timeout);
    auto [ec] = co_await s.async_connect(*ep, use_tuple);
    if (ec) {
        log().warn("engine.io: owner node {} unreachable: {}", address, ec.message());
        co_return false;
    }
    co_return true;
}

// Both ends of a tunnel, shared by its two pumps.
struct tunnel {
    tcp::socket client;
    tcp::socket owner;
    void close() {
        boost::system::error_code ignored;
        client.close(ignored);
        owner.close(ignored);
    }
};

// Copies bytes one way until either side fails; then closes both, which ends the other pump:
// a websocket closes both ways at once, and a client that vanished without a FIN is noticed
// by the owner's heartbeat, which closes its side.
task<void> pump(std::shared_ptr<tunnel> t, bool to_owner) {
    auto& from = to_owner ? t->client : t->owner;
    auto& to = to_owner ? t->owner : t->client;
    std::array<char, 8192> buf;
    for (;;) {
        auto [ec, n] = co_await from.async_read_some(asio::buffer(buf), use_tuple);
        if (ec)
            break;
        auto [wec, m] = co_await asio::async_write(to, asio::buffer(buf.data(), n), use_tuple);
        if (wec)
            break;
    }
    t->close();
}

} // namespace

bool is_forwarded(const http::request& req) {
    return req.header(forwarded_header).has_value();
}

task<std::optional<http::response>> forward_request(const http::request& req,
                                                    const std::string& address,
                                                    std::chrono::milliseconds timeout) {
    auto ex = co_await asio::this_coro::executor;
    beast::tcp_stream s(ex);
    if (!co_await connect(s, address, timeout))
        co_return std::nullopt;
    const auto verb = beast::http::string_to_verb(http::to_string(req.method()));
    beast::http::request<beast::http::string_body> out{verb, req.target(), 11};
    for (const auto& [name, value] : req.headers())
        if (!hop_by_hop(name))
            out.insert(name, value);
    out.set(forwarded_header, "1");
    out.keep_alive(false);
    out.body() = req.body();
    out.prepare_payload();
    if (auto [ec, n] = co_await beast::http::async_write(s, out, use_tuple); ec) {
        log().warn("engine.io: forwarding to {} failed: {}", address, ec.message());
        co_return std::nullopt;
    }
    beast::flat_buffer buffer;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(max_forwarded_body);
    if (auto [ec, n] = co_await beast::http::async_read(s, buffer, parser, use_tuple); ec) {
        log().warn("engine.io: no answer from owner node {}: {}", address, ec.message());
        co_return std::nullopt;
    }
    auto& in = parser.get();
    std::string content_type(in[beast::http::field::content_type]);
    auto res = http::response::bytes(std::move(in.body()), std::move(content_type),
                                     static_cast<int>(in.result_int()));
    for (const auto& f : in)
        if (!hop_by_hop(f.name_string()) && f.name() != beast::http::field::content_type)
            res.add_header(std::string(f.name_string()), std::string(f.value()));
    co_return res;
}

task<bool> forward_upgrade(http::upgrade_context& ctx, const std::string& address) {
    beast::tcp_stream owner_stream(ctx.stream.get_executor());
    if (!co_await connect(owner_stream, address, std::chrono::seconds(5)))
        co_return false;
    owner_stream.expires_never();
    tcp::socket owner = owner_stream.release_socket();
    auto raw = ctx.raw;
    raw.set(forwarded_header, "1");
    if (auto [ec, n] = co_await beast::http::async_write(owner, raw, use_tuple); ec)
        co_return false;
    if (ctx.buffer.size() > 0) {
        auto [ec, n] = co_await asio::async_write(owner, ctx.buffer.data(), use_tuple);
        if (ec)
            co_return true;
    }
    auto t = std::make_shared<tunnel>(tunnel{std::move(ctx.stream), std::move(owner)});
    asio::co_spawn(t->owner.get_executor(), pump(t, false), asio::detached);
    co_await pump(t, true);
    co_return true;
}

} // namespace chainlit::realtime::detail
