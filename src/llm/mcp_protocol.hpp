#pragma once
// MCP's JSON-RPC messages: building requests and reading what a server sends. Pure functions,
// so that the fuzz target (tests/fuzz/fuzz_mcp_message.cpp) can drive them: everything an MCP
// server sends is untrusted input.
#include "chainlit/core/json.hpp"
#include "chainlit/llm/mcp.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::llm::mcp::detail {

/// The protocol revision we speak (streamable HTTP and tool annotations).
inline constexpr std::string_view protocol_version = "2025-06-18";

json::object make_request(std::int64_t id, std::string_view method, json::object params);
json::object make_notification(std::string_view method, json::object params = {});
/// The initialize request's params: our client info and (no) capabilities.
json::object initialize_params();

/// One JSON-RPC message from a line or an SSE event's data; nullopt when it is not a JSON
/// object (the caller drops it and logs).
std::optional<json::object> parse_message(std::string_view text);

/// The numeric id of a response, or nullopt (a notification, a request, or a foreign id).
std::optional<std::int64_t> response_id(const json::object& msg);

/// A request from the server (sampling, roots, elicitation): we offer none of those, so the
/// answer is JSON-RPC's "method not found". nullopt when `msg` is not a request.
std::optional<json::object> answer_server_request(const json::object& msg);

/// The result of a response, or throws mcp_error with the server's error message.
json::value result_of(const json::object& response, std::string_view server,
                      std::string_view method);

/// A tools/list result's tools (malformed entries are skipped) and its nextCursor ("" at the
/// end).
std::vector<server_tool> parse_tools(const json::value& result, std::string& next_cursor);

/// What the model reads from a CallToolResult: the texts joined by newlines, structured
/// content as JSON, other content (images, audio, resources) described, not dumped. Throws
/// std::runtime_error with the text when the result is an error (isError).
json::value tool_output(const json::object& call_result);

} // namespace chainlit::llm::mcp::detail
