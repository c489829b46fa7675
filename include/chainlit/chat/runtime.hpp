#pragma once
// The chat runtime: hooks, live sessions, and the Socket.IO event handling of spec A and B.
// An app owns one (chainlit::app wires it); apps register hooks through chainlit::app.
#include "chainlit/chat/context.hpp"
#include "chainlit/chat/persister.hpp"
#include "chainlit/chat/session.hpp"
#include "chainlit/chat/starters.hpp"
#include "chainlit/core/config.hpp"
#include "chainlit/core/task.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chainlit::realtime {
class io_server;
class socket;
struct payload;
using socket_ptr = std::shared_ptr<socket>;
} // namespace chainlit::realtime
namespace chainlit::cluster {
class node;
}

namespace chainlit::http {
class request;
}

namespace chainlit {

class ws_session_impl;

/// The app's chat hooks (spec B). Each runs as a coroutine on the session's strand; an
/// exception becomes an error message to that user and the server goes on.
struct chat_hooks {
    std::function<task<void>(context&)> on_chat_start;
    std::function<task<void>(context&, message)> on_message;
    std::function<task<void>(context&)> on_chat_end;
    std::function<task<void>(context&)> on_stop;
    std::function<task<void>(context&, json::object thread)> on_chat_resume;
    std::function<task<void>(context&, json::object settings)> on_settings_update;
    std::function<task<void>(context&, json::value data)> on_window_message;
    /// Action callbacks by action name; the returned JSON goes back in /project/action.
    std::map<std::string, std::function<task<json::value>(context&, action)>, std::less<>> actions;
    /// `/project/settings` hooks, called per request with the caller (nullopt when anonymous)
    /// and the requested language (spec C.2.1).
    std::function<task<std::vector<starter>>(std::optional<user>, std::string language)>
        set_starters;
    std::function<task<std::vector<chat_profile>>(std::optional<user>, std::string language)>
        set_chat_profiles;
    /// Also given the chosen chat profile's name (empty when none).
    std::function<task<std::vector<starter_category>>(std::optional<user>, std::string language,
                                                      std::string chat_profile)>
        set_starter_categories;
    /// May `user` view the shared page of `thread` (a ThreadDict) that is not marked shared?
    /// Also enables sharing at all (with features.allow_thread_sharing).
    std::function<task<bool>(json::object thread, std::optional<user>)> on_shared_thread_view;
    /// Chainlit's `@cl.author_rename`: the author shown for a message, from the one it was
    /// sent with. Applied by context::send and at a stream's start.
    std::function<task<std::string>(std::string author)> author_rename;
    /// Chainlit's `@cl.on_feedback`: a user rated a message (`PUT /feedback`, after it is
    /// stored, with its id and thread). The context reaches the user's live chat when the
    /// request names it, else it is an HTTP context of that thread. Errors are only logged.
    std::function<task<void>(context&, data::feedback)> on_feedback;
};

/// Resolves the user of a socket handshake or HTTP request. nullopt user = anonymous (login
/// not required); an error = refuse ("authentication failed" / 401).
using authenticator = std::function<task<result<std::optional<user>>>(const http::request&)>;

class chat_runtime : public std::enable_shared_from_this<chat_runtime> {
public:
    struct options {
        app_config config;
        std::filesystem::path app_root;
        /// The prefix the app is served under (`--root-path`): URLs handed to the browser
        /// (stored elements' files) carry it.
        std::string root_path;
    };
    chat_runtime(boost::asio::any_io_executor exec, options opts, chat_hooks hooks);
    ~chat_runtime();

    /// Registers the Socket.IO event handlers (call before the server starts).
    void attach(realtime::io_server& io);
    /// Sets how sockets and requests are authenticated (default: everyone anonymous).
    void set_authenticator(authenticator a) { authenticate_ = std::move(a); }
    const authenticator& auth() const noexcept { return authenticate_; }
    /// Ends every session (server shutdown), committing what is queued for the database.
    void close_all();
    /// Joins a cluster (docs/SCALING.md): each chat gets a record in the session directory,
    /// and websocket_session::find reaches the chats of other nodes. Call before node->start().
    void set_cluster(std::shared_ptr<cluster::node> node);
    /// The ids of the live sessions (connected, or waiting for a reconnect).
    std::vector<std::string> session_ids() const;
    /// In a cluster: serves `req`, an HTTP request that names chat `session_id` not held by
    /// this node, through the node that holds it (round robin sent the browser's request
    /// elsewhere), and returns that node's response; the owner checks the caller again. A 503
    /// response when that node cannot be reached; throws http::http_error 503 when Redis
    /// cannot (a route that lets it escape answers 503 {"detail"}). nullopt when no node holds
    /// the chat, outside a cluster, or when `req` was forwarded to this node already.
    task<std::optional<http::response>> forward_to_chat_node(const http::request& req,
                                                             std::string session_id);

    /// Turns persistence on (call before the server starts).
    void set_data_layer(std::shared_ptr<data::data_layer> dl);
    /// The database queue, or nullptr without a data layer.
    persister* store() const noexcept { return store_.get(); }
    /// Persists through the store: for a live session queued until its first interaction
    /// (spec E.7: a chat nobody talks to is never stored), at once for an HTTP context. No-op
    /// without a data layer. Thread-safe.
    void persist(session& s, persister::write_op op);
    /// The session's first interaction (a message, an action, an ask answer): sends
    /// `first_interaction`, creates the thread row (named after `interaction`, owned by the
    /// session's user) and releases the queued writes. Later calls do nothing.
    void first_interaction(session& s, const std::string& interaction);

    std::shared_ptr<websocket_session> find(std::string_view session_id) const;
    /// Calls `fn` with a session's id when the session ends (its timeout after a disconnect,
    /// clear_session, shutdown), so that what a layer keeps per session can go too (the MCP
    /// servers). Register before the server starts; `fn` must not block.
    void on_session_end(std::function<void(const std::string& session_id)> fn) {
        session_end_.push_back(std::move(fn));
    }
    /// An event every browser gets once it is connected (right after its state is reset), or
    /// nullopt: something the app layer must show to each newcomer, such as watch mode's last
    /// failed build. Register before the server starts; `fn` is called from the sessions'
    /// strands, so it must be thread-safe and must not block.
    using greeting = std::function<std::optional<std::pair<std::string, json::value>>()>;
    void add_greeting(greeting fn) { greetings_.push_back(std::move(fn)); }
    /// The executor the sessions run on.
    boost::asio::any_io_executor executor() const;
    const chat_hooks& hooks() const noexcept { return hooks_; }
    const options& opts() const noexcept { return opts_; }
    /// `<app_root>/.files`, where each session's files go (in a folder named after it): one
    /// object that every session shares.
    const std::shared_ptr<const std::filesystem::path>& files_root() const noexcept {
        return files_root_;
    }
    std::string ui_name() const { return opts_.config.ui_name(); }
    std::size_t session_count() const;

    /// A context for a live session (init_ws_context).
    context ws_context(std::shared_ptr<websocket_session> s);
    /// Runs `fn` as the session's current task: task_start/task_end around it, cancellable by
    /// `stop`, an exception sent as an error message.
    void start_task(std::shared_ptr<websocket_session> s, std::function<task<void>(context&)> fn,
                    bool wrap_task_events = true);

    struct impl;

private:
    friend class cluster_relay; // ends a chat that moved to another node (end_session)
    task<std::optional<std::string>> on_connect(realtime::socket_ptr sock, const json::value& auth,
                                                const http::request& handshake);
    void on_disconnect(realtime::socket& sock, const std::string& reason);
    void end_session(const std::shared_ptr<ws_session_impl>& s);
    void on_connection_successful(const std::shared_ptr<ws_session_impl>& s, realtime::payload& p);
    void on_client_message(const std::shared_ptr<ws_session_impl>& s, realtime::payload& p);
    void on_edit_message(const std::shared_ptr<ws_session_impl>& s, realtime::payload& p);
    void on_stop_event(const std::shared_ptr<ws_session_impl>& s, realtime::payload& p);
    void on_clear_session(const std::shared_ptr<ws_session_impl>& s, realtime::payload& p);
    void on_settings_change(const std::shared_ptr<ws_session_impl>& s, realtime::payload& p);
    void on_window_message_event(const std::shared_ptr<ws_session_impl>& s, realtime::payload& p);
    void start_chat(const std::shared_ptr<ws_session_impl>& s);

    void resume_thread(const std::shared_ptr<ws_session_impl>& s);

    std::unique_ptr<impl> impl_;
    std::unique_ptr<persister> store_;
    chat_hooks hooks_;
    options opts_;
    std::shared_ptr<const std::filesystem::path> files_root_;
    authenticator authenticate_;
    std::vector<std::function<void(const std::string&)>> session_end_;
    std::vector<greeting> greetings_;
};

/// A context that sends to `s`'s browser from anywhere (e.g. a custom HTTP endpoint).
context init_ws_context(websocket_session& s);

/// A context for an HTTP request (spec F): nothing reaches a browser; what it sends is
/// persisted for `u` when a data layer is on. `thread_id` empty: a new thread. A thread the app
/// names must be new or `u`'s own (ownerless for an anonymous context): the first send checks
/// it and throws chainlit::access_denied (a 403 when it escapes the handler) if another user
/// owns it, so an endpoint that takes a thread id from its caller cannot write into someone
/// else's chat. Throws std::logic_error if `req` was not dispatched by a running app.
context init_http_context(const http::request& req, std::optional<user> u = std::nullopt,
                          std::string thread_id = {});

/// Runs blocking `fn` on a separate thread pool, off the I/O threads, and resumes the caller
/// with its result; a thrown exception propagates to the awaiting coroutine.
template <class F> auto run_blocking(F fn) -> task<decltype(fn())>;

} // namespace chainlit

#include "chainlit/chat/run_blocking.ipp"
