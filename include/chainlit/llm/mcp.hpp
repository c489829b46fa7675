#pragma once
// MCP (Model Context Protocol) client. A chat session connects MCP servers, over stdio (a
// child process) or streamable HTTP, and their tools join the LLM loop of that session:
// llm::client::stream_into offers them to the model next to the app's own tools.
//
// The browser asks for a server with POST /mcp (spec C.2); what may run is the app's config,
// never the user's: a stdio command must be allowlisted, and HTTP targets in loopback, private
// or link-local ranges are refused unless the config allows them. See docs/MCP.md.
#include "chainlit/core/json.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/llm/tools.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainlit {
class context;
class chat_runtime;
struct app_config;
namespace http {
class router;
}
} // namespace chainlit

namespace chainlit::llm::mcp {

/// What the app lets users connect (`[features.mcp]` in .chainlit/config.toml).
struct policy {
    bool enabled = false;        ///< [features.mcp] enabled
    bool stdio = true;           ///< [features.mcp.stdio] enabled
    bool streamable_http = true; ///< [features.mcp.streamable_http] enabled
    /// stdio: the programs a command may start, by the name the user typed ("node", "uvx").
    /// Empty by default: no stdio command runs until the app lists one.
    std::vector<std::string> allowed_executables;
    /// stdio: whole command lines allowed as they are (compared word by word).
    std::vector<std::string> allowed_commands;
    /// streamable HTTP: allow loopback, private (RFC 1918, fc00::/7), link-local and other
    /// non-public addresses. Off by default (SSRF).
    bool allow_private_networks = false;
    std::chrono::milliseconds connect_timeout{30'000}; ///< start + initialize + tools/list
    std::chrono::milliseconds call_timeout{60'000};    ///< one tools/call

    /// From the app's config: throws config_error for a key of the wrong type.
    static policy from_config(const app_config& config);
};

/// A refusal by the policy or a failed connect; `what()` is the sentence the user sees (the
/// 400 detail of POST /mcp).
class mcp_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A tool as the server lists it (tools/list).
struct server_tool {
    std::string name;
    std::string description;
    json::object input_schema;
};

class transport;

/// One connected MCP server. Thread-safe.
class connection {
public:
    connection(std::string name, std::string transport_kind, std::string target,
               std::unique_ptr<transport> t, std::chrono::milliseconds call_timeout);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    const std::string& name() const noexcept { return name_; }
    /// "stdio" or "streamable-http".
    const std::string& transport_kind() const noexcept { return kind_; }
    /// The command line (stdio) or URL (streamable HTTP) it was connected with.
    const std::string& target() const noexcept { return target_; }
    const json::object& server_info() const noexcept { return server_info_; }
    const std::vector<server_tool>& tools() const noexcept { return tools_; }

    /// Runs the MCP handshake (initialize, notifications/initialized) and lists the tools.
    task<void> start(std::chrono::milliseconds timeout);
    /// tools/call; returns the CallToolResult object. Throws mcp_error when the call fails at
    /// the protocol level (the server's error, a timeout, the server gone).
    task<json::object> call_tool(std::string tool, json::object arguments);
    /// Any JSON-RPC request (resources/list, prompts/get, ...); returns its result.
    task<json::value> request(std::string method, json::object params,
                              std::chrono::milliseconds timeout);
    /// Ends the session with the server (stops the process for stdio). Idempotent.
    task<void> close();
    bool closed() const noexcept;

private:
    std::string name_;
    std::string kind_;
    std::string target_;
    std::unique_ptr<transport> transport_;
    std::chrono::milliseconds call_timeout_;
    json::object server_info_;
    std::vector<server_tool> tools_;
};

/// Splits a command line into words as a shell would split them (spaces, single and double
/// quotes, backslash escapes), without any expansion, and never runs a shell. Throws mcp_error
/// for an unterminated quote or an empty command.
std::vector<std::string> split_command(std::string_view command);

/// Why `argv` may not run under `p`, or "" when it may.
std::string command_refusal(const std::vector<std::string>& argv, const policy& p);

/// Why an address (the text of an IPv4 or IPv6 address) is refused under `p`, or "".
std::string address_refusal(std::string_view ip, const policy& p);

/// Starts `command` (split_command, checked by the policy) and connects over its stdin and
/// stdout. The process runs without a shell, in its own process group, with a minimal
/// environment (PATH, HOME, LANG, ... but none of the server's secrets).
task<std::shared_ptr<connection>> connect_stdio(std::string name, std::string command,
                                                const policy& p);
/// Connects to a streamable-HTTP MCP endpoint (`http://` or `https://`); `headers` go with
/// every request (an Authorization header, for example).
task<std::shared_ptr<connection>>
connect_http(std::string name, std::string url,
             std::vector<std::pair<std::string, std::string>> headers, const policy& p);

/// The LLM tools of a connection: one per server tool, whose handler calls it. Names are the
/// server's, made valid for the model ([A-Za-z0-9_-], 64 at most); `taken` names (the app's
/// tools, other servers') get the server's name in front.
std::vector<llm::tool> as_llm_tools(const std::shared_ptr<connection>& c,
                                    const std::vector<std::string>& taken);

// The MCP servers of live chat sessions, by session id (what POST /mcp connected).
std::vector<std::shared_ptr<connection>> session_connections(std::string_view session_id);
/// The session's MCP tools for the LLM loop (llm::client::stream_into adds them).
std::vector<std::shared_ptr<const llm::tool>> session_tools(std::string_view session_id);

/// The app's hooks (Chainlit's @cl.on_mcp_connect / @cl.on_mcp_disconnect). on_connect runs
/// before POST /mcp answers; an exception refuses the server (400 with its message).
struct hooks {
    std::function<task<void>(context&, connection&)> on_connect;
    std::function<task<void>(context&, std::string name)> on_disconnect;
};

/// POST /mcp and DELETE /mcp, for the sessions of `rt` (the caller must own the session). Also
/// closes a session's servers when the session ends.
void add_routes(http::router& r, std::shared_ptr<chat_runtime> rt, hooks h);

} // namespace chainlit::llm::mcp
