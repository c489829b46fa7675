#pragma once
// Internal: the ids of the messages a chat shows, in order (the chat context).
#include <boost/unordered/unordered_flat_set.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit {

/// The ids of a chat's messages, user and assistant, in the order shown, each once. Spec B.2
/// edit_message deletes everything after the edited message, so the order is kept for the
/// session's whole life. Stored flat (one block of id text, end offsets, an open-addressing
/// index), not as a vector of strings plus a hash set of strings: that cost three heap
/// allocations per message for as long as the session lived, and a busy session's ever-growing
/// scatter of small blocks slowed every other allocation of the process.
///
/// Not thread-safe: the owner locks.
class message_id_log {
public:
    message_id_log() : index_(0, by_position{this}, same_text{this}) {}
    // The index's hasher points back at this object.
    message_id_log(const message_id_log&) = delete;
    message_id_log& operator=(const message_id_log&) = delete;

    /// Appends `id` unless it is there already; true if appended.
    bool add(std::string_view id);
    bool contains(std::string_view id) const { return index_.contains(id); }
    /// Where `id` is in the order, or nullopt.
    std::optional<std::size_t> position(std::string_view id) const {
        const auto it = index_.find(id);
        return it == index_.end() ? std::nullopt : std::optional<std::size_t>(*it);
    }
    std::size_t size() const noexcept { return ends_.size(); }
    std::string_view at(std::size_t i) const noexcept;

    /// Removes the ids after `id` and returns them in order; nullopt if `id` is not in the log
    /// (then nothing changes).
    std::optional<std::vector<std::string>> truncate_after(std::string_view id);

private:
    // Heterogeneous lookups: the index stores positions, hashed and compared by their text.
    // Each id's hash is kept, so growing the index never hashes the text again.
    struct by_position {
        using is_transparent = void;
        const message_id_log* log;
        std::size_t operator()(std::uint32_t i) const noexcept { return log->hashes_[i]; }
        std::size_t operator()(std::string_view s) const noexcept {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct same_text {
        using is_transparent = void;
        const message_id_log* log;
        std::string_view text(std::uint32_t i) const noexcept { return log->at(i); }
        std::string_view text(std::string_view s) const noexcept { return s; }
        template <class A, class B> bool operator()(const A& a, const B& b) const noexcept {
            return text(a) == text(b);
        }
    };

    std::string text_;                ///< every id, back to back
    std::vector<std::uint32_t> ends_; ///< where each id ends in text_
    std::vector<std::size_t> hashes_; ///< each id's hash
    boost::unordered_flat_set<std::uint32_t, by_position, same_text> index_;
};

} // namespace chainlit
