#pragma once
// Internal: one Redis connection on Asio. hiredis formats the commands and parses the replies
// (its redisReader); this class owns the socket, pipelines commands (replies come back in
// order), reconnects with backoff and logs each outage once. While disconnected, a command
// fails at once with redis_unavailable: callers decide what an outage means for them.
#include "chainlit/cluster/node.hpp"
#include "chainlit/core/task.hpp"
#include "redis_url.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace chainlit::cluster {

struct redis_reply {
    enum class kind { nil, status, error, integer, string, array };
    kind type = kind::nil;
    std::string str; ///< status, error and string
    long long integer = 0;
    std::vector<redis_reply> elements;

    bool is_nil() const noexcept { return type == kind::nil; }
};

/// Redis cannot be reached now (not connected, or the connection dropped before the reply).
class redis_unavailable : public unavailable {
    using unavailable::unavailable;
};
/// Redis answered with an error reply.
class redis_error : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct redis_client_options {
    /// A command with no reply in this time drops the connection (and fails every pending one):
    /// a stalled Redis must not hold requests for ever.
    std::chrono::milliseconds command_timeout{2'000};
    std::chrono::milliseconds connect_timeout{2'000};
    std::chrono::milliseconds backoff_min{100};
    std::chrono::milliseconds backoff_max{5'000};
    /// A subscriber connection: SUBSCRIBEs to these channels at every (re)connect and hands
    /// each message to `on_message`, on the client's strand (it must not block). Such a
    /// connection runs no commands (Redis refuses them in that mode).
    std::vector<std::string> subscribe;
    std::function<void(std::string channel, std::string message)> on_message;
};

class redis_client {
public:
    redis_client(boost::asio::any_io_executor ex, redis_endpoint ep,
                 redis_client_options opts = {});
    ~redis_client();
    redis_client(const redis_client&) = delete;
    redis_client& operator=(const redis_client&) = delete;

    /// Starts connecting (and reconnecting for ever, until stop()).
    void start();
    /// Closes the connection; pending and later commands fail with redis_unavailable.
    void stop();
    /// Connected, authenticated and on the right database.
    bool connected() const noexcept;
    const redis_endpoint& endpoint() const noexcept;
    /// The client's strand: where fire-and-forget commands can run.
    boost::asio::any_io_executor executor() const;

    /// Runs one command. Throws redis_unavailable or redis_error.
    task<redis_reply> command(std::vector<std::string> args);
    /// Runs `cmds` back to back, with no other caller's command between them (a MULTI ...
    /// EXEC block), and returns the last one's reply. Throws as command() does.
    task<redis_reply> batch(std::vector<std::vector<std::string>> cmds);
    /// Runs one command without waiting: in order after the commands sent before it from the
    /// same strand or coroutine. A failure is logged at debug level only.
    void send(std::vector<std::string> args);

    struct state;

private:
    std::shared_ptr<state> st_;
};

} // namespace chainlit::cluster
