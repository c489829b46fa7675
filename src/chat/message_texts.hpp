#pragma once
// Internal: the role and text of each message of a chat, by its position in message_id_log:
// the chat context an LLM call sends (context::chat_context).
#include "chainlit/core/json.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit {

/// Kept flat, like the ids: one block of text with offsets, so a long chat costs no heap block
/// per message. A replaced text leaves its old bytes behind until they outweigh the live ones,
/// then the block is compacted. Not thread-safe: the owner locks.
class message_texts {
public:
    enum class role : std::uint8_t { none, user, assistant, system };
    /// user_message, assistant_message and system_message; anything else is none (skipped).
    static role role_of(std::string_view message_type) noexcept;

    /// Sets the message at `position` (appending, or replacing what was there). Positions
    /// skipped over stay empty (none).
    void set(std::size_t position, role r, std::string_view text);
    /// A removed message: skipped from now on.
    void clear(std::size_t position);
    /// Keeps the first `n` messages (an edit removes the later ones).
    void truncate(std::size_t n);
    std::size_t size() const noexcept { return entries_.size(); }

    /// The OpenAI message list: {"role", "content"} of every message with a role, in order.
    json::array to_openai() const;

private:
    struct entry {
        std::uint32_t offset = 0;
        std::uint32_t length = 0;
        role r = role::none;
    };
    void compact();

    std::string text_;
    std::vector<entry> entries_;
    std::size_t live_ = 0; ///< bytes of text_ that some entry still uses
};

} // namespace chainlit
