// The MCP servers of each live chat session, by session id. Process-wide, like
// websocket_session::get_by_id: session ids are uuid4s, so two apps in one process never meet.
#include "mcp_sessions.hpp"

#include <map>
#include <mutex>

namespace chainlit::llm::mcp::detail {
namespace {

struct server_entry {
    std::shared_ptr<connection> conn;
    std::vector<std::shared_ptr<const llm::tool>> tools;
};

std::mutex mu;
std::map<std::string, std::vector<server_entry>, std::less<>>& table() {
    static std::map<std::string, std::vector<server_entry>, std::less<>> t;
    return t;
}

/// The model names the session's other servers already use.
std::vector<std::string> names_in_use(const std::vector<server_entry>& entries) {
    std::vector<std::string> names;
    for (const auto& e : entries)
        for (const auto& t : e.tools)
            names.push_back(t->name);
    return names;
}

} // namespace

std::size_t server_count(std::string_view session_id) {
    std::lock_guard lk(mu);
    auto it = table().find(session_id);
    return it == table().end() ? 0 : it->second.size();
}

std::shared_ptr<connection> put_server(const std::string& session_id,
                                       std::shared_ptr<connection> c) {
    std::lock_guard lk(mu);
    auto& entries = table()[session_id];
    std::shared_ptr<connection> replaced;
    for (auto it = entries.begin(); it != entries.end(); ++it)
        if (it->conn->name() == c->name()) {
            replaced = it->conn;
            entries.erase(it);
            break;
        }
    server_entry e{c, {}};
    for (auto& t : as_llm_tools(c, names_in_use(entries)))
        e.tools.push_back(std::make_shared<const llm::tool>(std::move(t)));
    entries.push_back(std::move(e));
    return replaced;
}

std::shared_ptr<connection> take_server(std::string_view session_id, std::string_view name) {
    std::lock_guard lk(mu);
    auto it = table().find(session_id);
    if (it == table().end())
        return nullptr;
    auto& entries = it->second;
    for (auto e = entries.begin(); e != entries.end(); ++e)
        if (e->conn->name() == name) {
            auto c = e->conn;
            entries.erase(e);
            if (entries.empty())
                table().erase(it);
            return c;
        }
    return nullptr;
}

std::vector<std::shared_ptr<connection>> take_all(std::string_view session_id) {
    std::lock_guard lk(mu);
    std::vector<std::shared_ptr<connection>> out;
    auto it = table().find(session_id);
    if (it == table().end())
        return out;
    for (auto& e : it->second)
        out.push_back(std::move(e.conn));
    table().erase(it);
    return out;
}

} // namespace chainlit::llm::mcp::detail

namespace chainlit::llm::mcp {

std::vector<std::shared_ptr<connection>> session_connections(std::string_view session_id) {
    std::lock_guard lk(detail::mu);
    std::vector<std::shared_ptr<connection>> out;
    auto it = detail::table().find(session_id);
    if (it != detail::table().end())
        for (const auto& e : it->second)
            out.push_back(e.conn);
    return out;
}

std::vector<std::shared_ptr<const llm::tool>> session_tools(std::string_view session_id) {
    std::lock_guard lk(detail::mu);
    std::vector<std::shared_ptr<const llm::tool>> out;
    auto it = detail::table().find(session_id);
    if (it != detail::table().end())
        for (const auto& e : it->second)
            out.insert(out.end(), e.tools.begin(), e.tools.end());
    return out;
}

} // namespace chainlit::llm::mcp
