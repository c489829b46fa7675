#pragma once
// Typed tools the model may call: a name, a JSON schema for the arguments and a coroutine.
#include "chainlit/core/json.hpp"
#include "chainlit/core/task.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::llm {

struct tool {
    std::string name;        ///< [A-Za-z0-9_-], 1 to 64 characters (OpenAI's rule)
    std::string description; ///< what the model reads to decide when to call it
    /// JSON schema of the arguments object; empty means no arguments.
    json::object parameters;
    /// Gets the parsed arguments and returns the result the model reads (a string is passed
    /// as it is, anything else as JSON text). An exception becomes an error result the model
    /// sees; the chat goes on.
    std::function<task<json::value>(json::object arguments)> handler;
};

/// The tools a client offers. Thread-safe: MCP servers add and remove theirs while chats run.
class tool_registry {
public:
    /// Throws std::invalid_argument for a bad or duplicate name, or a tool without handler.
    void add(tool t);
    /// Adds a tool another registry holds too; false (and nothing added) if the name is taken.
    bool add_shared(std::shared_ptr<const tool> t);
    /// Every tool, in the order added.
    std::vector<std::shared_ptr<const tool>> all() const;
    bool remove(std::string_view name);
    /// A copy, so that a call runs even if the tool is removed meanwhile; nullptr if unknown.
    std::shared_ptr<const tool> find(std::string_view name) const;
    std::size_t size() const;
    /// The OpenAI `tools` array of a request.
    json::array definitions() const;

private:
    mutable std::mutex mu_;
    std::vector<std::shared_ptr<const tool>> tools_;
};

} // namespace chainlit::llm
