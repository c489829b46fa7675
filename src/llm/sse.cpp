#include "sse.hpp"

#include "chainlit/llm/types.hpp"

namespace chainlit::llm::detail {

void sse_parser::feed(std::string_view bytes, std::vector<std::string>& events) {
    for (const char ch : bytes) {
        if (after_cr_) {
            after_cr_ = false;
            if (ch == '\n')
                continue; // CRLF: the CR already ended the line
        }
        if (ch == '\r' || ch == '\n') {
            after_cr_ = ch == '\r';
            end_line(events);
            continue;
        }
        if (line_.size() + data_.size() >= max_event_bytes_)
            throw error("the model's stream sent an event larger than " +
                        std::to_string(max_event_bytes_) + " bytes");
        line_.push_back(ch);
    }
}

void sse_parser::end_line(std::vector<std::string>& events) {
    if (line_.empty()) { // a blank line dispatches the event
        if (has_data_) {
            if (!data_.empty() && data_.back() == '\n')
                data_.pop_back();
            events.push_back(std::move(data_));
        }
        data_.clear();
        has_data_ = false;
        return;
    }
    std::string_view l(line_);
    if (l.starts_with("\xEF\xBB\xBF")) // a byte order mark before the first field
        l.remove_prefix(3);
    if (!l.starts_with(':')) { // a comment otherwise (keep-alives)
        const auto colon = l.find(':');
        const std::string_view field = l.substr(0, colon);
        std::string_view value = colon == std::string_view::npos ? "" : l.substr(colon + 1);
        if (value.starts_with(' '))
            value.remove_prefix(1);
        if (field == "data") {
            data_.append(value);
            data_.push_back('\n');
            has_data_ = true;
        }
    }
    line_.clear();
}

} // namespace chainlit::llm::detail
