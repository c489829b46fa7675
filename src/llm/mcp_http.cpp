// The streamable-HTTP transport (MCP 2025-03-26 and later): every client message is a POST
// to the server's endpoint. A request's answer comes back either as one JSON object or as an
// SSE stream that carries it (with the server's own requests and notifications before it).
// The server names its session in `Mcp-Session-Id` at initialize; every later POST, and the
// DELETE that ends the session, carry it.
#include "chainlit/chat/context.hpp" // task_cancelled
#include "chainlit/core/log.hpp"
#include "chainlit/llm/types.hpp"
#include "mcp_protocol.hpp"
#include "mcp_transport.hpp"
#include "sse.hpp"

#include <atomic>
#include <mutex>

namespace chainlit::llm::mcp {
namespace {

/// Thrown by the body sink once the answer is in, to stop reading a stream the server keeps
/// open for later messages.
struct answered {};

class http_transport final : public transport {
public:
    http_transport(std::string server, llm::detail::endpoint ep, std::string target,
                   std::vector<std::pair<std::string, std::string>> headers,
                   llm::detail::address_check check)
        : server_(std::move(server)), ep_(std::move(ep)), target_(std::move(target)),
          headers_(std::move(headers)), check_(std::move(check)) {
        if (ep_.tls)
            tls_ = llm::detail::make_tls_context(true, {});
    }

    task<json::object> request(json::object message, std::chrono::milliseconds timeout) override {
        if (closed_)
            throw mcp_error("MCP server " + server_ + " is closed");
        const std::int64_t id = message.at("id").as_int64();
        const auto* m = message.if_contains("method");
        const std::string method = m && m->is_string() ? std::string(m->as_string()) : "?";
        std::optional<json::object> reply;
        std::vector<json::object> server_requests;
        auto handle = [&](std::string_view text) {
            auto msg = mcp::detail::parse_message(text);
            if (!msg)
                return;
            if (auto rid = mcp::detail::response_id(*msg); rid && *rid == id)
                reply = std::move(*msg);
            else if (auto answer = mcp::detail::answer_server_request(*msg))
                server_requests.push_back(std::move(*answer));
        };
        auto head = co_await post(json::serialize(message), timeout, handle, reply, method);
        if (method == "initialize") {
            std::lock_guard lk(mu_);
            session_id_ = head.header("mcp-session-id");
        }
        for (auto& answer : server_requests) // e.g. a sampling request we do not offer
            co_await notify(std::move(answer));
        if (!reply)
            throw mcp_error("MCP server " + server_ + " sent no answer to " + method);
        co_return std::move(*reply);
    }

    task<void> notify(json::object message) override {
        std::optional<json::object> none;
        auto ignore = [](std::string_view) {};
        co_await post(json::serialize(message), std::chrono::seconds(30), ignore, none,
                      "a notification");
    }

    task<void> close() override {
        if (closed_.exchange(true))
            co_return;
        std::string sid;
        {
            std::lock_guard lk(mu_);
            sid = session_id_;
        }
        if (sid.empty())
            co_return;
        // Ends the server's session; a server that does not support it answers 405.
        llm::detail::http_limits limits;
        limits.connect_timeout = limits.read_timeout = std::chrono::seconds(5);
        llm::detail::body_sink ignore = [](const llm::detail::http_head&,
                                           std::string_view) -> task<void> { co_return; };
        try {
            co_await llm::detail::send("DELETE", ep_, target_, request_headers(), std::string(),
                                       limits, tls_, ignore, check_);
        } catch (const std::exception& e) {
            log().debug("MCP server {}: ending its session failed: {}", server_, e.what());
        }
    }

    bool closed() const noexcept override { return closed_; }

private:
    bool has_session() {
        std::lock_guard lk(mu_);
        return !session_id_.empty();
    }

    std::vector<std::pair<std::string, std::string>> request_headers() {
        auto h = headers_;
        h.emplace_back("Accept", "application/json, text/event-stream");
        std::lock_guard lk(mu_);
        if (!session_id_.empty()) {
            h.emplace_back("Mcp-Session-Id", session_id_);
            h.emplace_back("MCP-Protocol-Version", std::string(mcp::detail::protocol_version));
        }
        return h;
    }

    template <class Handle>
    task<llm::detail::http_head> post(std::string body, std::chrono::milliseconds timeout,
                                      Handle& handle, const std::optional<json::object>& reply,
                                      const std::string& what) {
        llm::detail::http_limits limits;
        limits.connect_timeout =
            std::min<std::chrono::milliseconds>(timeout, std::chrono::seconds(10));
        limits.read_timeout = timeout;
        limits.deadline = std::chrono::steady_clock::now() + timeout;
        limits.max_body = 16 * 1024 * 1024;
        llm::detail::sse_parser sse;
        std::string json_body, error_body;
        std::vector<std::string> events;
        llm::detail::http_head head;
        bool done = false;
        auto sink = [&](const llm::detail::http_head& h, std::string_view piece) -> task<void> {
            head = h;
            if (h.status >= 300) {
                if (error_body.size() < 2048)
                    error_body.append(piece.substr(0, 2048 - error_body.size()));
                co_return;
            }
            if (h.content_type.rfind("text/event-stream", 0) == 0) {
                sse.feed(piece, events);
                for (auto& e : events)
                    handle(e);
                events.clear();
                if (reply) {
                    done = true;
                    throw answered{};
                }
            } else {
                json_body.append(piece);
            }
        };
        try {
            head = co_await llm::detail::send("POST", ep_, target_, request_headers(),
                                              std::move(body), limits, tls_, sink, check_);
        } catch (const answered&) {
        } catch (const llm::detail::transport_error& e) {
            throw mcp_error("MCP server " + server_ + ": " + e.message);
        } catch (const llm::error& e) {
            throw mcp_error("MCP server " + server_ + ": " + e.what());
        }
        if (done)
            co_return head;
        if (head.status == 404 && has_session())
            throw mcp_error("MCP server " + server_ + " ended its session (404); connect again");
        if (head.status >= 300)
            throw mcp_error("MCP server " + server_ + " answered " + what + " with HTTP " +
                            std::to_string(head.status) +
                            (error_body.empty() ? "" : ": " + error_body.substr(0, 300)));
        if (!json_body.empty()) {
            boost::system::error_code ec;
            auto v = json::parse(json_body, ec);
            if (ec)
                throw mcp_error("MCP server " + server_ + " sent an answer that is not JSON");
            if (v.is_array()) { // a batch
                for (const auto& part : v.as_array())
                    handle(json::serialize(part));
            } else {
                handle(json_body);
            }
        }
        co_return head;
    }

    std::string server_;
    llm::detail::endpoint ep_;
    std::string target_;
    std::vector<std::pair<std::string, std::string>> headers_;
    llm::detail::address_check check_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
    std::mutex mu_;
    std::string session_id_;
    std::atomic<bool> closed_{false};
};

} // namespace

std::unique_ptr<transport> make_http(std::string server, llm::detail::endpoint ep,
                                     std::string target,
                                     std::vector<std::pair<std::string, std::string>> headers,
                                     llm::detail::address_check check) {
    return std::make_unique<http_transport>(std::move(server), std::move(ep), std::move(target),
                                            std::move(headers), std::move(check));
}

} // namespace chainlit::llm::mcp
