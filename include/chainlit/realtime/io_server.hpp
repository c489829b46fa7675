#pragma once
// The Socket.IO v5 / Engine.IO v4 server: mounts itself on the http layer and knows nothing
// about what events mean. The chat layer sits on top of it.
#include "chainlit/core/json.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/http/request.hpp"
#include "chainlit/realtime/sid_directory.hpp"
#include "chainlit/realtime/socket.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace chainlit::http {
class router;
class server;
} // namespace chainlit::http

namespace chainlit::realtime {

/// Settings. The defaults are python-engineio's, which Chainlit clients expect (spec A.1).
struct io_options {
    std::string path = "/ws/socket.io";              ///< served with and without the trailing slash
    std::chrono::milliseconds ping_interval{25'000}; ///< spec A.1; sent in the open packet
    std::chrono::milliseconds ping_timeout{20'000};  ///< pong deadline after each ping
    std::size_t max_payload = 1'000'000; ///< bytes per websocket message or polling POST
    /// Outgoing bytes queued per session before the client counts as not reading and is
    /// closed: several max-size messages, and still only a bound, never unlimited growth.
    std::size_t max_buffered_bytes = 8 * 1024 * 1024;
    /// An Engine.IO session that sends no accepted CONNECT in this time is closed (socket.io's
    /// connectTimeout): a client that only opens sessions cannot hold memory.
    std::chrono::milliseconds connect_timeout{45'000};
    std::chrono::milliseconds upgrade_timeout{10'000}; ///< websocket probe to upgrade packet
    std::size_t max_attachments = 16;                  ///< binary parts per packet; audio uses one
    /// Connection state recovery (socket.io's `connectionStateRecovery`): how long the state of
    /// a socket whose transport dropped is kept for the client to come back for what it missed.
    /// Zero turns recovery off. On, each event sent without an ack carries an offset as its
    /// last argument and the CONNECT answer a `pid`; socket.io-client 4.6+ sends both back
    /// when it reconnects, and gets again the events sent after its offset, those lost in
    /// flight included (binary events excepted: a recovery past one reports a gap).
    std::chrono::milliseconds recovery_window{0};
    /// Bytes of sent events each socket keeps until a pong proves the client has them; past
    /// it the oldest go, and a reconnect from before them is not a full recovery.
    std::size_t recovery_max_bytes = 1024 * 1024;
    /// Sockets kept for recovery at once, and their bytes in all; past either the oldest go.
    std::size_t recovery_max_parked = 10'000;
    std::size_t recovery_max_parked_bytes = 256 * 1024 * 1024;
    /// Scale-out: where other nodes' sessions live. A polling request or websocket upgrade for
    /// a sid this node does not own is then served through its owner, so a load balancer needs
    /// no sticky sessions. Null (the default) for one process.
    std::shared_ptr<sid_directory> directory;
};

/// Decides on a CONNECT. Returns nullopt to accept, or the refusal message the client gets as
/// `connect_error` (`44{"message":...}`). Runs on the socket's strand; events cannot arrive
/// before it returns. `auth` and `handshake` stay valid for the socket's lifetime. An
/// exception refuses with "internal error" and is logged.
using connect_handler = std::function<task<std::optional<std::string>>(
    socket_ptr s, const json::value& auth, const http::request& handshake)>;

/// Handles one event; `p.args` are the arguments after the event name. Started on the socket's
/// strand in arrival order: the next event of that socket starts when this one first suspends
/// (so a long handler does not block a later `stop` event). An exception is logged; the socket
/// stays connected.
using event_handler = std::function<task<void>(socket_ptr s, payload p, ack_fn ack)>;

/// Called once when a connected socket closes, on its strand. Reasons: "client namespace
/// disconnect", "server namespace disconnect", "transport close", "transport error",
/// "ping timeout", "server shutting down", or a bad-input description ("parse error", "unknown
/// event", "unknown ack id", "payload too large", "binary attachments missing", "client not
/// reading"...).
using disconnect_handler = std::function<task<void>(socket_ptr s, std::string reason)>;

/// Mounts Engine.IO at `<root>/<path>` and `<root>/<path>/`: polling GET/POST routes on the
/// router and a websocket upgrade handler on the server, plus a stop hook that closes every
/// session (websockets with code 1012) when the server stops.
///
/// Construct it and register handlers before http::server::start(); registration is not
/// thread-safe afterwards. The io_server must outlive the server's threads (destroy it after
/// http::server::wait()); internal state is shared with live sessions, so late packets never
/// touch freed memory.
class io_server {
public:
    io_server(http::router& routes, http::server& server, io_options opts = {});
    ~io_server();
    io_server(const io_server&) = delete;
    io_server& operator=(const io_server&) = delete;

    /// Without a connect handler every CONNECT is accepted.
    void on_connect(connect_handler h);
    /// Registers the handler for `event`, replacing an earlier one. A client event with no
    /// handler is bad input: that socket is disconnected with reason "unknown event".
    void on(std::string event, event_handler h);
    void on_disconnect(disconnect_handler h);

    /// The connected socket with this id, or nullptr. Thread-safe.
    socket_ptr find(std::string_view socket_id) const;
    /// Emits to every connected socket; returns how many were sent to. Thread-safe.
    std::size_t broadcast(std::string_view event, json::array args);
    /// Connected sockets now. Thread-safe.
    std::size_t connected_count() const;
    /// Open Engine.IO sessions now (connected or not). Thread-safe.
    std::size_t session_count() const;

    /// Scale-out: takes the recovery state under `pid` out of this server, for a client that
    /// reconnected to another node, if it belongs to `owner` (socket::set_owner). A socket
    /// still connected under that pid is closed first (its transport is dead: the client is
    /// elsewhere). Returns the events after offset `after`; nullopt when no state is kept under
    /// `pid` for that owner. The function holds the server's state, not the io_server: callable
    /// from any thread, also after the io_server is gone (then it finds nothing).
    using handover_fn = std::function<task<std::optional<recovery_handoff>>(
        std::string pid, std::string owner, std::uint64_t after)>;
    handover_fn handover() const;

    struct core;

private:
    std::shared_ptr<core> core_;
};

} // namespace chainlit::realtime
