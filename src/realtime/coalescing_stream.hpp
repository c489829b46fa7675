#pragma once
// Internal: a write-behind layer between Beast's websocket stream and the TCP stream.
//
// A chat message makes the server emit several events in one go (task_start, the run step,
// the reply, task_end). Written one websocket message per async_write, each costs a system call
// and a Beast write operation, which was most of the chat server's CPU per message
// (bench/realtime/PROFILE.md). This layer takes bytes at once into a buffer and lets one flush
// at a time hand everything buffered to the socket in a single write, so the events of one
// strand turn leave in one system call.
//
// Everything written to the websocket goes through here: Beast's own frames (the handshake
// response, pong and close frames) through async_write_some, which completes as soon as the
// bytes are buffered; the session's data frames through append_frame. Frames are appended
// whole, so they never interleave. Reads go straight to the TCP stream. Strand only.
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace chainlit::realtime::detail {

class coalescing_stream {
public:
    using next_layer_type = boost::beast::tcp_stream;
    using executor_type = next_layer_type::executor_type;

    explicit coalescing_stream(next_layer_type&& next) : next_(std::move(next)) {}

    executor_type get_executor() noexcept { return next_.get_executor(); }
    next_layer_type& next_layer() noexcept { return next_; }
    const next_layer_type& next_layer() const noexcept { return next_; }

    /// Flushes are started only while `owner` is alive, and each holds it: the stream lives
    /// inside that owner, so a flush in flight keeps the stream (and its buffers) alive.
    void set_owner(std::weak_ptr<void> owner) { owner_ = std::move(owner); }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token) {
        return next_.async_read_some(buffers, std::forward<Token>(token));
    }

    template <class ConstBuffers, class Token>
    auto async_write_some(const ConstBuffers& buffers, Token&& token) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, const ConstBuffers& b) {
                std::size_t n = 0;
                if (!error_) {
                    n = boost::asio::buffer_size(b);
                    const auto old = pending_.size();
                    pending_.resize(old + n);
                    boost::asio::buffer_copy(boost::asio::buffer(pending_.data() + old, n), b);
                    schedule_flush();
                }
                // Completions never run inside the initiating call (Asio's rule).
                auto ex = boost::asio::get_associated_executor(handler, get_executor());
                boost::asio::post(ex,
                                  boost::beast::bind_front_handler(std::move(handler), error_, n));
            },
            token, buffers);
    }

    /// Appends one unmasked, uncompressed server frame (RFC 6455 5.2) holding `payload`.
    void append_frame(std::string_view payload, bool binary);
    /// Bytes accepted and not yet handed to the socket.
    std::size_t buffered() const noexcept { return pending_.size() + inflight_.size(); }
    /// A flush failed: nothing more can be written.
    bool failed() const noexcept { return static_cast<bool>(error_); }
    /// Called by the teardown: writes what is buffered now, without waiting, if no flush is in
    /// flight (the close frame Beast just appended must leave before the socket shuts down).
    void flush_now_best_effort();

private:
    void schedule_flush();
    void flush();

    next_layer_type next_;
    std::weak_ptr<void> owner_;
    std::string pending_;  // accepted, waiting for the next flush
    std::string inflight_; // handed to the socket, write in progress
    bool flushing_ = false;
    bool flush_scheduled_ = false;
    boost::system::error_code error_;
};

// Beast's websocket close handshake ends with a teardown of the next layer, found by ADL.
template <class Handler>
void async_teardown(boost::beast::role_type role, coalescing_stream& s, Handler&& handler) {
    s.flush_now_best_effort();
    using boost::beast::async_teardown;
    async_teardown(role, s.next_layer(), std::forward<Handler>(handler));
}

void teardown(boost::beast::role_type role, coalescing_stream& s, boost::system::error_code& ec);

} // namespace chainlit::realtime::detail
