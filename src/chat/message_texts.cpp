#include "chat/message_texts.hpp"

#include <limits>
#include <stdexcept>

namespace chainlit {

message_texts::role message_texts::role_of(std::string_view type) noexcept {
    if (type == "user_message")
        return role::user;
    if (type == "assistant_message")
        return role::assistant;
    if (type == "system_message")
        return role::system;
    return role::none;
}

void message_texts::set(std::size_t position, role r, std::string_view text) {
    if (position >= entries_.size())
        entries_.resize(position + 1);
    entry& e = entries_[position];
    live_ -= e.length;
    if (text_.size() + text.size() > std::numeric_limits<std::uint32_t>::max())
        compact();
    if (text_.size() + text.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::length_error("message_texts: a chat's text outgrew 4 GiB");
    e = {static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(text.size()), r};
    text_.append(text);
    live_ += text.size();
    if (text_.size() > 4096 && live_ < text_.size() / 2)
        compact(); // streamed answers replaced many times: reclaim the old copies
}

void message_texts::clear(std::size_t position) {
    if (position < entries_.size()) {
        live_ -= entries_[position].length;
        entries_[position] = {};
    }
}

void message_texts::truncate(std::size_t n) {
    while (entries_.size() > n) {
        live_ -= entries_.back().length;
        entries_.pop_back();
    }
    if (live_ < text_.size() / 2)
        compact();
}

void message_texts::compact() {
    std::string packed;
    packed.reserve(live_);
    for (entry& e : entries_) {
        const auto offset = static_cast<std::uint32_t>(packed.size());
        packed.append(text_, e.offset, e.length);
        e.offset = offset;
    }
    text_ = std::move(packed);
    text_.shrink_to_fit();
}

json::array message_texts::to_openai() const {
    json::array out;
    for (const entry& e : entries_) {
        if (e.r == role::none)
            continue;
        const char* name = e.r == role::user     ? "user"
                           : e.r == role::system ? "system"
                                                 : "assistant";
        out.push_back(json::object{
            {"role", name}, {"content", std::string_view(text_).substr(e.offset, e.length)}});
    }
    return out;
}

} // namespace chainlit
