// The connection coroutine: reads requests (keep-alive and pipelined), applies limits and
// timeouts, hands websocket upgrades over, dispatches to the router and writes responses. It
// is the one place that catches handler exceptions (STYLE.md), answering 500 and logging them
// with the request id.
#include "access_log.hpp"
#include "chainlit/core/log.hpp"
#include "cors.hpp"
#include "deadline_watch.hpp"
#include "server_impl.hpp"
#include "upgrade.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <charconv>
#include <chrono>

namespace chainlit::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr auto write_timeout = std::chrono::seconds(30);
constexpr std::size_t max_header_limit = 65'535;

namespace {

/// Streams chunks of a response body to the connection.
class chunk_writer final : public body_writer {
public:
    chunk_writer(tcp::socket& s, deadline_watch& watch) : socket_(s), watch_(watch) {}
    task<bool> write(std::string_view chunk) override {
        if (failed_)
            co_return false;
        if (chunk.empty())
            co_return true; // an empty chunk would end the body
        watch_.expires_after(write_timeout);
        auto [ec, n] = co_await asio::async_write(
            socket_, bhttp::make_chunk(asio::const_buffer(chunk.data(), chunk.size())), use_tuple);
        watch_.expires_never(); // the producer may wait long between chunks (SSE)
        failed_ = static_cast<bool>(ec);
        co_return !failed_;
    }
    bool failed() const { return failed_; }

private:
    tcp::socket& socket_;
    deadline_watch& watch_;
    bool failed_ = false;
};

/// Header names and values go on the wire as given, so CR and LF (response splitting) and
/// other control characters are replaced.
void append_clean(std::string& out, std::string_view v) {
    const auto bad = [](char c) {
        return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
    };
    const std::size_t at = out.size();
    out.append(v); // the common case: nothing to replace
    if (std::any_of(v.begin(), v.end(), bad))
        std::replace_if(out.begin() + static_cast<std::ptrdiff_t>(at), out.end(), bad, ' ');
}

/// The status line and headers, ending with the blank line. `content_length` is written unless
/// it is negative.
std::string render_head(int status, unsigned version,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        bool keep_alive, long long content_length) {
    std::string h;
    h.reserve(256);
    h += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    char code[8];
    auto [end, ec] = std::to_chars(code, code + sizeof code, status);
    h.append(code, end);
    h += ' ';
    h += bhttp::obsolete_reason(static_cast<bhttp::status>(status));
    h += "\r\n";
    for (const auto& [k, v] : headers) {
        append_clean(h, k);
        h += ": ";
        append_clean(h, v);
        h += "\r\n";
    }
    if (content_length >= 0) {
        h += "Content-Length: ";
        char digits[24];
        auto [end, ec] = std::to_chars(digits, digits + sizeof digits, content_length);
        h.append(digits, end);
        h += "\r\n";
    }
    if (!keep_alive)
        h += "Connection: close\r\n";
    else if (version == 10)
        h += "Connection: keep-alive\r\n";
    h += "\r\n";
    return h;
}

request::header_list copy_headers(const bhttp::request<bhttp::string_body>& raw) {
    request::header_list headers;
    headers.reserve(8);
    for (const auto& f : raw) {
        std::string name(f.name_string());
        for (auto& c : name) // ASCII only: header names are tokens, and tolower() is per locale
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c + ('a' - 'A'));
        headers.emplace_back(std::move(name), std::string(f.value()));
    }
    return headers;
}

/// Strips the root path; false if the request lies outside it.
bool apply_root_path(const std::string& root, request& req) {
    if (root.empty())
        return true;
    const std::string& p = req.path();
    if (p.compare(0, root.size(), root) != 0 || (p.size() > root.size() && p[root.size()] != '/'))
        return false;
    req.set_path(p.size() == root.size() ? "/" : p.substr(root.size()));
    return true;
}

int status_for_read_error(const boost::system::error_code& ec) {
    if (ec == bhttp::error::header_limit)
        return 431;
    if (ec == bhttp::error::body_limit)
        return 413;
    return 400;
}

task<void> write_plain(tcp::socket& stream, deadline_watch& watch, int status,
                       std::string_view detail) {
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(status), 11};
    res.set(bhttp::field::content_type, "application/json");
    res.set(bhttp::field::connection, "close");
    res.body() = json::serialize(json::object{{"detail", detail}});
    res.prepare_payload();
    watch.expires_after(write_timeout);
    co_await bhttp::async_write(stream, res, use_tuple);
}

task<response> call_handler(server::impl& s, request& req) {
    try {
        co_return co_await s.routes.dispatch(req);
    } catch (const http_error& e) {
        log().info("[{}] {} {}: {} {}", req.request_id(), to_string(req.method()), req.path(),
                   e.status(), e.what());
        co_return response::error(e.status(), e.what());
    } catch (const std::exception& e) {
        log().error("[{}] handler for {} {} threw: {}", req.request_id(), to_string(req.method()),
                    req.path(), e.what());
    } catch (...) {
        log().error("[{}] handler for {} {} threw a non-exception", req.request_id(),
                    to_string(req.method()), req.path());
    }
    co_return response::error(500, "Internal Server Error");
}

/// Writes `res`; returns false if the connection must close.
task<bool> write_response(tcp::socket& stream, deadline_watch& watch, request& req, response& res,
                          unsigned version, bool keep_alive) {
    const bool head = req.method() == method::head;
    if (res.is_stream() && !head) {
        bhttp::response<bhttp::empty_body> hdr{static_cast<bhttp::status>(res.status()), version};
        for (const auto& [k, v] : res.headers())
            hdr.insert(k, v);
        hdr.chunked(true);
        hdr.keep_alive(keep_alive);
        bhttp::response_serializer<bhttp::empty_body> sr{hdr};
        watch.expires_after(write_timeout);
        auto [ec, n] = co_await bhttp::async_write_header(stream, sr, use_tuple);
        if (ec)
            co_return false;
        chunk_writer w(stream, watch);
        watch.expires_never();
        co_await res.stream_producer()(w);
        if (w.failed())
            co_return false;
        watch.expires_after(write_timeout);
        auto [ec2, n2] = co_await asio::async_write(stream, bhttp::make_chunk_last(), use_tuple);
        co_return !ec2 && keep_alive;
    }
    // The head is rendered by hand and written with the body in one gathered write: Beast's
    // generic serializer was a third of the CPU per request (bench/http profile).
    const int st = res.status();
    const bool has_length = st >= 200 && st != 204 && st != 304;
    const std::string out_head =
        render_head(st, version, res.headers(), keep_alive,
                    has_length ? static_cast<long long>(res.body().size()) : -1);
    std::array<asio::const_buffer, 2> buffers{
        asio::buffer(out_head), head ? asio::const_buffer() : asio::buffer(res.body())};
    watch.expires_after(write_timeout);
    auto [ec, n] = co_await asio::async_write(stream, buffers, use_tuple);
    co_return !ec && keep_alive;
}

} // namespace

task<void> run_connection(server::impl& s, asio::ip::tcp::socket socket) {
    std::string client_address;
    {
        boost::system::error_code ec;
        auto ep = socket.remote_endpoint(ec);
        if (!ec) {
            auto addr = ep.address();
            if (addr.is_v6() && addr.to_v6().is_v4_mapped())
                addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
            client_address = addr.to_string();
        }
    }
    tcp::socket& stream = socket;
    auto watch = std::make_shared<deadline_watch>(stream);
    // However the coroutine ends, the watch lets go of the socket before it dies.
    struct watch_stopper {
        deadline_watch& w;
        ~watch_stopper() { w.stop(); }
    } stop_watch{*watch};
    beast::flat_buffer buffer;
    auto state = std::make_shared<connection_state>();
    state->socket = &stream;
    s.register_conn(state);
    // Unregisters when the last holder lets go: this coroutine, or an upgrade handler that
    // took the socket over.
    struct registration {
        server::impl& s;
        std::shared_ptr<connection_state> c;
        ~registration() { s.unregister_conn(c); }
    };
    // Built in place: a temporary registration would unregister the connection at once.
    std::shared_ptr<registration> live(new registration{s, state});

    while (!s.stopping) {
        if (buffer.size() == 0) {
            // Keep-alive wait: bounded by the idle timeout, and cancellable at shutdown.
            state->idle = true;
            watch->expires_after(s.opts.idle_timeout);
            auto [ec, n] = co_await stream.async_read_some(buffer.prepare(8192), use_tuple);
            state->idle = false;
            if (ec || n == 0)
                break;
            buffer.commit(n);
        }
        bhttp::request_parser<bhttp::string_body> parser;
        // Beast throws (std::length_error) on a single field over 64 KiB instead of reporting
        // header_limit, so the limit is capped below that: the answer stays a clean 431.
        parser.header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(s.opts.header_limit, max_header_limit)));
        parser.body_limit(s.opts.body_limit);
        // One deadline for the whole request: a client dripping a byte at a time cannot hold
        // the connection longer than read_timeout.
        watch->expires_after(s.opts.read_timeout);
        auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
        if (ec) {
            if (watch->expired() || ec == bhttp::error::end_of_stream ||
                ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
                ec == asio::error::eof || ec == asio::error::bad_descriptor)
                break;
            const int status = status_for_read_error(ec);
            log().info("{} bad request from {}: {} -> {}", "-", client_address, ec.message(),
                       status);
            co_await write_plain(stream, *watch, status,
                                 status == 431   ? "Request header fields too large"
                                 : status == 413 ? "Request body too large"
                                                 : "Malformed HTTP request");
            break;
        }
        watch->expires_never(); // handlers may legitimately take long (long-polls, streams)
        auto& raw = parser.get();
        const auto start = std::chrono::steady_clock::now();
        const auto m = method_from_string(raw.method_string());
        const unsigned version = raw.version();

        request req(m.value_or(method::get), std::string(raw.target()), copy_headers(raw),
                    std::move(raw.body()));
        req.set_client_address(client_address);
        {
            char id[17];
            auto [end, ec] = std::to_chars(id, id + sizeof id, s.next_request_id.fetch_add(1), 16);
            const std::size_t len = static_cast<std::size_t>(end - id);
            req.set_request_id(std::string(len < 8 ? 8 - len : 0, '0') + std::string(id, len));
        }

        response res(200);
        if (!m) {
            res = response::error(405, "Method Not Allowed");
        } else if (raw.target().empty() || raw.target().front() != '/') {
            res = response::error(400, "Malformed request target");
        } else if (!apply_root_path(s.opts.root_path, req)) {
            res = response::error(404, "Not Found");
        } else if (beast::websocket::is_upgrade(raw)) {
            auto it = s.upgrades.find(req.path());
            if (it != s.upgrades.end()) {
                upgrade_context ctx{stream, raw, buffer, req, live};
                watch->stop(); // the socket is the handler's now
                try {
                    co_await it->second(ctx);
                } catch (const std::exception& e) {
                    log().error("[{}] upgrade handler threw: {}", req.request_id(), e.what());
                }
                // The stream dies with this frame; shutdown must not reach for it.
                s.forget_stream(*state);
                co_return;
            }
            res = response::error(404, "Not Found");
        } else if (auto pre = cors_preflight(s.opts.allow_origins, req)) {
            res = std::move(*pre);
        } else {
            if (s.opts.prepare)
                s.opts.prepare(req);
            res = co_await call_handler(s, req);
        }
        apply_cors(s.opts.allow_origins, req, res);
        res.set_header("X-Request-ID", req.request_id());
        const int status = res.status();
        const auto body_size = res.body().size();
        // Decided after the handler: a shutdown that began meanwhile closes this connection.
        const bool keep_alive = raw.keep_alive() && !s.stopping;
        const bool again = co_await write_response(stream, *watch, req, res, version, keep_alive);
        if (s.opts.access_log) {
            const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count();
            log().info("[{}] {} \"{} {}\" {} {}B {:.2f}ms", req.request_id(), client_address,
                       raw.method_string(), loggable_target(raw.target()), status, body_size,
                       us / 1000.0);
        }
        if (!again)
            break;
    }
    boost::system::error_code ignored;
    stream.shutdown(tcp::socket::shutdown_send, ignored);
    stream.close(ignored);
}

} // namespace chainlit::http
