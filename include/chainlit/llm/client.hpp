#pragma once
// The LLM client an app holds: a provider, its tools, and the loop of call -> tool -> call.
#include "chainlit/llm/openai.hpp"
#include "chainlit/llm/provider.hpp"
#include "chainlit/llm/tools.hpp"

#include <memory>

namespace chainlit {
class context;
struct message;
} // namespace chainlit

namespace chainlit::llm {

class client {
public:
    /// OpenAI-compatible, configured from OPENAI_BASE_URL, OPENAI_API_KEY and OPENAI_MODEL.
    client();
    explicit client(openai_options options);
    /// Any provider (an app's own vendor).
    explicit client(std::shared_ptr<llm::provider> p);

    tool_registry& tools() noexcept { return *tools_; }
    llm::provider& provider() noexcept { return *provider_; }

    /// Calls the model, runs the tools it asks for and calls it again, until it answers with
    /// text. Returns that last completion, with the usage summed over every call.
    task<completion> complete(chat_request request);

    /// The same inside a chat: the answer streams into `msg` (stream_token) as it comes and is
    /// sent when done. Each model call shows as an "llm" step whose generation carries the
    /// token usage; each tool call shows as a "tool" step with its input and output. The
    /// user's Stop cancels the HTTP stream at once. A failure ends the stream and throws
    /// llm::error, which the chat shows as an error message.
    task<completion> stream_into(context& ctx, message& msg, chat_request request);

private:
    std::shared_ptr<llm::provider> provider_;
    std::shared_ptr<tool_registry> tools_;
};

} // namespace chainlit::llm
