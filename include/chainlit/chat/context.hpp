#pragma once
#include "chainlit/chat/command.hpp"
#include "chainlit/chat/message.hpp"
#include "chainlit/chat/session.hpp"
#include "chainlit/core/task.hpp"
#include "chainlit/data/model.hpp"
#include "chainlit/http/response.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chainlit {

class chat_runtime;

/// Thrown inside a handler when the user pressed stop; the runtime catches it.
struct task_cancelled : std::exception {
    const char* what() const noexcept override { return "task cancelled"; }
};

/// Thrown by a context's sends when the thread the app named for an HTTP context belongs to
/// another user (docs/SECURITY.md): nothing was written. An app route that lets it escape
/// answers 403 with its text as the detail.
class access_denied : public http::http_error {
public:
    explicit access_denied(const std::string& detail) : http::http_error(403, detail) {}
};

/// What an `ask_file` reply gives: files already stored in the session.
using uploaded_file = session_file;

/// Options of ask_file (spec B.1 AskSpec "file").
struct file_ask_options {
    std::vector<std::string> accept{"*/*"}; ///< MIME patterns
    double max_size_mb = 2;
    int max_files = 1;
    std::chrono::seconds timeout{90};
};

/// Where `send` goes: an explicit object, not a hidden thread-local, because coroutines hop
/// threads. Hooks receive one; `init_ws_context` and `init_http_context` make one in any HTTP
/// handler. Copies share the session; each copy has its own step stack (so nested steps of
/// concurrent tasks never mix). Valid as long as you hold it.
class context {
public:
    context(std::shared_ptr<chainlit::session> s, std::shared_ptr<chat_runtime> rt);

    chainlit::session& session() const noexcept { return *session_; }
    std::shared_ptr<chainlit::session> session_ptr() const noexcept { return session_; }
    bool is_websocket() const noexcept { return session_->is_websocket(); }
    chainlit::user_session& user_session() const noexcept { return session_->user_session(); }

    /// Shows `m` (new_message) and persists it. Fills id, parent (enclosing step), author,
    /// thread and time when empty; then sends its actions and elements.
    task<void> send(message& m);
    /// Sends the updated message (update_message).
    task<void> update(message& m);
    /// Removes it from the chat (delete_message).
    task<void> remove(const message& m);
    /// Appends a token: the first one starts the stream (stream_start), later ones are
    /// stream_token. Finish with send(m) or update(m), which ends the stream.
    task<void> stream_token(message& m, std::string_view token, bool is_sequence = false);
    /// Sends an error message (author "Error", isError).
    task<void> send_error(std::string text);

    /// Runs `body` inside a step: sends it (new_message), nests everything `body` sends under
    /// it, then ends it (update_message with end time). An exception in `body` marks the step
    /// as an error with the exception's text, then propagates.
    ///
    /// GCC 12 destroys a lambda temporary twice when it is created inside a co_await
    /// expression and captures by value something with a destructor (a std::string, a
    /// shared_ptr). Capture by reference (`[&]`), which is safe and what you want here anyway,
    /// or name the lambda in a variable first. Clang is not affected.
    task<void> run_step(step s, std::function<task<void>(context&, step&)> body);
    /// Streams a token into a step's output (or input).
    task<void> stream_step_token(step& s, std::string_view token, bool is_input = false);
    /// Sends a step as it is now (update_message), e.g. after changing its output.
    task<void> update_step(step& s);

    /// Sends an element on its own (shown once its `for_id` message exists, or inline).
    task<void> send_element(element& e);
    task<void> remove_element(const element& e);
    task<void> send_action(action& a);
    task<void> remove_action(const action& a);

    /// Asks the user to type an answer. nullopt on timeout or when there is no browser.
    task<std::optional<message>> ask_user(std::string prompt,
                                          std::chrono::seconds timeout = std::chrono::seconds(60));
    /// Asks the user to click one of `actions`; returns the clicked one, nullopt on timeout.
    task<std::optional<action>> ask_action(std::string prompt, std::vector<action> actions,
                                           std::chrono::seconds timeout = std::chrono::seconds(90));
    /// Asks the user for files; returns them (stored in the session), nullopt on timeout.
    task<std::optional<std::vector<uploaded_file>>> ask_file(std::string prompt,
                                                             file_ask_options opts);
    /// The same with the default options. An overload, not a default argument: GCC 12 cannot
    /// compile `co_await ctx.ask_file(p)` with a defaulted `file_ask_options` ("array used as
    /// initializer", its braced member initialiser lands inside the co_await expression).
    task<std::optional<std::vector<uploaded_file>>> ask_file(std::string prompt);

    /// A toast in the browser: type is info, success, warning or error.
    void toast(std::string_view text, std::string_view type = "info");
    void set_sidebar_title(std::string_view title);
    task<void> set_sidebar_elements(std::vector<element> elements, std::string key = {});
    /// Posts `data` to the page embedding the chat (window.parent.postMessage).
    void send_window_message(json::value data);
    /// Defines the chat settings form (spec B.3 widget dicts).
    void set_chat_settings(json::array widgets);
    /// The composer's commands (replaces the earlier list; an empty one removes them all).
    /// Sent to the browser like any event, so a reconnecting one gets them too.
    void set_commands(const std::vector<command>& commands);
    /// Adds `count` tokens to the UI's token counter (Chainlit's `token_usage` event; the
    /// react-client sums them). llm::client sends each model call's total by itself.
    void send_token_usage(std::int64_t count);
    /// Calls a function in the copilot widget and waits for its result.
    task<result<json::value>> call_fn(std::string name, json::object args,
                                      std::chrono::seconds timeout = std::chrono::seconds(300));

    /// The chat so far as an OpenAI message list, as Chainlit's `cl.chat_context.to_openai()`:
    /// {"role": "user" | "assistant" | "system", "content"} for every message shown, in order,
    /// with edits, updates and removals applied. A resumed chat gets it back from the data
    /// layer. An HTTP context has none (empty).
    json::array chat_context() const;

    /// Returns once everything sent so far is in the browser's stream: at once for a chat on
    /// this node; for another node's chat (websocket_session::find in a cluster) once that
    /// node confirms. The awaited sends do this by themselves; call it after the ones that
    /// are not awaited (toast, set_commands, ...) when what comes next must follow them.
    /// Throws http::http_error 404 (the chat ended) or 503 (its node cannot be reached).
    task<void> delivered() const;

    /// Throws task_cancelled if the user pressed stop. Every send does this; long loops that
    /// send nothing may call it.
    void check_cancelled() const;
    /// The id of the innermost step (parent of what is sent now), or "".
    std::string current_parent() const;

    // For the runtime.
    void set_cancel_flag(std::shared_ptr<std::atomic<bool>> f) { cancelled_ = std::move(f); }
    void push_parent(std::string id) { parents_.push_back(std::move(id)); }
    chat_runtime& runtime() const noexcept { return *runtime_; }

private:
    void emit(std::string_view event, json::value payload) const;
    /// The author a message is shown with: ui.name when empty, then the app's author_rename.
    task<void> name_author(message& m) const;
    /// Emits the dict of `m` or `s`, written straight to JSON text (write_dict): no object is
    /// built for an event that is only sent. Stream tokens use stack scratch memory.
    void emit_dict(std::string_view event, const message& m, bool streaming = false) const;
    void emit_dict(std::string_view event, const step& s) const;
    void emit_token(const std::string& id, std::string_view token, bool is_sequence,
                    bool is_input) const;
    /// The ElementDict for `e`, storing its content in the session's file store first.
    json::object element_wire(element& e);
    task<void> send_elements(std::vector<element>& elements, const std::string& for_id);
    /// Queues the step's write; with no data layer nothing is converted or queued.
    void persist_step(const message& m);
    void persist_step(const step& s);
    /// `files`: what a file ask got, attached to the answer as its elements. Returns the id the
    /// answer was stored under: the client's, unless another thread already uses it.
    task<std::string> after_ask_reply(const json::value& reply_step,
                                      const std::vector<session_file>& files = {});
    /// Before an HTTP context's first write into a thread its app named: checks and claims it
    /// (ownership::claim_thread), or throws access_denied. Live sessions never wait here.
    task<void> claim_thread();

    std::shared_ptr<chainlit::session> session_;
    std::shared_ptr<chat_runtime> runtime_;
    std::vector<std::string> parents_;
    std::shared_ptr<std::atomic<bool>> cancelled_;
};

} // namespace chainlit
