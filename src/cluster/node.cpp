// A process's part in a cluster (include/chainlit/cluster/node.hpp).
#include "chainlit/cluster/node.hpp"

#include "chainlit/core/config.hpp"
#include "chainlit/core/random.hpp"
#include "redis_client.hpp"
#include "sid_directory_redis.hpp"

namespace chainlit::cluster {

namespace {

// Redis names: a channel per node, a hash per chat session.
std::string channel_of(const std::string& node_id) {
    return "chainlit:node:" + node_id;
}
std::string session_key(const std::string& id) {
    return "chainlit:chat:" + id;
}

} // namespace

struct node::impl {
    boost::asio::any_io_executor ex;
    redis_endpoint endpoint;
    std::string id;
    std::string address;
    std::shared_ptr<redis_client> redis;
    /// The subscriber connection (made at start() when on_message was set).
    std::shared_ptr<redis_client> inbox;
    std::function<void(std::string)> on_message;
    std::shared_ptr<redis_sid_directory> sids;
};

node::node(boost::asio::any_io_executor ex, node_options opts) : impl_(std::make_unique<impl>()) {
    std::string error;
    auto ep = parse_redis_url(opts.redis_url, error);
    if (!ep)
        throw config_error("CHAINLIT_REDIS_URL: " + error);
    impl_->id = opts.node_id.empty() ? random_string(8, "abcdefghijklmnopqrstuvwxyz0123456789")
                                     : std::move(opts.node_id);
    impl_->ex = ex;
    impl_->endpoint = *ep;
    impl_->redis = std::make_shared<redis_client>(std::move(ex), std::move(*ep));
    impl_->sids = std::make_shared<redis_sid_directory>(impl_->redis);
}

node::~node() {
    stop();
}

const std::string& node::id() const noexcept {
    return impl_->id;
}

std::string node::redis_display() const {
    return impl_->redis->endpoint().display();
}

void node::set_address(std::string address) {
    impl_->address = address;
    impl_->sids->set_address(std::move(address));
}

const std::string& node::address() const noexcept {
    return impl_->address;
}

void node::start() {
    impl_->redis->start();
    if (impl_->on_message) {
        redis_client_options o;
        o.subscribe = {channel_of(impl_->id)};
        o.on_message = [fn = impl_->on_message](std::string, std::string m) { fn(std::move(m)); };
        impl_->inbox = std::make_shared<redis_client>(impl_->ex, impl_->endpoint, std::move(o));
        impl_->inbox->start();
    }
}

void node::stop() {
    impl_->redis->stop();
    if (impl_->inbox)
        impl_->inbox->stop();
}

void node::on_message(std::function<void(std::string)> fn) {
    impl_->on_message = std::move(fn);
}

void node::post(const std::string& node_id, std::string message) {
    impl_->redis->send({"PUBLISH", channel_of(node_id), std::move(message)});
}

task<long long> node::send(const std::string& node_id, std::string message) {
    std::vector<std::string> cmd{"PUBLISH", channel_of(node_id), std::move(message)};
    auto r = co_await impl_->redis->command(std::move(cmd));
    co_return r.integer;
}

task<void> node::put_session(std::string id, std::map<std::string, std::string> fields,
                             std::chrono::seconds ttl) {
    const std::string key = session_key(id);
    // One MULTI: a reader never sees the old fields mixed with the new, or a record without
    // its expiry.
    std::vector<std::string> del{"DEL", key};
    std::vector<std::string> hset{"HSET", key};
    for (auto& [k, v] : fields) {
        hset.push_back(k);
        hset.push_back(std::move(v));
    }
    std::vector<std::string> expire{"EXPIRE", key, std::to_string(ttl.count())};
    std::vector<std::vector<std::string>> block;
    block.push_back({"MULTI"});
    block.push_back(std::move(del));
    block.push_back(std::move(hset));
    block.push_back(std::move(expire));
    block.push_back({"EXEC"});
    auto r = co_await impl_->redis->batch(std::move(block));
    if (r.type != redis_reply::kind::array)
        throw unavailable("redis: the session record of " + id + " was not written");
}

task<std::optional<std::map<std::string, std::string>>> node::session(std::string id) {
    std::vector<std::string> cmd{"HGETALL", session_key(id)};
    auto r = co_await impl_->redis->command(std::move(cmd));
    if (r.type != redis_reply::kind::array || r.elements.empty())
        co_return std::nullopt;
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2)
        out[std::move(r.elements[i].str)] = std::move(r.elements[i + 1].str);
    co_return out;
}

void node::drop_session(std::string id) {
    impl_->redis->send({"DEL", session_key(id)});
}

void node::renew_sessions(const std::vector<std::string>& ids, std::chrono::seconds ttl) {
    const std::string seconds = std::to_string(ttl.count());
    for (const auto& id : ids)
        impl_->redis->send({"EXPIRE", session_key(id), seconds});
}

std::shared_ptr<realtime::sid_directory> node::sid_directory() const {
    return impl_->sids;
}

task<bool> node::redis_ready() const {
    try {
        std::vector<std::string> cmd{"PING"};
        auto r = co_await impl_->redis->command(std::move(cmd));
        co_return r.type == redis_reply::kind::status&& r.str == "PONG";
    } catch (const std::exception&) {
        co_return false;
    }
}

} // namespace chainlit::cluster
