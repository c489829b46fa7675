#pragma once
// Internal: one Engine.IO session. Owns the outgoing queue, the heartbeat and both transports
// (polling requests and one websocket). Everything here runs on the session's strand unless a
// comment says otherwise.
#include "chainlit/core/strand.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/http/request.hpp"
#include "chainlit/http/response.hpp"
#include "chainlit/realtime/engineio_packet.hpp"
#include "chainlit/realtime/io_server.hpp"
#include "coalescing_stream.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace chainlit::realtime::detail {

using strand_type = io_strand;
/// Shared: a flush in flight keeps its stream alive (coalescing_stream.hpp).
using ws_stream = boost::beast::websocket::stream<coalescing_stream>;

/// What the Socket.IO layer hears from a session. Called on the session's strand.
class session_listener {
public:
    virtual ~session_listener() = default;
    /// A message packet (text or binary), in arrival order.
    virtual void on_message(engineio::packet&& p) = 0;
    /// The session closed; called once, after which the session drops its listener.
    virtual void on_close(const std::string& reason) = 0;
    /// A ping was queued, after everything sent so far; `on_pong` follows when the client
    /// answers it, proving it has all of that (connection state recovery frees it then).
    virtual void on_ping_sent() {}
    virtual void on_pong() {}
};

class session : public std::enable_shared_from_this<session> {
public:
    /// `on_gone(sid)` runs once, on the strand, when the session may be forgotten.
    session(strand_type strand, std::string sid, std::shared_ptr<const io_options> opts,
            std::shared_ptr<const http::request> handshake,
            std::function<void(const std::string&)> on_gone);

    // Any thread.
    const std::string& sid() const noexcept { return sid_; }
    const strand_type& strand() const noexcept { return strand_; }
    const http::request& handshake() const noexcept { return *handshake_; }
    /// The open packet's JSON; `upgrades` lists websocket only for polling sessions.
    std::string open_payload(bool polling) const;

    // Strand only.
    void set_listener(std::shared_ptr<session_listener> l) { listener_ = std::move(l); }
    /// Starts the heartbeat. Call once, after the open packet is on its way.
    void start();
    /// Marks the Socket.IO CONNECT as accepted: the connect timeout no longer applies.
    void mark_established() noexcept { established_ = true; }
    /// Queues a text packet (`wire` = type digit + data) or binary message bytes. Returns false
    /// if closed; closes the session ("client not reading") if the queue would pass its bound.
    bool send(std::string wire, bool binary = false);
    /// Closes the session; idempotent. `hard` drops the TCP connection at once (a client that
    /// does not read or answer would otherwise hold a stalled write).
    void close(const std::string& reason, unsigned short ws_code = 1000, bool hard = false);
    /// Closes a session the client itself ended (close packet, namespace DISCONNECT).
    void close_by_peer(const std::string& reason);
    bool closed() const noexcept { return closed_; }

    /// A polling GET: waits for packets (or a noop at upgrade, or the close packet).
    task<http::response> poll();
    /// A polling POST body.
    task<http::response> post(std::string body);
    /// Runs an accepted websocket until it ends. `upgrade` is true when it joins an existing
    /// polling session (probe, then upgrade packet); false for a websocket-only session. The
    /// session keeps the stream once it is its transport (writes may outlive the reader).
    task<void> run_websocket(std::shared_ptr<ws_stream> ws, bool upgrade);

private:
    struct out_packet {
        std::string wire;
        bool binary;
    };

    void handle_incoming(engineio::packet&& p);
    void finish(); // leaves the registry
    // The heartbeat and the websocket writer are plain completion handlers, not coroutines: an
    // idle session then holds one pending timer wait and one pending read, and no coroutine
    // frames, parallel groups or wake-up timers (bench/realtime/PROFILE.md). They need no
    // executor binding: the timer and the socket were made on the strand, which runs them.
    void arm_heartbeat(std::chrono::milliseconds after, bool awaiting_pong);
    void on_heartbeat(bool awaiting_pong);
    void arm_close_grace();
    /// Moves the queue into the websocket's write-behind buffer as frames; once a closed
    /// session's queue is out, starts the close handshake.
    void write_next();
    task<bool> upgrade_probe(ws_stream& ws);
    task<void> ws_reader(ws_stream& ws);

    strand_type strand_;
    std::string sid_;
    std::shared_ptr<const io_options> opts_;
    std::shared_ptr<const http::request> handshake_;
    std::function<void(const std::string&)> on_gone_;
    std::shared_ptr<session_listener> listener_;

    std::vector<out_packet> queue_; // not a deque: an empty one allocates ~600 bytes
    std::size_t queued_bytes_ = 0;
    boost::asio::steady_timer hb_timer_;    // heartbeat, connect timeout, close grace
    boost::asio::steady_timer poll_signal_; // wakes the pending GET
    std::chrono::steady_clock::time_point created_ = std::chrono::steady_clock::now();
    std::shared_ptr<ws_stream> ws_; // the websocket transport, once it is one

    unsigned short ws_close_code_ = 1000;
    bool websocket_ = false; // transport: websocket once upgraded (or from the start)
    bool upgrading_ = false; // between probe and upgrade packet
    bool poll_pending_ = false;
    bool pong_pending_ = false;
    bool ws_closing_ = false; // the websocket close handshake has started
    bool established_ = false;
    bool closed_ = false;
    bool gone_ = false;
};

} // namespace chainlit::realtime::detail
