#pragma once
// Internal: the body of POST /v1/chat/completions (the app served as an OpenAI-compatible API),
// read from untrusted input into what the headless session needs, and OpenAI's error shape.
#include "chainlit/core/json.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chainlit::openai_api {

/// One message of the request, text only: a content given as parts is joined.
struct chat_message {
    std::string role; ///< system, developer, user, assistant, tool or function
    std::string content;
};

struct completion_request {
    std::string model;
    std::vector<chat_message> messages;
    std::size_t last_user = 0; ///< index of the last user message: what on_message receives
    bool stream = false;
    bool include_usage = false; ///< stream_options.include_usage
    /// The other fields (temperature, max_tokens, user, ...), kept for the app to read.
    json::object params;
};

/// A refused request: the HTTP status and OpenAI's error fields.
struct request_error {
    int status = 400;
    std::string message;
    std::string type = "invalid_request_error";
    std::string param; ///< "" when none
    std::string code;  ///< "" when none
};

/// Limits on what one request may carry (the body itself is bounded by the server).
inline constexpr std::size_t max_messages = 10'000;
inline constexpr std::size_t max_model_name = 256;

/// Reads a Chat Completions request body. Never throws on any input.
std::variant<completion_request, request_error> parse_completion_request(std::string_view body);

/// OpenAI's error body: {"error": {"message", "type", "param", "code"}}.
json::object error_body(const request_error& e);

} // namespace chainlit::openai_api
