// The websocket transport of a session: the upgrade from polling, then one reader and one
// writer coroutine on the session's strand (Beast allows one of each at a time).
#include "session.hpp"

#include "chainlit/core/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>

namespace chainlit::realtime::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds close_handshake_timeout{5};

std::string_view as_view(const beast::flat_buffer& b) {
    const auto d = b.data();
    return {static_cast<const char*>(d.data()), d.size()};
}

} // namespace

task<bool> session::upgrade_probe(ws_stream& ws) {
    using engineio::packet_type;
    // The probe phase is bounded: a client that opens the websocket and says nothing must not
    // hold it. Past the upgrade, the heartbeat takes over.
    auto& tcp = beast::get_lowest_layer(ws);
    tcp.expires_after(opts_->upgrade_timeout);
    beast::flat_buffer buf;
    auto [ec, n] = co_await ws.async_read(buf, use_tuple);
    if (ec || closed_ || !ws.got_text() || as_view(buf) != "2probe") {
        tcp.expires_never();
        co_return false;
    }
    ws.text(true);
    auto [wec, wn] = co_await ws.async_write(asio::buffer(std::string_view("3probe")), use_tuple);
    if (wec || closed_) {
        tcp.expires_never();
        co_return false;
    }
    upgrading_ = true;
    // Flush the pending GET so the client can pause polling and send the upgrade packet.
    if (queue_.empty())
        queue_.push_back({std::string(1, static_cast<char>(packet_type::noop)), false});
    poll_signal_.cancel();

    buf.clear();
    std::tie(ec, n) = co_await ws.async_read(buf, use_tuple);
    tcp.expires_never();
    upgrading_ = false;
    if (ec || closed_ || !ws.got_text() || as_view(buf) != "5")
        co_return false;
    websocket_ = true;
    poll_signal_.cancel(); // a GET still pending returns a noop
    co_return true;
}

task<void> session::run_websocket(ws_stream& ws, bool upgrade) {
    using namespace asio::experimental::awaitable_operators;
    auto self = shared_from_this();
    if (upgrade) {
        if (websocket_ || upgrading_ || closed_)
            co_return;
        if (!co_await upgrade_probe(ws)) {
            log().debug("engine.io {}: websocket upgrade abandoned", sid_);
            co_return; // the session goes on polling
        }
        log().debug("engine.io {}: upgraded to websocket", sid_);
    } else {
        websocket_ = true;
    }
    ws_ = &ws;
    co_await (ws_reader(ws) && ws_writer(ws));
    ws_ = nullptr;
}

task<void> session::ws_reader(ws_stream& ws) {
    beast::flat_buffer buf;
    while (!closed_) {
        buf.clear();
        auto [ec, n] = co_await ws.async_read(buf, use_tuple);
        if (closed_)
            break;
        if (ec) {
            if (ec == websocket::error::message_too_big) {
                log().warn("engine.io {}: closing: websocket message over maxPayload {}", sid_,
                           opts_->max_payload);
                close("payload too large", 1009);
            } else if (ec == websocket::error::closed || ec == asio::error::eof ||
                       ec == asio::error::connection_reset) {
                close("transport close");
            } else {
                close("transport error");
            }
            break;
        }
        if (ws.got_binary()) {
            handle_incoming(
                {engineio::packet_type::message, beast::buffers_to_string(buf.data()), true});
            continue;
        }
        auto p = engineio::decode_text(as_view(buf));
        if (!p) {
            log().warn("engine.io {}: closing: malformed websocket frame", sid_);
            close("parse error", 1002);
            break;
        }
        handle_incoming(std::move(*p));
    }
}

task<void> session::ws_writer(ws_stream& ws) {
    while (true) {
        while (queue_.empty() && !closed_) {
            ws_signal_.expires_at(std::chrono::steady_clock::time_point::max());
            co_await ws_signal_.async_wait(use_tuple);
        }
        if (queue_.empty())
            break;
        auto p = std::move(queue_.front());
        queue_.pop_front();
        queued_bytes_ -= p.wire.size();
        ws.binary(p.binary);
        auto [ec, n] = co_await ws.async_write(asio::buffer(p.wire), use_tuple);
        if (ec) {
            close("transport error");
            co_return;
        }
    }
    if (ws.is_open()) {
        beast::get_lowest_layer(ws).expires_after(close_handshake_timeout);
        co_await ws.async_close(websocket::close_reason(ws_close_code_), use_tuple);
    }
}

} // namespace chainlit::realtime::detail
