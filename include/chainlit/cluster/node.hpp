#pragma once
// Scale-out (docs/SCALING.md): one app process's part in a cluster of nodes that share Redis
// (the session directory, and later the bus) and a PostgreSQL database (the data). The app
// layer makes one when CHAINLIT_REDIS_URL (or `[cluster] redis_url`) is set; the layers above
// see only the interfaces it hands out (realtime::sid_directory), never a Redis type.
#include "chainlit/core/task.hpp"
#include "chainlit/realtime/sid_directory.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace chainlit::cluster {

/// Redis cannot be reached now: what needed it fails with this (a route answers 503).
class unavailable : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct node_options {
    std::string redis_url; ///< redis://[[user]:password@]host[:port][/db]
    std::string node_id;   ///< empty: a random one (CHAINLIT_NODE_ID names it)
};

class node {
public:
    /// Throws chainlit::config_error when the URL is malformed. Connects at start().
    node(boost::asio::any_io_executor ex, node_options opts);
    ~node();
    node(const node&) = delete;
    node& operator=(const node&) = delete;

    const std::string& id() const noexcept;
    /// host:port/db of Redis, for logs (never the password).
    std::string redis_display() const;
    /// Where the other nodes reach this one (host:port): its listening address. Set before the
    /// server accepts (the port may be known only once bound).
    void set_address(std::string address);
    const std::string& address() const noexcept;

    /// Connects to Redis (reconnecting with backoff after an outage, logged once).
    void start();
    void stop();

    /// Which node owns each Engine.IO session (for realtime::io_options::directory).
    std::shared_ptr<realtime::sid_directory> sid_directory() const;
    /// Whether Redis answers a PING now (for /readyz).
    task<bool> redis_ready() const;

    // ---- the bus: each node listens on its own channel (Redis pub/sub) ---------------------
    /// What other nodes send to this one, in the order each sent it. Set before start(); runs
    /// on one strand and must not block. Nothing is delivered during a Redis outage.
    void on_message(std::function<void(std::string message)> fn);
    /// Sends `message` to node `node_id` without waiting, in order after what the same caller
    /// (one coroutine, or one strand) sent before. Lost, and logged at debug level, when Redis
    /// is unreachable; send() after it, or a later awaited call, reports the outage.
    void post(const std::string& node_id, std::string message);
    /// The same, awaited: throws unavailable when Redis cannot take it. Returns how many
    /// nodes received it (0: node `node_id` is not listening).
    task<long long> send(const std::string& node_id, std::string message);

    // ---- the chat-session directory: one Redis hash per session, with a TTL ----------------
    /// How a record is written: `claim` takes it over whoever had it (a chat that connected
    /// here); `renew` writes it only while it is absent or this node's (the heartbeat).
    enum class write_mode { claim, renew };
    /// Writes the record of chat session `id` (its fields replaced, the node field set to this
    /// node) with a time to live, in one step (a Redis script). Returns the node that had it
    /// before when that was another node: after a claim, the node that must let the chat go;
    /// after a renew, the node that owns it now (nothing was written). Throws unavailable.
    task<std::optional<std::string>> put_session(std::string id,
                                                 std::map<std::string, std::string> fields,
                                                 std::chrono::seconds ttl, write_mode mode);
    /// The record of chat session `id`, or nullopt when there is none (never written, ended,
    /// or expired). Throws unavailable.
    task<std::optional<std::map<std::string, std::string>>> session(std::string id);
    /// Removes the record while it is this node's (the chat ended here); without waiting.
    void drop_session(std::string id);

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

} // namespace chainlit::cluster
