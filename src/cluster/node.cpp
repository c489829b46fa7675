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

namespace {

// KEYS[1] the record; ARGV: this node, ttl, "claim" or "renew", then field/value pairs. Returns
// the previous owner when another node ('' otherwise); a renew of another node's record writes
// nothing.
constexpr std::string_view put_script = R"lua(
local prev = redis.call('HGET', KEYS[1], 'node')
if prev == ARGV[1] then prev = '' end
if prev and prev ~= '' and ARGV[3] == 'renew' then return prev end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'node', ARGV[1], unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[1], ARGV[2])
return prev or ''
)lua";

// KEYS[1] the record; ARGV[1] this node: deleted only while it is this node's.
constexpr std::string_view drop_script = R"lua(
if redis.call('HGET', KEYS[1], 'node') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

} // namespace

task<std::optional<std::string>> node::put_session(std::string id,
                                                   std::map<std::string, std::string> fields,
                                                   std::chrono::seconds ttl, write_mode mode) {
    std::vector<std::string> cmd{"EVAL",
                                 std::string(put_script),
                                 "1",
                                 session_key(id),
                                 impl_->id,
                                 std::to_string(ttl.count()),
                                 mode == write_mode::claim ? "claim" : "renew"};
    for (auto& [k, v] : fields) {
        if (k == "node")
            continue;
        cmd.push_back(k);
        cmd.push_back(std::move(v));
    }
    auto r = co_await impl_->redis->command(std::move(cmd));
    if (r.type == redis_reply::kind::string && !r.str.empty())
        co_return std::move(r.str);
    co_return std::nullopt;
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
    impl_->redis->send({"EVAL", std::string(drop_script), "1", session_key(id), impl_->id});
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
