#pragma once
// One connected Socket.IO client, as the app sees it. Transport-agnostic: the same object
// serves a polling client, a websocket client, and one that upgraded in between.
#include "chainlit/core/error.hpp"
#include "chainlit/core/json.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/http/request.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainlit::realtime {

/// The arguments of an event or an ack. Binary parts travel out of band: wherever one belongs,
/// `args` holds a placeholder `{"_placeholder":true,"num":N}` (make one with
/// socketio::placeholder(N)) and the bytes are `attachments[N]`. This is the wire's own shape,
/// so nothing is copied to rebuild or strip the binary parts.
struct payload {
    json::array args;
    std::vector<std::string> attachments;

    /// The bytes that placeholder `v` stands for; nullptr if `v` is not a placeholder or
    /// points past `attachments`.
    const std::string* binary(const json::value& v) const noexcept;
};

/// Answers a client's event (an ACK, or a BINARY_ACK when the reply has attachments). Empty
/// (`!ack`) when the client asked for no answer. Callable from any thread; only the first call
/// sends, later ones are ignored; a call after the socket closed does nothing.
using ack_fn = std::function<void(payload reply)>;

/// A connection's recovery state moving from one node to another (scale-out): a client whose
/// transport dropped reconnected to a node other than the one it was on. io_server's handover
/// takes it out of the old node; socket::adopt_recovery gives it to the new socket there.
struct recovery_handoff {
    std::string pid;               ///< the client's recovery id
    std::uint64_t last_offset = 0; ///< the offset given to the newest event
    /// Every event after the client's offset is in `events`; false when some are no longer
    /// kept (bounds, binary events): the client then gets a new pid, not `recovered`.
    bool complete = true;
    /// The events sent after the client's offset, oldest first: offset and Socket.IO packet
    /// as it went out (offset included), to be sent again as they are.
    std::vector<std::pair<std::uint64_t, std::string>> events;
};

/// A Socket.IO socket on the default namespace. Owned through socket_ptr; the object stays
/// valid (as a closed socket) for as long as someone holds it.
///
/// Threading: every member is safe from any thread. Work for one socket runs on its strand, so
/// packets go out in the order emit() was called from any one thread.
class socket {
public:
    virtual ~socket() = default;

    /// The Socket.IO id sent in `40{"sid":...}`. A reconnect gets a new socket and a new id.
    virtual const std::string& id() const noexcept = 0;
    /// The HTTP request that opened the Engine.IO session (cookies, headers, query, client
    /// address): the polling handshake GET, or the websocket upgrade request, without its body
    /// and the websocket handshake's own headers (Upgrade, Connection, Sec-WebSocket-*).
    virtual const http::request& handshake() const noexcept = 0;
    /// The CONNECT packet's auth object; an empty object when the client sent none. Set before
    /// the connect handler runs, never changed afterwards.
    virtual const json::value& auth() const noexcept = 0;
    /// True from an accepted CONNECT until the socket closes (either side, or the transport).
    virtual bool connected() const noexcept = 0;

    /// Sends event `event` with `args`; with attachments it is a BINARY_EVENT whose args hold
    /// their placeholders. Returns false (and sends nothing) once the socket is closed. Never
    /// blocks: packets queue on the session, and a client that lets more than
    /// io_options::max_buffered_bytes pile up is disconnected.
    virtual bool emit(std::string_view event, json::array args,
                      std::vector<std::string> attachments = {}) = 0;
    /// emit() with exactly one argument and no attachments, serialized from `arg` where it is:
    /// no argument array is built (the chat layer's hot path).
    virtual bool emit_one(std::string_view event, const json::value& arg) = 0;
    /// emit_one() of an argument the caller already serialized: `arg_json` must be exactly one
    /// JSON value (it is framed as it is).
    virtual bool emit_one_json(std::string_view event, std::string_view arg_json) = 0;

    /// Sends an event that asks for an ack and waits for it. Returns the ack's arguments, or
    /// errc::timeout after `timeout`, or errc::unavailable if the socket is or becomes closed.
    /// A late ack (after the timeout) is ignored. Cancelling the awaiting coroutine counts as a
    /// timeout.
    virtual task<result<payload>> emit_with_ack(std::string_view event, json::array args,
                                                std::chrono::milliseconds timeout,
                                                std::vector<std::string> attachments = {}) = 0;

    /// Server-side disconnect: sends DISCONNECT (the client then does not reconnect by itself)
    /// and closes the Engine.IO session. The disconnect handler runs with reason
    /// "server namespace disconnect". Idempotent.
    virtual void disconnect() = 0;

    /// Who this connection belongs to, for connection state recovery: a later CONNECT that
    /// names this socket's `pid` gets its missed events, and replaces it, only if its connect
    /// handler set the same owner on its own socket; any other claim gets a fresh state and
    /// leaves this socket alone. The pid is a secret, but a leaked one must not hand over a
    /// chat (Chainlit's session-hijack class). Call it from the connect handler, before it
    /// accepts; "" (the default) when the handler sets none.
    virtual void set_owner(std::string owner) = 0;

    /// Scale-out: the state of the connection this client had on another node, for it to
    /// recover here. Used when the client's CONNECT names `h.pid` and this node keeps no state
    /// under it. Call it from the connect handler, before it accepts.
    virtual void adopt_recovery(recovery_handoff h) = 0;
};

using socket_ptr = std::shared_ptr<socket>;

} // namespace chainlit::realtime
