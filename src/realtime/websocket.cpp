// The websocket transport of a session: the upgrade from polling, then one reader and one
// writer coroutine on the session's strand (Beast allows one of each at a time).
#include "session.hpp"

#include "chainlit/core/log.hpp"

#include <array>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>

namespace chainlit::realtime::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

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

task<void> session::run_websocket(std::shared_ptr<ws_stream> ws, bool upgrade) {
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
    // Reads into a small array in this frame rather than a dynamic buffer: an idle session's
    // pending read then holds no heap buffer (Beast prepares 1.5 KB for a dynamic one). Most
    // client messages (pongs, chat events) fit; longer ones are assembled in `whole`.
    std::array<char, 512> chunk;
    std::string whole;
    while (!closed_) {
        auto [ec, n] = co_await ws.async_read_some(asio::buffer(chunk), use_tuple);
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
        if (!ws.is_message_done()) {
            whole.append(chunk.data(), n);
            continue;
        }
        std::string_view data(chunk.data(), n);
        if (!whole.empty()) {
            whole.append(chunk.data(), n);
            data = whole;
        }
        if (ws.got_binary()) {
            handle_incoming({engineio::packet_type::message, std::string(data), true});
        } else if (auto p = engineio::decode_text(data)) {
            handle_incoming(std::move(*p));
        } else {
            log().warn("engine.io {}: closing: malformed websocket frame", sid_);
            close("parse error", 1002);
            break;
        }
        std::string().swap(whole); // an idle session keeps no message buffer
    }
}

void session::write_next() {
    if (!ws_ || ws_closing_)
        return;
    auto& ws = *ws_;
    if (!ws.is_open())
        return; // Beast is closing it (the client's close frame) or it failed
    auto& out = ws.next_layer();
    for (const auto& p : queue_)
        out.append_frame(p.wire, p.binary);
    queue_.clear();
    queued_bytes_ = 0;
    if (!closed_)
        return;
    ws_closing_ = true;
    // Bounded by the websocket's handshake timeout (run_ws sets it), which Beast also applies
    // to the close handshake. Not by the TCP stream's: a flush and the reader may both be
    // pending on it, and Beast forbids re-arming its timer then.
    ws.async_close(websocket::close_reason(ws_close_code_),
                   [self = shared_from_this()](const boost::system::error_code&) {});
}

} // namespace chainlit::realtime::detail
