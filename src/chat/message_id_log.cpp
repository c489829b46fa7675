#include "chat/message_id_log.hpp"

#include <limits>
#include <stdexcept>

namespace chainlit {

std::string_view message_id_log::at(std::size_t i) const noexcept {
    const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
}

bool message_id_log::add(std::string_view id) {
    if (index_.contains(id))
        return false;
    if (text_.size() + id.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("message_id_log: too many message ids in one chat");
    text_.append(id);
    ends_.push_back(static_cast<std::uint32_t>(text_.size()));
    hashes_.push_back(std::hash<std::string_view>{}(id));
    index_.insert(static_cast<std::uint32_t>(ends_.size() - 1));
    return true;
}

std::optional<std::vector<std::string>> message_id_log::truncate_after(std::string_view id) {
    const auto it = index_.find(id);
    if (it == index_.end())
        return std::nullopt;
    const std::uint32_t keep = *it + 1;
    std::vector<std::string> later;
    later.reserve(ends_.size() - keep);
    // Unindex before truncating: the index finds a position by its kept hash and confirms it by
    // comparing its text.
    for (std::uint32_t i = keep; i < ends_.size(); ++i) {
        later.emplace_back(at(i));
        index_.erase(i);
    }
    text_.resize(keep == 0 ? 0 : ends_[keep - 1]);
    ends_.resize(keep);
    hashes_.resize(keep);
    return later;
}

} // namespace chainlit
