// One MCP server: the handshake, its tools, tool calls, and the LLM tools made from them.
#include "chainlit/core/log.hpp"
#include "mcp_protocol.hpp"
#include "mcp_transport.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/this_coro.hpp>
#include <boost/url/parse.hpp>

namespace chainlit::llm::mcp {
namespace {

std::atomic<std::int64_t> next_id{1};

/// A model-valid tool name: [A-Za-z0-9_-], at most 64 characters.
std::string model_name(std::string_view name) {
    std::string out;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-';
        out += ok ? c : '_';
        if (out.size() == 64)
            break;
    }
    return out.empty() ? "tool" : out;
}

void check_name(const std::string& name) {
    if (name.empty() || name.size() > 64 || !std::all_of(name.begin(), name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                   c == ' ' || c == '.';
        }))
        throw mcp_error("An MCP server's name must be 1 to 64 letters, digits, spaces, '.', '_' "
                        "or '-'");
}

} // namespace

connection::connection(std::string name, std::string transport_kind, std::string target,
                       std::unique_ptr<transport> t, std::chrono::milliseconds call_timeout)
    : name_(std::move(name)), kind_(std::move(transport_kind)), target_(std::move(target)),
      transport_(std::move(t)), call_timeout_(call_timeout) {}

connection::~connection() = default;

bool connection::closed() const noexcept {
    return transport_->closed();
}

task<void> connection::start(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto left = [&] {
        return std::max(std::chrono::milliseconds(1),
                        std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now()));
    };
    auto init = co_await request("initialize", detail::initialize_params(), left());
    bool has_tools = false;
    if (const auto* o = init.if_object()) {
        if (const auto* info = o->if_contains("serverInfo"); info && info->is_object())
            server_info_ = info->as_object();
        if (const auto* caps = o->if_contains("capabilities"); caps && caps->is_object())
            has_tools = caps->as_object().contains("tools");
    }
    co_await transport_->notify(detail::make_notification("notifications/initialized"));
    std::string cursor;
    for (int page = 0; has_tools && page < 20; ++page) { // a server that pages forever is cut off
        json::object params;
        if (!cursor.empty())
            params["cursor"] = cursor;
        auto listed = co_await request("tools/list", std::move(params), left());
        auto tools = detail::parse_tools(listed, cursor);
        tools_.insert(tools_.end(), std::make_move_iterator(tools.begin()),
                      std::make_move_iterator(tools.end()));
        if (cursor.empty() || tools_.size() > 1000)
            break;
    }
}

task<json::value> connection::request(std::string method, json::object params,
                                      std::chrono::milliseconds timeout) {
    auto msg = detail::make_request(next_id++, method, std::move(params));
    auto response = co_await transport_->request(std::move(msg), timeout);
    co_return detail::result_of(response, name_, method);
}

task<json::object> connection::call_tool(std::string tool, json::object arguments) {
    json::object params{{"name", tool}, {"arguments", std::move(arguments)}};
    auto r = co_await request("tools/call", std::move(params), call_timeout_);
    if (!r.is_object())
        throw mcp_error("MCP server " + name_ + " answered tools/call with no result object");
    co_return std::move(r.as_object());
}

task<void> connection::close() {
    co_await transport_->close();
}

namespace {

task<std::shared_ptr<connection>> started(std::shared_ptr<connection> c,
                                          std::chrono::milliseconds timeout) {
    std::exception_ptr failed;
    try {
        co_await c->start(timeout);
    } catch (const mcp_error&) {
        failed = std::current_exception();
    } catch (const std::exception& e) {
        failed = std::make_exception_ptr(mcp_error("MCP server " + c->name() + ": " + e.what()));
    }
    if (failed) {
        co_await c->close(); // the process must not outlive a failed connect
        std::rethrow_exception(failed);
    }
    log().info("MCP server {} connected over {}: {} tools", c->name(), c->transport_kind(),
               c->tools().size());
    co_return c;
}

} // namespace

task<std::shared_ptr<connection>> connect_stdio(std::string name, std::string command,
                                                const policy& p) {
    check_name(name);
    if (!p.enabled)
        throw mcp_error("MCP is not enabled in this app ([features.mcp] enabled)");
    if (!p.stdio)
        throw mcp_error("MCP over stdio is not enabled in this app ([features.mcp.stdio])");
    auto argv = split_command(command);
    if (auto why = command_refusal(argv, p); !why.empty())
        throw mcp_error(why);
    auto exec = co_await boost::asio::this_coro::executor;
    auto c = std::make_shared<connection>(name, "stdio", command,
                                          start_stdio(exec, name, std::move(argv)), p.call_timeout);
    co_return co_await started(std::move(c), p.connect_timeout);
}

task<std::shared_ptr<connection>>
connect_http(std::string name, std::string url,
             std::vector<std::pair<std::string, std::string>> headers, const policy& p) {
    check_name(name);
    if (!p.enabled)
        throw mcp_error("MCP is not enabled in this app ([features.mcp] enabled)");
    if (!p.streamable_http)
        throw mcp_error(
            "MCP over streamable HTTP is not enabled in this app ([features.mcp.streamable_http])");
    llm::detail::endpoint ep;
    try {
        ep = llm::detail::parse_endpoint(url);
    } catch (const std::exception&) {
        throw mcp_error("The MCP server URL must be http:// or https:// with a host");
    }
    auto parsed = boost::urls::parse_uri(url);
    std::string target = parsed ? std::string(parsed->encoded_resource()) : "/";
    if (target.empty() || target[0] != '/')
        target = "/" + target;
    if (parsed && parsed->has_userinfo())
        throw mcp_error("The MCP server URL may not carry a user name or password; use a header");
    for (const auto& [k, v] : headers)
        if (k.empty() || k.find_first_of(":\r\n") != std::string::npos ||
            v.find_first_of("\r\n") != std::string::npos)
            throw mcp_error("An MCP header has an invalid name or value");
    llm::detail::address_check check = [p](std::string_view ip) -> std::optional<std::string> {
        auto why = address_refusal(ip, p);
        return why.empty() ? std::nullopt : std::optional<std::string>(why);
    };
    auto c = std::make_shared<connection>(
        name, "streamable-http", url,
        make_http(name, std::move(ep), std::move(target), std::move(headers), std::move(check)),
        p.call_timeout);
    co_return co_await started(std::move(c), p.connect_timeout);
}

std::vector<llm::tool> as_llm_tools(const std::shared_ptr<connection>& c,
                                    const std::vector<std::string>& taken) {
    std::vector<llm::tool> out;
    std::vector<std::string> used = taken;
    std::weak_ptr<connection> weak = c;
    for (const auto& st : c->tools()) {
        std::string name = model_name(st.name);
        if (std::find(used.begin(), used.end(), name) != used.end())
            name = model_name(c->name() + "_" + st.name);
        for (int n = 2; std::find(used.begin(), used.end(), name) != used.end(); ++n)
            name = model_name(c->name() + "_" + st.name).substr(0, 60) + "_" + std::to_string(n);
        used.push_back(name);
        llm::tool t;
        t.name = name;
        t.description = st.description;
        t.parameters = st.input_schema;
        t.handler = [weak, tool = st.name](json::object args) -> task<json::value> {
            auto conn = weak.lock();
            if (!conn || conn->closed())
                throw std::runtime_error("the MCP server of this tool is disconnected");
            auto r = co_await conn->call_tool(tool, std::move(args));
            co_return detail::tool_output(r);
        };
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace chainlit::llm::mcp
