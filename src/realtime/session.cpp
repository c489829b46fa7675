#include "session.hpp"

#include "chainlit/core/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <optional>

namespace chainlit::realtime::detail {
namespace asio = boost::asio;
namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// How long a closed polling session waits for the client's next GET to carry the close packet
// (and any DISCONNECT before it). Clients re-poll at once, so this is generous.
constexpr std::chrono::seconds close_grace{5};

http::response error_response(int code, std::string_view message, int status = 400) {
    return http::response::json(json::object{{"code", code}, {"message", message}}, status);
}

http::response text_response(std::string body) {
    auto res = http::response::text(std::move(body));
    res.set_header("Content-Type", "text/plain; charset=UTF-8");
    return res;
}

} // namespace

session::session(strand_type strand, std::string sid, std::shared_ptr<const io_options> opts,
                 std::shared_ptr<const http::request> handshake,
                 std::function<void(const std::string&)> on_gone)
    : strand_(std::move(strand)), sid_(std::move(sid)), opts_(std::move(opts)),
      handshake_(std::move(handshake)), on_gone_(std::move(on_gone)), hb_timer_(strand_),
      poll_signal_(strand_) {}

std::string session::open_payload(bool polling) const {
    json::object o;
    o["sid"] = sid_;
    o["upgrades"] = polling ? json::array{"websocket"} : json::array{};
    o["pingInterval"] = opts_->ping_interval.count();
    o["pingTimeout"] = opts_->ping_timeout.count();
    o["maxPayload"] = opts_->max_payload;
    return json::serialize(o);
}

void session::start() {
    arm_heartbeat(opts_->ping_interval, false);
}

bool session::send(std::string wire, bool binary) {
    if (closed_)
        return false;
    // What waits for the client: the queue (polling) plus the websocket's write-behind buffer.
    const std::size_t waiting = queued_bytes_ + (ws_ ? ws_->next_layer().buffered() : 0);
    if (waiting + wire.size() > opts_->max_buffered_bytes) {
        log().warn("engine.io {}: closing: client not reading ({} bytes queued, bound {})", sid_,
                   waiting, opts_->max_buffered_bytes);
        close("client not reading", 1008, true);
        return false;
    }
    queued_bytes_ += wire.size();
    queue_.push_back({std::move(wire), binary});
    if (ws_)
        write_next();
    else
        poll_signal_.cancel();
    return true;
}

void session::close(const std::string& reason, unsigned short ws_code, bool hard) {
    if (closed_)
        return;
    log().debug("engine.io {}: closed: {}", sid_, reason);
    ws_close_code_ = ws_code;
    if (!websocket_) {
        // Polling: the close packet goes out with the next GET, after anything still queued
        // (a DISCONNECT, say), so the client learns why instead of seeing a 400.
        queue_.push_back({std::string(1, static_cast<char>(engineio::packet_type::close)), false});
    }
    closed_ = true;
    hb_timer_.cancel();
    poll_signal_.cancel();
    if (hard && ws_) {
        boost::system::error_code ignored;
        boost::beast::get_lowest_layer(*ws_).socket().close(ignored);
    }
    if (auto l = std::move(listener_))
        l->on_close(reason);
    if (ws_)
        write_next(); // flushes what is queued, then the close handshake
    if (websocket_ || hard)
        finish();
    else
        arm_close_grace();
}

void session::close_by_peer(const std::string& reason) {
    close(reason);
    // The client said goodbye and will not poll again: there is nobody to hand our close packet
    // to, so the session leaves now instead of after the polling close grace.
    finish();
}

void session::finish() {
    if (gone_)
        return;
    gone_ = true;
    if (on_gone_)
        on_gone_(sid_);
}

void session::arm_close_grace() {
    hb_timer_.expires_after(close_grace);
    hb_timer_.async_wait(
        [self = shared_from_this()](const boost::system::error_code&) { self->finish(); });
}

void session::arm_heartbeat(std::chrono::milliseconds after, bool awaiting_pong) {
    hb_timer_.expires_after(after);
    hb_timer_.async_wait(
        [self = shared_from_this(), awaiting_pong](const boost::system::error_code& ec) {
            // Cancelled: a pong re-armed the timer, or the session closed.
            if (!ec && !self->closed_)
                self->on_heartbeat(awaiting_pong);
        });
}

void session::on_heartbeat(bool awaiting_pong) {
    if (awaiting_pong) {
        if (pong_pending_) {
            log().info("engine.io {}: no pong within {} ms", sid_, opts_->ping_timeout.count());
            close("ping timeout", 1000, true);
        }
        return;
    }
    if (!established_ && std::chrono::steady_clock::now() - created_ >= opts_->connect_timeout) {
        close("connect timeout");
        return;
    }
    pong_pending_ = true;
    send(std::string(1, static_cast<char>(engineio::packet_type::ping)));
    if (listener_)
        listener_->on_ping_sent();
    if (!closed_)
        arm_heartbeat(opts_->ping_timeout, true);
}

void session::handle_incoming(engineio::packet&& p) {
    using engineio::packet_type;
    switch (p.type) {
    case packet_type::message:
        if (listener_)
            listener_->on_message(std::move(p));
        break;
    case packet_type::pong:
        // The next ping is due ping_interval after this pong, as in engine.io, not after the
        // rest of ping_timeout. Re-arming cancels the pong deadline.
        if (pong_pending_ && !closed_) {
            pong_pending_ = false;
            arm_heartbeat(opts_->ping_interval, false);
            if (listener_)
                listener_->on_pong();
        }
        break;
    case packet_type::close:
        close_by_peer("transport close");
        break;
    case packet_type::noop:
        break;
    case packet_type::ping: // v4 clients only ping as an upgrade probe; answer anyway
        send(std::string(1, static_cast<char>(packet_type::pong)) + p.data);
        break;
    case packet_type::open:
    case packet_type::upgrade:
        log().warn("engine.io {}: closing: unexpected packet type {}", sid_,
                   static_cast<char>(p.type));
        close("parse error", 1002);
        break;
    }
}

task<http::response> session::poll() {
    auto self = shared_from_this();
    if (websocket_ && !closed_)
        co_return error_response(3, "Bad request");
    if (poll_pending_) {
        // Engine.IO allows one pending GET; a second one means a broken or hostile client.
        log().warn("engine.io {}: closing: overlapping GET requests", sid_);
        poll_signal_.cancel();
        close("transport error");
        co_return error_response(3, "Bad request");
    }
    poll_pending_ = true;
    while (queue_.empty() && !closed_ && !websocket_) {
        // The heartbeat puts a ping here every ping_interval; the deadline is only a backstop.
        poll_signal_.expires_after(opts_->ping_interval + opts_->ping_timeout);
        auto [ec] = co_await poll_signal_.async_wait(use_tuple);
        if (!ec)
            break;
    }
    poll_pending_ = false;
    std::string body;
    // socket.io-client handles a DISCONNECT a tick after the payload that carries it, so a close
    // packet in the same payload would win and turn "io server disconnect" into "transport
    // close". The close packet therefore waits for the next GET, which the client sends at once.
    const bool hold_close = closed_ && queue_.size() > 1;
    std::optional<out_packet> held;
    if (hold_close) {
        held = std::move(queue_.back());
        queue_.pop_back();
    }
    if (!websocket_) {
        for (auto& p : queue_) {
            if (!body.empty())
                body += engineio::record_separator;
            if (p.binary) {
                body += 'b';
                body += engineio::base64_encode(p.wire);
            } else {
                body += p.wire;
            }
        }
        queue_.clear();
        queued_bytes_ = 0;
    }
    if (body.empty())
        body = std::string(1, static_cast<char>(engineio::packet_type::noop));
    if (held)
        queue_.push_back(std::move(*held));
    else if (closed_)
        finish();
    co_return text_response(std::move(body));
}

task<http::response> session::post(std::string body) {
    auto self = shared_from_this();
    if (closed_ || websocket_)
        co_return error_response(3, "Bad request");
    if (body.size() > opts_->max_payload) {
        log().warn("engine.io {}: closing: POST of {} bytes over maxPayload {}", sid_, body.size(),
                   opts_->max_payload);
        close("payload too large");
        co_return error_response(4, "Payload too large", 413);
    }
    auto packets = engineio::decode_payload(body);
    if (!packets) {
        log().warn("engine.io {}: closing: malformed polling payload ({})", sid_,
                   packets.error().message());
        close("parse error");
        co_return error_response(3, "Bad request");
    }
    for (auto& p : *packets) {
        if (closed_)
            break;
        handle_incoming(std::move(p));
    }
    co_return text_response("ok");
}

} // namespace chainlit::realtime::detail
