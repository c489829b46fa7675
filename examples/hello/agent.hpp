#pragma once
// The demo's LLM mode: with OPENAI_BASE_URL or OPENAI_API_KEY set, replies come from a model
// that can call two tools, the time and a calculator, each shown as a step.
#include <chainlit/chainlit.hpp>

#include <memory>

namespace demo {

/// The client with its tools, or nullptr when no model is configured (the demo echoes then).
std::shared_ptr<chainlit::llm::client> make_agent();

/// Streams the model's answer to the chat so far into a new message.
chainlit::task<void> answer(chainlit::llm::client& agent, chainlit::context& ctx);

/// Evaluates + - * / and parentheses over decimal numbers; throws std::invalid_argument.
double calculate(std::string_view expression);

} // namespace demo
