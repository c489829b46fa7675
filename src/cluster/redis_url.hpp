#pragma once
// Internal: `redis://[[user]:password@]host[:port][/db]`, the form redis-cli and every client
// library accept (CHAINLIT_REDIS_URL, `[cluster] redis_url`).
#include <optional>
#include <string>
#include <string_view>

namespace chainlit::cluster {

struct redis_endpoint {
    std::string host = "127.0.0.1";
    unsigned short port = 6379;
    std::string user;     ///< empty: the default user (AUTH with the password only)
    std::string password; ///< empty: no AUTH
    int db = 0;
    /// host:port/db, for logs and the start-up banner (never the password).
    std::string display() const;
};

/// The endpoint, or nullopt with `error` saying what is wrong.
std::optional<redis_endpoint> parse_redis_url(std::string_view url, std::string& error);

} // namespace chainlit::cluster
