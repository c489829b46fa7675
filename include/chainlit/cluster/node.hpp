#pragma once
// Scale-out (docs/SCALING.md): one app process's part in a cluster of nodes that share Redis
// (the session directory, and later the bus) and a PostgreSQL database (the data). The app
// layer makes one when CHAINLIT_REDIS_URL (or `[cluster] redis_url`) is set; the layers above
// see only the interfaces it hands out (realtime::sid_directory), never a Redis type.
#include "chainlit/core/task.hpp"
#include "chainlit/realtime/sid_directory.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <string>

namespace chainlit::cluster {

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

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

} // namespace chainlit::cluster
