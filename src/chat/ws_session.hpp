#pragma once
// Internal: the live-session implementation behind chainlit::websocket_session.
#include "chainlit/chat/action.hpp"
#include "chainlit/chat/persister.hpp"
#include "chainlit/chat/session.hpp"
#include "chainlit/core/strand.hpp"
#include "chainlit/realtime/socket.hpp"
#include "chat/message_id_log.hpp"
#include "chat/message_texts.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>

#include <boost/asio/strand.hpp>
#include <deque>
#include <mutex>

namespace chainlit {

class chat_runtime;

/// Events kept for a session without a browser (replayed in order on reconnect). Bounded:
/// beyond it the oldest are dropped and that is logged.
inline constexpr std::size_t max_pending_events = 10'000;

/// Action buttons a session remembers; past it the oldest can no longer be clicked (logged).
inline constexpr std::size_t max_sent_actions = 1'000;

/// The state of one running task (a hook): its cancel flag and the signal that interrupts its
/// awaits. Touched on the session strand, except `cancelled` (atomic).
struct task_state {
    std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
    boost::asio::cancellation_signal signal;
};

class ws_session_impl final : public websocket_session,
                              public std::enable_shared_from_this<ws_session_impl> {
public:
    ws_session_impl(std::string id, std::string thread_id, std::optional<chainlit::user> u,
                    std::shared_ptr<const std::filesystem::path> files_root,
                    boost::asio::any_io_executor exec);

    bool connected() const noexcept override;
    void emit(std::string_view event, json::value payload) override;
    void emit_json(std::string_view event, std::string payload_json) override;
    task<result<json::value>> call(std::string_view event, json::value payload,
                                   std::chrono::milliseconds timeout) override;

    /// A new socket for this session; it receives events once mark_ready() runs. Returns the
    /// socket it replaces, if any.
    realtime::socket_ptr bind(realtime::socket_ptr s);
    /// The socket went away; true if it was the current one.
    bool unbind(const realtime::socket* s);
    /// Sends `resets` first, then the events kept while disconnected, in order; from then on
    /// events go straight to the socket.
    void mark_ready(std::initializer_list<std::string_view> resets);
    std::string socket_id() const;

    /// The socket bound now, or nullptr.
    realtime::socket_ptr socket() const;
    /// Takes out the events kept while no browser was ready (a chat moving to another node
    /// takes them along).
    std::deque<std::pair<std::string, json::value>> take_offline();
    /// Keeps `events` for the browser, ahead of anything sent later (a chat that moved here:
    /// what its old node kept for it).
    void keep_offline(std::deque<std::pair<std::string, json::value>> events);
    /// Makes `values` the user session (a resume's or another node's), with this session's own
    /// id, client type and user, and its chat settings taken from there.
    void restore_user_session(json::object values);

    void set_profile(std::string client_type, std::string chat_profile, const json::value& env,
                     std::string language);
    void merge_chat_settings(const json::object& changes);
    json::object persistable() const;

    io_strand strand;
    std::weak_ptr<chat_runtime> runtime; ///< the app it belongs to (for init_ws_context)
    boost::asio::steady_timer cleanup_timer;

    // Touched on the strand only.
    bool chat_started = false;
    bool to_clear = false;
    bool restored = false;
    std::string thread_id_to_resume;
    /// A chat taken over from another node (its browser reconnected here after that node
    /// stopped or lost it): its user session and chat settings there, from the session
    /// directory (cluster_relay::prior). Used by the resume, which also ends the run steps
    /// that node left unfinished.
    std::unique_ptr<json::object> handed_over;
    /// How the chat came to this node. `moved`: its node, still running, handed it over when
    /// its browser reconnected here (user session, chat settings and offline events came
    /// along); `recovered` too, and the browser got back every event it missed, so a resume
    /// only runs on_chat_resume and sends nothing of its own (docs/SCALING.md).
    enum class arrival { fresh, taken_over, moved, recovered };
    arrival arrived = arrival::fresh;
    /// In a cluster: what the session directory holds of this chat, as
    /// cluster_relay::state_of made it when it wrote the record last (0: never written).
    std::atomic<std::uint64_t> announced_state{0};
    /// The chat context: ids of the messages shown, user and assistant, in order (spec B.2
    /// edit_message deletes everything after the edited one). Guarded by ids_mu: contexts in
    /// HTTP handlers send too.
    std::mutex ids_mu;
    message_id_log message_ids;
    /// Records a message shown (or its new text, when its id is known already) for the chat
    /// context. `type`: the message's type (user_message, assistant_message, ...).
    void remember_message(std::string_view id, std::string_view type,
                          std::string_view text) override;
    /// A message that was changed (`text`) or removed (nullptr) after it was shown.
    void revise_message(std::string_view id, std::string_view type,
                        const std::string* text) override;
    /// The chat context as an OpenAI message list (context::chat_context).
    json::array chat_context() override;
    /// Each message's role and text, by position in message_ids. Guarded by ids_mu; made at
    /// the first message, so idle sessions pay a pointer.
    std::unique_ptr<message_texts> texts;
    /// The action buttons this session was sent (context::send_action), newest last, at most
    /// max_sent_actions: POST /project/action runs only one of these, and with the server's
    /// own copy (name, payload, forId), never the client's (docs/SECURITY.md). Guarded by
    /// ids_mu. Allocated at the first action: most sessions never get one.
    std::unique_ptr<std::vector<action>> sent_actions;
    void remember_action(const action& a);
    void forget_action(std::string_view id);
    std::optional<action> sent_action(std::string_view id);
    std::shared_ptr<task_state> current_task;

    std::atomic<bool> has_first_interaction{false};
    /// Writes held back until the first interaction (spec E.7).
    std::mutex writes_mu;
    std::vector<persister::write_op> pending_writes;
    std::string language = "en-US";

private:
    realtime::socket_ptr socket_;
    bool ready_ = false;
    // Allocated only while offline: an empty std::deque already holds about 600 bytes, which
    // every idle session would pay.
    std::unique_ptr<std::deque<std::pair<std::string, json::value>>> pending_;
    std::size_t dropped_ = 0;
};

/// The process-wide index behind websocket_session::get_by_id. Session ids are uuid4s chosen
/// by clients, so several apps in one process share it without clashes; a clash on a
/// duplicate id is refused at connect.
namespace session_index {
bool add(const std::shared_ptr<ws_session_impl>& s);
void remove(const std::string& id, const ws_session_impl* s);
std::shared_ptr<ws_session_impl> find(std::string_view id);
} // namespace session_index

} // namespace chainlit
