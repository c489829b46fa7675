#include "sid_directory_redis.hpp"

#include "chainlit/core/log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

namespace chainlit::cluster {
namespace {

constexpr std::string_view key_prefix = "chainlit:eio:";
constexpr std::string_view key_ttl_seconds = "86400";

std::string key_of(const std::string& sid) {
    return std::string(key_prefix) + sid;
}

// A plain coroutine with its arguments by value: nothing depends on how long a lambda's
// captures live once co_spawn has it.
task<void> forget(std::shared_ptr<redis_client> redis, std::string key) {
    try {
        std::vector<std::string> cmd{"DEL", key};
        co_await redis->command(std::move(cmd));
    } catch (const std::exception& e) {
        log().debug("cluster: could not forget {}: {}", key, e.what());
    }
}

} // namespace

redis_sid_directory::redis_sid_directory(std::shared_ptr<redis_client> redis)
    : redis_(std::move(redis)) {}

void redis_sid_directory::set_address(std::string address) {
    std::lock_guard lk(mu_);
    address_ = std::move(address);
}

std::string redis_sid_directory::address() const {
    std::lock_guard lk(mu_);
    return address_;
}

task<void> redis_sid_directory::claim(std::string sid) {
    try {
        std::vector<std::string> cmd{"SET", key_of(sid), address(), "EX",
                                     std::string(key_ttl_seconds)};
        co_await redis_->command(std::move(cmd));
    } catch (const std::exception& e) {
        // The session still works while its requests reach this node.
        log().debug("cluster: could not record engine.io session {}: {}", sid, e.what());
    }
}

void redis_sid_directory::release(std::string sid) {
    boost::asio::co_spawn(redis_->executor(), forget(redis_, key_of(sid)), boost::asio::detached);
}

task<std::optional<std::string>> redis_sid_directory::owner(std::string sid) {
    try {
        std::vector<std::string> cmd{"GET", key_of(sid)};
        auto r = co_await redis_->command(std::move(cmd));
        if (r.type == redis_reply::kind::string && r.str != address())
            co_return std::move(r.str);
    } catch (const std::exception& e) {
        log().warn("cluster: cannot look up engine.io session {}: {}", sid, e.what());
    }
    co_return std::nullopt;
}

} // namespace chainlit::cluster
