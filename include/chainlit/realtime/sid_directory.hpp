#pragma once
// Scale-out seam of the realtime layer: which node owns an Engine.IO session. With several
// nodes behind a load balancer without sticky sessions, the polling requests and the websocket
// upgrade of one sid land on any node; a node that does not own the sid asks this directory
// and serves the request through its owner (src/realtime/forward.cpp). The cluster layer
// implements it over Redis; without one, nothing is looked up.
#include "chainlit/core/task.hpp"

#include <optional>
#include <string>

namespace chainlit::realtime {

class sid_directory {
public:
    virtual ~sid_directory() = default;
    /// Records that this node owns `sid`. Awaited before the handshake answer is sent, so the
    /// client's next request finds it from any node. Never throws: when the directory is
    /// unreachable the session works as long as its requests reach this node.
    virtual task<void> claim(std::string sid) = 0;
    /// Forgets `sid` (its session ended). Does not wait; failures are only logged.
    virtual void release(std::string sid) = 0;
    /// The address (`host:port`) of the node that owns `sid`, or nullopt when none does (or
    /// the directory is unreachable). This node's own address never comes back: a sid this
    /// node owned and lost is unknown, not remote.
    virtual task<std::optional<std::string>> owner(std::string sid) = 0;
};

} // namespace chainlit::realtime
