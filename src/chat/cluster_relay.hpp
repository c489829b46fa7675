#pragma once
// Internal: chat sessions across the nodes of a cluster (docs/SCALING.md, "Websocket contexts
// from any node"). Each node writes a record per live chat into the session directory (Redis:
// node, user, thread, chat profile, with a TTL its heartbeat renews) and listens on its own bus
// channel. A handle on a chat of another node (remote_ws_session) sends its events there; the
// owner puts them into the browser's stream in the order they came, answers asks, and confirms
// a `sync` once everything before it is in the stream.
#include "chainlit/chat/session.hpp"
#include "chainlit/cluster/node.hpp"
#include "chainlit/core/json.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/http/request.hpp"
#include "chainlit/http/response.hpp"
#include "chainlit/realtime/socket.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chainlit {

class chat_runtime;
class ws_session_impl;

/// One bus message, parsed (relay_message.cpp). Text from Redis: anything malformed is
/// refused by parse_relay_message, never trusted.
struct relay_message {
    enum class kind { emit, remember, revise, call, sync, reply, moved, handover, batch };
    kind op = kind::emit;
    std::string session;             ///< emit, remember, revise, call, sync, handover
    std::string event;               ///< emit, call
    json::value payload;             ///< emit, call; handover: an object; reply: the value
    std::string id, type;            ///< remember, revise: the message
    std::optional<std::string> text; ///< remember; revise (nullopt: removed)
    std::uint64_t call = 0;          ///< call, sync, reply, handover
    std::string from;                ///< call, sync, handover: the node that waits for the reply
    std::int64_t timeout_ms = 0;     ///< call
    std::string status;              ///< reply: ok, timeout, unavailable, unknown
    /// batch, sync: emits, remembers and revises of `session`, applied in order (a sync's
    /// before its reply). One bus message for all a handle sent since its last one.
    std::vector<relay_message> ops;
};
std::optional<relay_message> parse_relay_message(std::string_view text);

/// A chat that its node handed over (cluster_relay::hand_over): what it kept for the browser.
struct moved_chat {
    /// The connection state the browser named, when that node still had it.
    std::optional<realtime::recovery_handoff> recovery;
    /// Events that node kept while no browser was ready, oldest first.
    std::deque<std::pair<std::string, json::value>> offline;
    json::object session; ///< its user session, with its chat settings
    bool started = false; ///< it had its first interaction: its thread is stored
};
/// The reply's value, parsed strictly (bus text); nullopt if malformed.
std::optional<moved_chat> parse_moved_chat(const json::value& v);
json::value to_json(const moved_chat& m);

class cluster_relay : public std::enable_shared_from_this<cluster_relay> {
public:
    cluster_relay(std::shared_ptr<cluster::node> node, std::weak_ptr<chat_runtime> runtime,
                  boost::asio::any_io_executor ex);

    /// Listens on the node's channel (before node->start()) and starts the heartbeat.
    void start();
    void stop();

    /// Writes the session's directory record: `claim` when its browser connected here (the
    /// node that had it before is told the chat moved), `renew` from the heartbeat (a chat
    /// that another node has claimed since is let go here, unless its browser is connected
    /// here). An outage is logged, not thrown: the chat works on this node all the same.
    task<void> announce(std::shared_ptr<ws_session_impl> s, cluster::node::write_mode mode);
    void forget(const std::string& session_id);
    /// Whether the chat's user session or first interaction changed since its record was
    /// written last (then announce(renew) writes it again: after each hook, so that a node
    /// that takes the chat over has what the browser saw).
    static bool stale(const ws_session_impl& s);
    /// announce(renew) without waiting, when stale().
    void refresh(const std::shared_ptr<ws_session_impl>& s);

    /// What the directory holds of a chat that another node had, for a browser that
    /// reconnected here with its session id (that node stopped, or the connection moved).
    struct prior_chat {
        std::string node;
        std::string thread;
        std::optional<std::string> owner; ///< its user's identifier; nullopt: anonymous
        bool started = false;             ///< it had its first interaction: its thread is stored
        json::object session;             ///< its user session, with its chat settings
    };
    /// nullopt when no other node has a record of the chat, or Redis cannot be reached (logged;
    /// the chat then starts afresh here).
    task<std::optional<prior_chat>> prior(std::string session_id);

    /// Asks `node`, which holds chat `session_id` while its browser reconnected here, to hand
    /// it over: that node checks the user and client type again, gives up the connection state
    /// under the `pid` in `auth` (socket.io-client's recovery), ends the chat and commits its
    /// writes. nullopt when that node is gone, does not have the chat, or does not answer in
    /// time (the caller then takes the chat over from the directory record).
    struct handover_answer {
        bool refused = false;           ///< that node has the chat, for another user
        std::optional<moved_chat> chat; ///< handed over
    };
    task<handover_answer> hand_over(std::string node, std::string session_id, std::optional<user> u,
                                    std::string client_type, const json::value& auth);

    /// Serves `req`, an HTTP route naming chat `session_id` that is not on this node, through
    /// the node that holds it (the browser's upload, file or action request that round robin
    /// sent elsewhere). nullopt when no node holds it, or `req` was forwarded already; a 503
    /// response when that node cannot be reached. Throws http::http_error 503 when Redis
    /// cannot.
    task<std::optional<http::response>> forward(const http::request& req, std::string session_id);

    /// A handle on a chat of another node, nullptr when the directory has none. Throws
    /// http::http_error 503 when Redis cannot be reached.
    task<std::shared_ptr<websocket_session>> find(std::string session_id);

    // For remote_ws_session, which gathers what it sends into one bus message: the ops (as
    // JSON objects, comma-separated) and how they go.
    static std::string emit_op(std::string_view event, std::string_view payload_json);
    static std::string remember_op(std::string_view id, std::string_view type,
                                   const std::string* text, bool revise);
    /// Where a remote handle takes its ops and sends them: every batch, sync and call of this
    /// node leaves from here, so they reach the bus in the order their ops were taken.
    boost::asio::any_io_executor strand() const { return strand_; }
    /// Sends `ops` (non-empty) to the owner without waiting. On the strand.
    void post_batch(const std::string& node, const std::string& session, std::string_view ops);
    /// An ask: the owner asks the browser and sends its answer back.
    task<result<json::value>> call(std::string node, std::string session, std::string event,
                                   json::value payload, std::chrono::milliseconds timeout);
    /// Sends the ops that `take_ops` returns (called on the strand; may be empty) and returns
    /// once the owner has put them, and everything sent before, into the stream. Throws
    /// http::http_error 404 (the chat ended) or 503 (no answer, or Redis unreachable).
    task<void> sync(std::string node, std::string session,
                    std::function<std::string()> take_ops = {});

private:
    struct waiter;
    /// A message about `session` that wants a reply: op, session, a new call id (`id`) and this
    /// node as the one that waits.
    json::object request_envelope(std::string_view op, const std::string& session,
                                  std::uint64_t& id);
    /// The record of a chat held by another node; nullopt when none (or this node's own,
    /// left behind). Throws http::http_error 503 when Redis cannot be reached.
    task<std::optional<std::map<std::string, std::string>>> record_elsewhere(std::string id);
    void deliver(std::string text);
    /// An emit, remember or revise for `s` (nullptr: the chat ended here; dropped).
    void apply(const std::shared_ptr<ws_session_impl>& s, relay_message& m);
    /// The chat's browser connected to another node: the copy here ends, unless its browser
    /// is (again) connected here.
    void let_go(const std::string& session_id);
    void serve_call(relay_message m);
    void serve_handover(relay_message m);
    task<void> run_handover(std::shared_ptr<ws_session_impl> s, relay_message m);
    void reply(const std::string& node, std::uint64_t call, std::string_view status,
               const json::value& value);
    void complete(std::uint64_t call, std::string status, json::value value);
    /// Sends a message that wants a reply and waits for it (on the strand, where `message` is
    /// called to write it).
    task<std::pair<std::string, json::value>> request(std::string node,
                                                      std::function<std::string()> message,
                                                      std::uint64_t call,
                                                      std::chrono::milliseconds timeout);
    void arm_heartbeat();

    std::shared_ptr<cluster::node> node_;
    std::weak_ptr<chat_runtime> runtime_;
    boost::asio::any_io_executor ex_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    boost::asio::steady_timer heartbeat_;
    std::atomic<std::uint64_t> next_call_{1};
    // On the strand only.
    std::map<std::uint64_t, std::shared_ptr<waiter>> waiting_;
    bool stopped_ = false;
};

/// The relay websocket_session::find asks (the app's, once its cluster is on).
void set_process_relay(std::weak_ptr<cluster_relay> relay);
std::shared_ptr<cluster_relay> process_relay();

} // namespace chainlit
