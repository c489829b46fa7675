// A chat of another node, reached over the bus (remote_session.hpp).
#include "remote_session.hpp"

#include "chainlit/chat/runtime.hpp"
#include "cluster_relay.hpp"

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>

#include <utility>

namespace chainlit {

remote_ws_session::remote_ws_session(std::string id, std::string thread_id,
                                     std::optional<chainlit::user> u, std::string client_type,
                                     std::string chat_profile, std::string owner,
                                     std::shared_ptr<cluster_relay> relay,
                                     std::shared_ptr<chat_runtime> rt)
    // Files an element sends are written here, under the app's .files like a local chat's.
    : websocket_session(std::move(id), std::move(thread_id), std::move(u), rt->files_root()),
      owner_(std::move(owner)), relay_(std::move(relay)), runtime_(rt) {
    client_type_ = std::move(client_type);
    chat_profile_ = std::move(chat_profile);
}

remote_ws_session::~remote_ws_session() {
    // What no delivered() followed and no posted flush sent yet: still after what the strand
    // sent before.
    auto ops = take_ops();
    if (!ops.empty())
        boost::asio::post(relay_->strand(),
                          [relay = relay_, owner = owner_, id = id_, ops = std::move(ops)] {
                              relay->post_batch(owner, id, ops);
                          });
}

void remote_ws_session::queue(std::string op) {
    bool post = false;
    {
        std::lock_guard lk(mu_);
        if (!ops_.empty())
            ops_ += ',';
        ops_ += op;
        post = !std::exchange(flush_posted_, true);
    }
    if (post)
        post_flush();
}

void remote_ws_session::post_flush() {
    // Taken on the relay's strand, like a sync's or a call's: what is taken first is sent
    // first, whichever thread queued it.
    boost::asio::post(relay_->strand(), [weak = weak_from_this()] {
        if (auto self = weak.lock())
            if (auto ops = self->take_ops(); !ops.empty())
                self->relay_->post_batch(self->owner_, self->id_, ops);
    });
}

std::string remote_ws_session::take_ops() {
    std::lock_guard lk(mu_);
    flush_posted_ = false;
    return std::exchange(ops_, std::string());
}

void remote_ws_session::emit(std::string_view event, json::value payload) {
    queue(cluster_relay::emit_op(event, json::serialize(payload)));
}

void remote_ws_session::emit_json(std::string_view event, std::string payload_json) {
    queue(cluster_relay::emit_op(event, payload_json));
}

task<result<json::value>> remote_ws_session::call(std::string_view event, json::value payload,
                                                  std::chrono::milliseconds timeout) {
    bool queued = false;
    {
        std::lock_guard lk(mu_);
        queued = !ops_.empty();
    }
    if (queued)
        post_flush(); // what was sent before the ask goes first (no empty hop when nothing was)
    co_return co_await relay_->call(owner_, id_, std::string(event), std::move(payload), timeout);
}

task<void> remote_ws_session::delivered() {
    // Named: GCC 12 destroys a temporary's captures inside a co_await twice.
    std::function<std::string()> take = [weak = weak_from_this()] {
        auto self = weak.lock();
        return self ? self->take_ops() : std::string();
    };
    co_await relay_->sync(owner_, id_, std::move(take));
}

void remote_ws_session::remember_message(std::string_view id, std::string_view type,
                                         std::string_view text) {
    const std::string t(text);
    queue(cluster_relay::remember_op(id, type, &t, false));
}

void remote_ws_session::revise_message(std::string_view id, std::string_view type,
                                       const std::string* text) {
    queue(cluster_relay::remember_op(id, type, text, true));
}

} // namespace chainlit
