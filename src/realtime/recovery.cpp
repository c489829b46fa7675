#include "recovery.hpp"

#include <algorithm>
#include <charconv>

namespace chainlit::realtime::detail {

void sent_log::append(std::uint64_t offset, std::string_view wire) {
    text_.append(wire);
    entries_.push_back({offset, text_.size()});
}

void sent_log::drop_front(std::size_t n) {
    head_ += n;
    head_bytes_ = begin_of(head_);
    if (head_ == entries_.size()) {
        text_.clear();
        entries_.clear();
        head_ = head_bytes_ = 0;
        return;
    }
    // Compact once the dropped part is the larger one: amortised O(1) per entry.
    if (head_bytes_ > text_.size() / 2) {
        text_.erase(0, head_bytes_);
        entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(head_));
        for (auto& e : entries_)
            e.end -= head_bytes_;
        head_ = head_bytes_ = 0;
    }
}

void sent_log::trim_through(std::uint64_t offset) {
    std::size_t n = 0;
    while (head_ + n < entries_.size() && entries_[head_ + n].offset <= offset)
        ++n;
    if (n)
        drop_front(n);
}

std::uint64_t sent_log::cap(std::size_t max_bytes) {
    std::size_t n = 0;
    std::uint64_t dropped = 0;
    std::size_t left = bytes();
    while (left > max_bytes && head_ + n < entries_.size()) {
        const auto i = head_ + n;
        left -= entries_[i].end - begin_of(i);
        dropped = entries_[i].offset;
        ++n;
    }
    if (n)
        drop_front(n);
    return dropped;
}

std::vector<std::pair<std::uint64_t, std::string>> sent_log::after(std::uint64_t offset) const {
    std::vector<std::pair<std::uint64_t, std::string>> out;
    for (std::size_t i = head_; i < entries_.size(); ++i)
        if (entries_[i].offset > offset)
            out.emplace_back(entries_[i].offset,
                             text_.substr(begin_of(i), entries_[i].end - begin_of(i)));
    return out;
}

std::optional<std::uint64_t> parse_offset(std::string_view s) noexcept {
    std::uint64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

bool recoverable_reason(std::string_view reason) noexcept {
    static constexpr std::string_view reasons[] = {"transport close", "transport error",
                                                   "ping timeout", "client not reading",
                                                   "replaced by a reconnect"};
    return std::find(std::begin(reasons), std::end(reasons), reason) != std::end(reasons);
}

} // namespace chainlit::realtime::detail
