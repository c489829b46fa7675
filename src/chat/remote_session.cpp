// A chat of another node, reached over the bus (remote_session.hpp).
#include "remote_session.hpp"

#include "chainlit/chat/runtime.hpp"
#include "cluster_relay.hpp"

#include <boost/json/serialize.hpp>

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

void remote_ws_session::emit(std::string_view event, json::value payload) {
    relay_->post_emit(owner_, id_, event, json::serialize(payload));
}

void remote_ws_session::emit_json(std::string_view event, std::string payload_json) {
    relay_->post_emit(owner_, id_, event, std::move(payload_json));
}

task<result<json::value>> remote_ws_session::call(std::string_view event, json::value payload,
                                                  std::chrono::milliseconds timeout) {
    co_return co_await relay_->call(owner_, id_, std::string(event), std::move(payload), timeout);
}

task<void> remote_ws_session::delivered() {
    co_await relay_->sync(owner_, id_);
}

void remote_ws_session::remember_message(std::string_view id, std::string_view type,
                                         std::string_view text) {
    const std::string t(text);
    relay_->post_remember(owner_, id_, id, type, &t, false);
}

void remote_ws_session::revise_message(std::string_view id, std::string_view type,
                                       const std::string* text) {
    relay_->post_remember(owner_, id_, id, type, text, true);
}

} // namespace chainlit
