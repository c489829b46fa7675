#pragma once
// Internal: the runtime's session tables.
#include "chainlit/chat/runtime.hpp"
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

    std::shared_ptr<ws_session_impl> by_socket_id(const std::string& sid) const {
        std::lock_guard lk(mu);
        auto it = by_socket.find(sid);
        return it == by_socket.end() ? nullptr : it->second.lock();
    }
};

} // namespace chainlit
