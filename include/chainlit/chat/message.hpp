#pragma once
#include "chainlit/chat/action.hpp"
#include "chainlit/chat/element.hpp"
#include "chainlit/chat/session.hpp"
#include "chainlit/core/ids.hpp"
#include "chainlit/core/json.hpp"

#include <optional>
#include <string>
#include <vector>

namespace chainlit {

/// A chat message (spec E.2). Sending it through a context shows it in the browser (websocket
/// context) and persists it (when a data layer is on).
struct message {
    std::string content;
    std::string author;   ///< empty: the app's UI name ("Assistant")
    std::string language; ///< render the content as code in this language
    std::vector<action> actions;
    std::vector<element> elements;
    json::object metadata;
    std::string type = "assistant_message"; ///< or user_message, system_message
    std::string id = uuid4();
    std::string parent_id;  ///< set on send from the enclosing step, when empty
    std::string created_at; ///< set on send when empty
    std::string thread_id;  ///< set on send
    std::string command;    ///< user messages: the composer command
    /// User messages: the files attached to it (`fileReferences`), stored in the session as
    /// long as it lives. They are also persisted as the message's elements (with a data layer),
    /// so they come back with the thread on resume.
    std::vector<session_file> files;
    bool is_error = false;
    std::vector<std::string> tags; ///< shown beside the author and stored
    /// Set once the app's author_rename has run on `author` (at send, or a stream's start), so
    /// that sending it again, or a stream's final send, does not rename the renamed name.
    bool author_renamed = false;

    message() = default;
    explicit message(std::string text, std::string author_name = {})
        : content(std::move(text)), author(std::move(author_name)) {}

    /// The StepDict the protocol sends for a message, allocated from `sp`.
    json::object to_dict(json::storage_ptr sp = {}) const;
    /// Appends `json::serialize(to_dict())` to `out` (with `"streaming": true` if `streaming`),
    /// written directly: an event built only to be sent needs no JSON object.
    void write_dict(std::string& out, bool streaming = false) const;
};

/// The kinds of step the protocol knows.
inline constexpr const char* step_types[] = {"run",       "tool",   "llm",      "embedding",
                                             "retrieval", "rerank", "undefined"};

/// A step of the chain of thought (spec E.2): shown as a collapsible block, nestable. Create
/// them with context::run_step, which sends, nests, times and ends them.
struct step {
    std::string name;
    std::string type = "undefined"; ///< one of step_types
    std::string id = uuid4();
    std::string parent_id;
    std::string thread_id;
    std::string input;
    std::string output;
    std::string language;
    std::string show_input = "json"; ///< a language name, or "false" to hide the input
    bool default_open = false;
    /// Open while it runs, closed once it ends (Chainlit 2.x `auto_collapse`).
    bool auto_collapse = false;
    bool is_error = false;
    /// A Lucide icon name shown before the step's name; sent and stored as `metadata.icon`.
    std::string icon;
    std::vector<std::string> tags; ///< shown beside the step's name and stored
    json::object metadata;
    std::vector<element> elements;
    std::string created_at;
    std::string start;
    std::string end;
    /// An LLM call's record (Chainlit's generation dict: provider, model, messages, token
    /// counts); llm::client fills it on its "llm" steps. Shown by the UI and persisted.
    std::optional<json::object> generation;

    /// The StepDict the protocol sends for this step, allocated from `sp`.
    json::object to_dict(json::storage_ptr sp = {}) const;
    /// Appends `json::serialize(to_dict())` to `out`, written directly.
    void write_dict(std::string& out) const;
};

/// `metadata` with `icon` set under "icon" (a step's icon travels there); `metadata` itself when
/// `icon` is empty.
json::object metadata_with_icon(const json::object& metadata, const std::string& icon);

} // namespace chainlit
