#pragma once
// Internal: serving an Engine.IO request through the node that owns its session (scale-out,
// docs/SCALING.md). Node-to-node plain HTTP on the owner's own listening address: the owner
// handles the forwarded request exactly as one from the load balancer, so no second protocol
// exists. A forwarded request carries `forwarded_header`, and a node never forwards such a
// request again (no loops when two nodes disagree about an owner).
#include "chainlit/core/task.hpp"
#include "chainlit/http/request.hpp"
#include "chainlit/http/response.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace chainlit::http {
struct upgrade_context;
}

namespace chainlit::realtime::detail {

inline constexpr std::string_view forwarded_header = "x-chainlit-forwarded";

/// Whether `req` was forwarded to us by another node.
bool is_forwarded(const http::request& req);

/// Sends `req` (a polling GET or POST, or a chat route that names a session of that node) to
/// the node at `address` (`host:port`) and returns its response. `timeout` bounds the whole
/// exchange (a long-poll GET waits up to the ping interval). nullopt when the owner cannot be
/// reached or gives no answer: the caller answers Engine.IO's "Session ID unknown", so the client
/// starts a new session.
task<std::optional<http::response>> forward_request(const http::request& req,
                                                    const std::string& address,
                                                    std::chrono::milliseconds timeout);

/// Hands a websocket upgrade to the node at `address`: writes the upgrade request there, then
/// copies bytes both ways until either side closes. Returns when the tunnel ends. An
/// unreachable owner: false, with nothing written, and the caller answers "Session ID
/// unknown".
task<bool> forward_upgrade(http::upgrade_context& ctx, const std::string& address);

} // namespace chainlit::realtime::detail
