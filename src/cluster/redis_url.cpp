#include "redis_url.hpp"

#include <boost/url/parse.hpp>

#include <charconv>

namespace chainlit::cluster {

std::string redis_endpoint::display() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(db);
}

std::optional<redis_endpoint> parse_redis_url(std::string_view url, std::string& error) {
    auto u = boost::urls::parse_uri(url);
    if (!u) {
        error = "not a URL (expected redis://host:port/db)";
        return std::nullopt;
    }
    if (u->scheme() != "redis") {
        error = u->scheme() == "rediss" ? "rediss:// (TLS) is not supported; use redis://"
                                        : "the scheme must be redis://";
        return std::nullopt;
    }
    redis_endpoint ep;
    if (!u->encoded_host().empty())
        ep.host = u->host_address(); // an IPv6 literal without its brackets
    if (u->has_port()) {
        if (u->port_number() == 0) {
            error = "bad port '" + std::string(u->port()) + "'";
            return std::nullopt;
        }
        ep.port = u->port_number();
    }
    if (u->has_userinfo()) {
        ep.user = u->user();
        ep.password = u->password();
        if (!u->has_password()) { // redis://secret@host: a password alone, as redis-cli reads it
            ep.password = ep.user;
            ep.user.clear();
        }
    }
    std::string_view path = u->encoded_path();
    if (!path.empty() && path != "/") {
        path.remove_prefix(1);
        int db = -1;
        const auto r = std::from_chars(path.data(), path.data() + path.size(), db);
        if (r.ec != std::errc() || r.ptr != path.data() + path.size() || db < 0) {
            error = "bad database number '" + std::string(path) + "'";
            return std::nullopt;
        }
        ep.db = db;
    }
    return ep;
}

} // namespace chainlit::cluster
