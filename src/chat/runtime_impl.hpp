#pragma once
// Internal: the runtime's session tables.
#include "chainlit/chat/runtime.hpp"
#include "chainlit/realtime/io_server.hpp"
#include "cluster_relay.hpp"
#include "ws_session.hpp"

#include <map>
#include <mutex>

namespace chainlit {

struct chat_runtime::impl {
    boost::asio::any_io_executor exec;
    mutable std::mutex mu;
    /// Live sessions by the client's sessionId (connected or waiting for a reconnect).
    std::map<std::string, std::shared_ptr<ws_session_impl>, std::less<>> sessions;
    /// The session of each connected socket, by socket id.
    std::map<std::string, std::weak_ptr<ws_session_impl>, std::less<>> by_socket;
    /// Set in a cluster: the session directory and the bus to the other nodes.
    std::shared_ptr<cluster_relay> relay;
    /// The io_server's hand-over of connection states, for a chat moving to another node
    /// (set by attach).
    realtime::io_server::handover_fn handover;

    std::shared_ptr<ws_session_impl> by_socket_id(const std::string& sid) const {
        std::lock_guard lk(mu);
        auto it = by_socket.find(sid);
        return it == by_socket.end() ? nullptr : it->second.lock();
    }
};

/// Whom a socket's connection state belongs to (realtime::socket::set_owner): a recovery claim
/// must come from the same chat session, user and client type. Newlines cannot occur in a
/// session id or client type we accept, so the parts cannot run into each other.
inline std::string recovery_owner(const std::string& session_id, const std::optional<user>& u,
                                  const std::string& client_type) {
    return session_id + '\n' + client_type + '\n' + (u ? "user:" + u->identifier : "anonymous");
}

} // namespace chainlit
