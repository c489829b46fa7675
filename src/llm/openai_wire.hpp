#pragma once
// The JSON of OpenAI's Chat Completions API: the request body, a streamed answer's chunks, a
// whole answer, error bodies and Retry-After. Pure functions over untrusted text (fuzzed in
// tests/fuzz/fuzz_llm_wire.cpp).
#include "chainlit/llm/types.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace chainlit::llm::detail {

json::object build_body(const chat_request& r, const std::string& model, const json::array& tools,
                        bool stream, bool stream_usage);

/// Puts a streamed answer together from its chunks (`data:` payloads other than [DONE]).
class stream_accumulator {
public:
    /// One chunk; returns its text delta (often empty). Throws llm::error for invalid JSON or an
    /// error object inside the stream.
    std::string add(std::string_view chunk_json);
    completion finish() &&;

private:
    completion out_;
    std::map<long, tool_call> calls_; ///< by the delta's index, which the provider chooses
};

/// A whole (non-streamed) answer. Throws llm::error when it has no choice.
completion parse_completion(std::string_view body);

/// The error a non-2xx answer means: the provider's own message when the body has one
/// ({"error": {"message", "type", "code"}}, {"detail"}, {"message"} or short text).
error http_error(std::string_view where, int status, std::string_view body);

/// Whether a status is worth another try.
inline bool retryable_status(int s) {
    return s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
}

/// The wait a Retry-After value asks for: delta-seconds, or an HTTP date relative to `now`
/// (a past date is zero). nullopt when it is neither.
std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

} // namespace chainlit::llm::detail
