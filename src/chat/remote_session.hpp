#pragma once
// Internal: a handle on a chat that another node of the cluster holds (cluster_relay.hpp).
// What it sends goes to that node over the bus, in order; the context's awaited sends end
// with delivered(), so what any node sends afterwards comes after it in the browser. What it
// sends between two delivered() travels as one bus message (with the sync that delivered()
// waits for): a message's emit and its chat-context record cost one round trip, not three.
// What no delivered() follows goes out on its own at once (posted, so a burst is one message).
#include "chainlit/chat/session.hpp"

#include <memory>
#include <mutex>
#include <string>

namespace chainlit {

class chat_runtime;
class cluster_relay;

class remote_ws_session final : public websocket_session,
                                public std::enable_shared_from_this<remote_ws_session> {
public:
    /// `owner`: the node id that holds the chat. The rest comes from its directory record.
    remote_ws_session(std::string id, std::string thread_id, std::optional<chainlit::user> u,
                      std::string client_type, std::string chat_profile, std::string owner,
                      std::shared_ptr<cluster_relay> relay, std::shared_ptr<chat_runtime> rt);

    bool connected() const noexcept override { return true; }
    bool relayed() const noexcept override { return true; }
    void emit(std::string_view event, json::value payload) override;
    void emit_json(std::string_view event, std::string payload_json) override;
    task<result<json::value>> call(std::string_view event, json::value payload,
                                   std::chrono::milliseconds timeout) override;
    task<void> delivered() override;
    void remember_message(std::string_view id, std::string_view type,
                          std::string_view text) override;
    void revise_message(std::string_view id, std::string_view type,
                        const std::string* text) override;

    ~remote_ws_session() override;

    const std::string& owner() const noexcept { return owner_; }
    std::shared_ptr<chat_runtime> runtime() const { return runtime_.lock(); }

private:
    /// Adds one op (a JSON object) to what goes with the next bus message.
    void queue(std::string op);
    std::string take_ops();
    /// Sends what is queued, from the relay's strand.
    void post_flush();

    std::mutex mu_;
    std::string ops_; ///< comma-separated JSON objects
    bool flush_posted_ = false;
    std::string owner_;
    std::shared_ptr<cluster_relay> relay_;
    std::weak_ptr<chat_runtime> runtime_;
};

} // namespace chainlit
