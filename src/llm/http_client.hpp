#pragma once
// A small HTTP/1.1 client for the provider calls: one POST per connection, over TCP or TLS,
// with the body handed over as it arrives (a streamed answer is read while it is written).
#include "chainlit/core/task.hpp"

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chainlit::llm::detail {

/// Where a base URL points. Throws llm::error for anything but http(s)://host[:port][/path].
struct endpoint {
    bool tls = false;
    std::string host;
    std::string port;
    std::string path; ///< without a trailing slash: "/v1"
    std::string label() const { return host + ":" + port; }
};
endpoint parse_endpoint(std::string_view base_url);

struct http_head {
    int status = 0;
    std::string content_type;
    std::string retry_after;
    /// Every response header as sent (names lower-cased), for callers that need others.
    std::vector<std::pair<std::string, std::string>> headers;
    /// The value of header `name` (lower case), or "".
    std::string header(std::string_view name) const;
};

/// Decides whether a resolved address may be connected to: nullopt allows it, a string says
/// why not. The check runs on the addresses actually dialled, so a name that resolves to a
/// refused address cannot get through by resolving again (DNS rebinding).
using address_check = std::function<std::optional<std::string>(std::string_view ip)>;

struct http_limits {
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds read_timeout{120'000};
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
    std::size_t max_body = 32 * 1024 * 1024;
};

/// A failure of the exchange itself (resolve, connect, TLS, a broken or timed-out read).
/// `answered`: the response head had arrived, so the request may have had effects.
struct transport_error {
    std::string message;
    bool answered = false;
    /// Trying again cannot help (the certificate was refused).
    bool permanent = false;
};

/// Gets each piece of the body, after the head is known. Awaited before the next read.
using body_sink = std::function<task<void>(const http_head&, std::string_view)>;

/// POSTs `body` to `target` and feeds the answer to `sink`. Returns the head once the body is
/// complete. Throws transport_error; a cancelled await throws chainlit::task_cancelled.
/// `tls` is used for https endpoints only.
task<http_head> post(const endpoint& ep, std::string target,
                     std::vector<std::pair<std::string, std::string>> headers, std::string body,
                     http_limits limits, std::shared_ptr<boost::asio::ssl::context> tls,
                     body_sink sink);

/// The same with any method ("POST", "GET", "DELETE"); an empty body sends none, and
/// `check` (when set) filters the resolved addresses before connecting.
task<http_head> send(std::string method, const endpoint& ep, std::string target,
                     std::vector<std::pair<std::string, std::string>> headers, std::string body,
                     http_limits limits, std::shared_ptr<boost::asio::ssl::context> tls,
                     body_sink sink, address_check check = {});

/// A TLS client context: the system's (or `ca_file`'s) certificates, peer verification on
/// unless `verify` is false. Throws llm::error when the CA file cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(bool verify,
                                                            const std::string& ca_file);

} // namespace chainlit::llm::detail
