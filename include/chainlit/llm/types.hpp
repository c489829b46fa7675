#pragma once
// The vocabulary of the LLM layer: requests, completions, usage and the one error type. The
// shapes follow OpenAI's Chat Completions API, which every provider we talk to speaks.
#include "chainlit/core/json.hpp"
#include "chainlit/core/task.hpp"

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::llm {

/// Tokens a call consumed, as the provider reported them.
struct usage {
    long prompt_tokens = 0;
    long completion_tokens = 0;
    long total_tokens = 0;
};

/// One function call the model asked for. `arguments` is the JSON text the model wrote: it may
/// be invalid, and the tool loop reports that back to the model instead of failing.
struct tool_call {
    std::string id;
    std::string name;
    std::string arguments;
};

/// What one model call gave (or, from client::complete, the final call of a tool loop).
struct completion {
    std::string content;
    std::vector<tool_call> tool_calls;
    std::string finish_reason; ///< "stop", "length", "tool_calls", ...
    std::string model;         ///< the model that answered, as the provider names it
    std::optional<llm::usage> usage;
};

/// A chat request. `messages` is an OpenAI message list ({"role", "content"}, ...), for example
/// `ctx.chat_context()` with a system prompt in front.
struct chat_request {
    std::string model; ///< empty: the client's default model
    json::array messages;
    json::object params;     ///< merged into the request body: temperature, max_tokens, ...
    bool use_tools = true;   ///< offer the client's registered tools to the model
    int max_tool_rounds = 8; ///< model calls that may ask for tools before the loop gives up
};

/// Every failure of the layer: a refused request, a provider error, a timeout, a broken
/// stream. `what()` is a sentence fit for the chat: the provider, the HTTP status and the
/// provider's own message. An escaped llm::error in a hook becomes the chat's error message.
class error : public std::runtime_error {
public:
    /// `status`: the HTTP status, or 0 when no response came (connect failure, timeout).
    error(std::string message, int status = 0, std::string type = {}, std::string code = {})
        : std::runtime_error(std::move(message)), status_(status), type_(std::move(type)),
          code_(std::move(code)) {}
    int status() const noexcept { return status_; }
    const std::string& type() const noexcept { return type_; }
    const std::string& code() const noexcept { return code_; }

private:
    int status_;
    std::string type_;
    std::string code_;
};

/// Receives the text of a streamed answer as it comes. Awaited before the next chunk is read,
/// so a slow consumer slows the stream instead of piling it up in memory.
using delta_sink = std::function<task<void>(std::string_view)>;

} // namespace chainlit::llm
