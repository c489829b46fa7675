#pragma once
// How JSON-RPC messages reach an MCP server: a child's stdin/stdout, or HTTP POSTs.
#include "chainlit/core/json.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/llm/mcp.hpp"
#include "http_client.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace chainlit::llm::mcp {

class transport {
public:
    virtual ~transport() = default;
    /// Sends a request (it has an "id") and returns the server's response to it (an object
    /// with "result" or "error"). Throws mcp_error on timeout or when the server is gone;
    /// a cancelled await throws task_cancelled (the server is told: notifications/cancelled).
    virtual task<json::object> request(json::object message, std::chrono::milliseconds timeout) = 0;
    virtual task<void> notify(json::object message) = 0;
    virtual task<void> close() = 0;
    virtual bool closed() const noexcept = 0;
};

/// Starts `argv` (already checked by the policy) with pipes for stdin, stdout and stderr.
/// Throws mcp_error when it cannot be started.
std::unique_ptr<transport> start_stdio(boost::asio::any_io_executor exec, std::string server,
                                       std::vector<std::string> argv);

/// Streamable HTTP: each message is a POST to the endpoint; the answer is JSON or an SSE
/// stream that carries it. The session id the server gives at initialize goes with the rest.
std::unique_ptr<transport> make_http(std::string server, llm::detail::endpoint ep,
                                     std::string target,
                                     std::vector<std::pair<std::string, std::string>> headers,
                                     llm::detail::address_check check);

} // namespace chainlit::llm::mcp
