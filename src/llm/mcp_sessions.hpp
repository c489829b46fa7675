#pragma once
// The per-session table of MCP servers behind mcp::session_connections / session_tools; the
// routes (mcp_routes.cpp) fill and empty it.
#include "chainlit/llm/mcp.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::llm::mcp::detail {

std::size_t server_count(std::string_view session_id);
/// Adds `c` to the session, replacing (and returning) an earlier server of the same name.
std::shared_ptr<connection> put_server(const std::string& session_id,
                                       std::shared_ptr<connection> c);
/// Removes and returns the session's server named `name`, or nullptr.
std::shared_ptr<connection> take_server(std::string_view session_id, std::string_view name);
/// Removes and returns every server of the session (it ended).
std::vector<std::shared_ptr<connection>> take_all(std::string_view session_id);

} // namespace chainlit::llm::mcp::detail
