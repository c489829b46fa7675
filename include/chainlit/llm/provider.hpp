#pragma once
// The seam between the tool loop and a model vendor. chainlit-cpp ships one implementation,
// OpenAI-compatible Chat Completions (openai.hpp), which also covers Azure OpenAI, vLLM,
// llama.cpp's server, Ollama and LM Studio. Another vendor is one class: see docs/LLM.md.
#include "chainlit/llm/types.hpp"

#include <string>

namespace chainlit::llm {

class provider {
public:
    virtual ~provider() = default;

    /// One model call. `tools` are OpenAI tool definitions ({"type": "function", "function":
    /// {...}}), empty when none are offered. With `on_delta` set the answer is streamed: each
    /// piece of text goes to it as it arrives, and the returned completion still holds the
    /// whole text, the tool calls and the usage. Throws llm::error; a cancelled await (the
    /// user's Stop) ends the call at once and throws chainlit::task_cancelled.
    virtual task<completion> chat(const chat_request& request, const json::array& tools,
                                  const delta_sink* on_delta) = 0;

    /// The model used when a request names none.
    virtual std::string default_model() const = 0;
    /// The name steps show as the generation's provider ("openai", ...).
    virtual std::string name() const = 0;
};

} // namespace chainlit::llm
