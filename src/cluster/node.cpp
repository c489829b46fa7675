// A process's part in a cluster (include/chainlit/cluster/node.hpp).
#include "chainlit/cluster/node.hpp"

#include "chainlit/core/config.hpp"
#include "chainlit/core/random.hpp"
#include "redis_client.hpp"
#include "sid_directory_redis.hpp"

namespace chainlit::cluster {

struct node::impl {
    std::string id;
    std::string address;
    std::shared_ptr<redis_client> redis;
    std::shared_ptr<redis_sid_directory> sids;
};

node::node(boost::asio::any_io_executor ex, node_options opts) : impl_(std::make_unique<impl>()) {
    std::string error;
    auto ep = parse_redis_url(opts.redis_url, error);
    if (!ep)
        throw config_error("CHAINLIT_REDIS_URL: " + error);
    impl_->id = opts.node_id.empty() ? random_string(8, "abcdefghijklmnopqrstuvwxyz0123456789")
                                     : std::move(opts.node_id);
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
}

void node::stop() {
    impl_->redis->stop();
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
