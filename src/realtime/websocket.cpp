// The websocket transport of a session: the upgrade from polling, then one reader and one
// writer coroutine on the session's strand (Beast allows one of each at a time).
#include "session.hpp"

#include "chainlit/core/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
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

task<void> session::run_websocket(std::unique_ptr<ws_stream> ws, bool upgrade) {
    auto self = shared_from_this();
    if (upgrade) {
        if (websocket_ || upgrading_ || closed_)
            co_return;
        if (!co_await upgrade_probe(*ws)) {
            log().debug("engine.io {}: websocket upgrade abandoned", sid_);
            co_return; // the session goes on polling
        }
        log().debug("engine.io {}: upgraded to websocket", sid_);
    } else {
        websocket_ = true;
    }
    ws_ = std::move(ws);
    write_next(); // what was queued before the transport was ready
    co_await ws_reader(*ws_);
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

void session::write_next() {
    if (!ws_ || writing_ || ws_closing_)
        return;
    auto& ws = *ws_;
    if (queue_.empty()) {
        if (!closed_ || !ws.is_open())
            return;
        ws_closing_ = true;
        writing_ = true;
        beast::get_lowest_layer(ws).expires_after(close_handshake_timeout);
        ws.async_close(websocket::close_reason(ws_close_code_),
                       [self = shared_from_this()](const boost::system::error_code&) {
                           self->writing_ = false;
                       });
        return;
    }
    writing_ = true;
    // The front stays in the queue (and its bytes alive) until the write completes; packets
    // sent meanwhile go behind it, which a deque allows without moving it.
    const auto& p = queue_.front();
    ws.binary(p.binary);
    ws.async_write(asio::buffer(p.wire),
                   [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                       self->writing_ = false;
                       self->queued_bytes_ -= self->queue_.front().wire.size();
                       self->queue_.pop_front();
                       if (ec) {
                           // The transport is broken: nothing more can be written, not even a close
                           // frame.
                           self->ws_closing_ = true;
                           self->queue_.clear();
                           self->queued_bytes_ = 0;
                           self->close("transport error");
                           return;
                       }
                       self->write_next();
                   });
}

} // namespace chainlit::realtime::detail
