#pragma once
#include "chainlit/auth/user.hpp"
#include "chainlit/chat/user_session.hpp"
#include "chainlit/core/error.hpp"
#include "chainlit/core/json.hpp"
#include "chainlit/core/task.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace chainlit {

using user = auth::user;

/// A file the user uploaded into a session (`POST /project/file`), or that the app attached as
/// an element. `path` is a server path chosen by the server, never by the client.
struct session_file {
    std::string id;
    std::string name;
    std::string mime;
    std::size_t size = 0;
    std::filesystem::path path;
};

/// What a chat runs in: a live browser connection (websocket_session) or an HTTP request
/// (http context). Members are thread-safe unless noted.
class session {
public:
    virtual ~session() = default;

    /// The client's sessionId (websocket) or a fresh uuid4 (HTTP).
    const std::string& id() const noexcept { return id_; }
    const std::string& thread_id() const noexcept { return thread_id_; }
    const std::optional<chainlit::user>& user() const noexcept { return user_; }
    const std::string& client_type() const noexcept { return client_type_; }
    const std::string& chat_profile() const noexcept { return chat_profile_; }
    chainlit::user_session& user_session() noexcept { return user_session_; }
    const chainlit::user_session& user_session() const noexcept { return user_session_; }
    json::object chat_settings() const;
    virtual bool is_websocket() const noexcept = 0;

    /// Sends an event to the browser. In an HTTP context it does nothing.
    virtual void emit(std::string_view event, json::value payload) = 0;
    /// emit() of a payload already serialized (exactly one JSON value). The default parses it
    /// back and calls emit(); the websocket session sends the text as it is.
    virtual void emit_json(std::string_view event, std::string payload_json);
    /// Sends an event that the browser answers (ask, call_fn). errc::timeout, or
    /// errc::unavailable when there is no browser (HTTP context, or disconnected).
    virtual task<result<json::value>> call(std::string_view event, json::value payload,
                                           std::chrono::milliseconds timeout) = 0;

    /// Whether this session may write to its thread. Always true for a live session (its
    /// thread is checked at connect); an HTTP context whose app named an existing thread gets
    /// it checked, and claimed, at its first write (context's sends, docs/SECURITY.md).
    bool thread_verified() const noexcept { return thread_verified_.load(); }
    void set_thread_verified() noexcept { thread_verified_.store(true); }

    /// True for a handle on a chat held by another node of a cluster (docs/SCALING.md): what
    /// it sends travels there over the bus.
    virtual bool relayed() const noexcept { return false; }
    /// Returns once everything sent so far is in the browser's stream on its node, so that
    /// what any node sends next comes after it. Immediate for a session of this process. A
    /// relayed one throws http::http_error: 404 when the chat has ended, 503 when its node or
    /// the bus cannot be reached.
    virtual task<void> delivered();

    /// The chat so far as an OpenAI message list (context::chat_context); none by default.
    virtual json::array chat_context() { return {}; }
    /// A message was shown (`type`: user_message, assistant_message, ...): the chat context
    /// keeps it. The same id again replaces its text.
    virtual void remember_message(std::string_view id, std::string_view type,
                                  std::string_view text) {
        (void)id, (void)type, (void)text;
    }
    /// A message shown earlier changed (`text`) or was removed (nullptr).
    virtual void revise_message(std::string_view id, std::string_view type,
                                const std::string* text) {
        (void)id, (void)type, (void)text;
    }

    /// Files stored for this session (uploads and element content).
    std::optional<session_file> file(std::string_view id) const;
    void add_file(session_file f);
    /// Where this session's files live (`<app_root>/.files/<session id>`).
    std::filesystem::path files_dir() const { return *files_root_ / id_; }

protected:
    /// `files_root`: the app's `.files` folder, one object shared by every session (a path per
    /// session cost each idle session about 300 bytes of heap).
    session(std::string id, std::string thread_id, std::optional<chainlit::user> u,
            std::shared_ptr<const std::filesystem::path> files_root);
    void set_chat_settings(json::object s);
    void init_user_session(const json::value& env);

    std::string id_;
    std::string thread_id_;
    std::optional<chainlit::user> user_;
    std::string client_type_ = "webapp";
    std::string chat_profile_;
    chainlit::user_session user_session_;
    std::shared_ptr<const std::filesystem::path> files_root_;
    mutable std::mutex mu_;
    json::object chat_settings_;
    std::map<std::string, session_file, std::less<>> files_;
    std::atomic<bool> thread_verified_{true};

    friend class chat_runtime;
};

/// A live chat with a browser, looked up by the client's sessionId.
class websocket_session : public session {
public:
    /// The live session with this id in this process (any app), or nullptr. A session stays
    /// findable while disconnected, until `session_timeout` passes. Thread-safe.
    static std::shared_ptr<websocket_session> get_by_id(std::string_view id);
    /// get_by_id, and in a cluster (CHAINLIT_REDIS_URL) also a chat connected to any other
    /// node: a handle whose sends, streams, updates, removals, toasts and asks reach that
    /// browser through its node, and an ask's answer comes back here. nullptr when no node
    /// knows the id. Throws http::http_error 503 when the session directory (Redis) cannot
    /// be reached, so a custom endpoint that lets it escape answers 503 {"detail": ...}.
    static task<std::shared_ptr<websocket_session>> find(std::string id);

    bool is_websocket() const noexcept override { return true; }
    /// True while a browser is connected.
    virtual bool connected() const noexcept = 0;

protected:
    using session::session;
};

} // namespace chainlit
