#pragma once
// An incremental parser of `text/event-stream` (the WHATWG server-sent events format), as the
// OpenAI-compatible servers stream a completion. Input is untrusted: every size is bounded.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::llm::detail {

class sse_parser {
public:
    explicit sse_parser(std::size_t max_event_bytes = 4 * 1024 * 1024)
        : max_event_bytes_(max_event_bytes) {}

    /// Parses `bytes` (any split: a line or a CRLF may straddle two calls) and appends the
    /// data of every event they complete to `events`. Only `data` fields matter here; `event`,
    /// `id`, `retry` and comments are skipped. Throws llm::error when one event grows past the
    /// limit.
    void feed(std::string_view bytes, std::vector<std::string>& events);

private:
    void end_line(std::vector<std::string>& events);

    std::size_t max_event_bytes_;
    std::string line_;
    std::string data_;
    bool has_data_ = false;
    bool after_cr_ = false; ///< the last byte was CR: a following LF belongs to the same break
};

} // namespace chainlit::llm::detail
