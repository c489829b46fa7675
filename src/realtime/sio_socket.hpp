#pragma once
// Internal: the Socket.IO protocol on top of one Engine.IO session, and the socket the app
// holds. One socket per session: only the default namespace "/" exists.
#include "chainlit/realtime/socket.hpp"
#include "chainlit/realtime/socketio_packet.hpp"
#include "core.hpp"
#include "recovery.hpp"
#include "session.hpp"

#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace chainlit::realtime {

class sio_socket final : public socket,
                         public detail::session_listener,
                         public std::enable_shared_from_this<sio_socket> {
public:
    sio_socket(std::shared_ptr<io_server::core> core, std::shared_ptr<detail::session> s);

    const std::string& id() const noexcept override { return id_; }
    const http::request& handshake() const noexcept override { return session_->handshake(); }
    const json::value& auth() const noexcept override { return auth_; }
    bool connected() const noexcept override { return state_.load() == state::connected; }
    bool emit(std::string_view event, json::array args,
              std::vector<std::string> attachments = {}) override;
    bool emit_one(std::string_view event, const json::value& arg) override;
    bool emit_one_json(std::string_view event, std::string_view arg_json) override;
    task<result<payload>> emit_with_ack(std::string_view event, json::array args,
                                        std::chrono::milliseconds timeout,
                                        std::vector<std::string> attachments = {}) override;
    void disconnect() override;
    void set_owner(std::string owner) override { owner_ = std::move(owner); }
    /// The owner its recovery state was registered under (recovery_state::owner). Read by a
    /// claim on another strand; set before the state is registered, never changed after.
    const std::string& recovery_owner() const noexcept;
    void adopt_recovery(recovery_handoff h) override { handoff_ = std::move(h); }
    /// Closes the socket on its own strand because its client reconnected (its transport is
    /// dead; the close parks its recovery state). Any thread; completes once closed.
    task<void> close_for_reconnect();

    // session_listener (strand).
    void on_message(engineio::packet&& p) override;
    void on_close(const std::string& reason) override;
    void on_ping_sent() override;
    void on_pong() override;

    /// Sends an encoded packet and its attachments from any thread. `event`: an EVENT without
    /// an ack, which gets an offset when connection state recovery is on.
    void send_any_thread(std::string wire, std::vector<std::string> attachments,
                         bool event = false);

private:
    enum class state { waiting, connecting, connected, closed };
    struct ack_waiter {
        explicit ack_waiter(const detail::strand_type& s) : timer(s) {}
        boost::asio::steady_timer timer;
        std::optional<result<payload>> reply;
    };

    // Strand only.
    void on_packet(socketio::packet&& p, std::vector<std::string> attachments);
    void on_connect_packet(socketio::packet&& p);
    void on_event(socketio::packet&& p, std::vector<std::string> attachments);
    void on_ack(socketio::packet&& p, std::vector<std::string> attachments);
    void fail(const std::string& reason);
    void send_now(std::string wire, std::vector<std::string> attachments);
    task<void> run_connect();
    /// Connection state recovery at CONNECT: claims the state the client names (closing its
    /// old socket if the server has not noticed the drop yet), starts this socket's own, and
    /// returns the events to send again.
    task<std::vector<std::pair<std::uint64_t, std::string>>> recover();
    /// Gives an outgoing EVENT its offset (its last argument) and keeps it for a reconnect.
    void stamp(std::string& wire, bool binary);
    task<result<payload>> ack_call(json::array data, std::vector<std::string> attachments,
                                   std::chrono::milliseconds timeout);

    std::shared_ptr<io_server::core> core_;
    std::shared_ptr<detail::session> session_;
    std::string id_;
    json::value auth_;
    std::atomic<state> state_{state::waiting};

    std::uint64_t next_ack_id_ = 0;
    std::unordered_map<std::uint64_t, std::shared_ptr<ack_waiter>> acks_;
    // Late acks for these are ignored, not fatal. At most 64, oldest first: a vector, since an
    // empty std::deque already allocates 512 bytes, which every idle socket would pay.
    std::vector<std::uint64_t> expired_acks_;

    std::optional<socketio::packet> partial_; // a binary packet waiting for attachments
    std::vector<std::string> parts_;
    std::size_t part_bytes_ = 0;
    std::shared_ptr<detail::recovery_state> recovery_; // set at CONNECT when recovery is on
    std::string owner_;                       // set_owner(); moves into recovery_->owner at CONNECT
    std::optional<recovery_handoff> handoff_; // adopt_recovery(); used at CONNECT
};

/// The Engine.IO wire text of a Socket.IO packet on "/": "4" + its encoding.
std::string encode_message(socketio::packet_type type, json::value data, std::size_t attachments,
                           std::optional<std::uint64_t> id);
/// encode_message of an EVENT with the one argument `arg_json`, already serialized (one JSON
/// value): no argument array is built (emit_one and emit_one_json, the chat layer's hot path).
std::string encode_message_json(std::string_view event, std::string_view arg_json);
/// `[event, args...]`, the data of an EVENT.
json::array event_data(std::string_view event, json::array&& args);

} // namespace chainlit::realtime
