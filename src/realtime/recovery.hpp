#pragma once
// Internal: Socket.IO connection state recovery (socket.io 4.6's `connectionStateRecovery`).
//
// With it on, every event the server sends without an ack carries an offset as its last
// argument, and the CONNECT answer carries a private id, `pid`. socket.io-client remembers both
// and, when its transport drops, reconnects with `{pid, offset}` in its CONNECT auth. The events
// sent after that offset are sent again: those still in flight when the connection died, which
// the server had already written into a socket nobody was reading any more, included.
//
// What is kept: the sent events not yet known to have arrived. A pong proves the client has
// everything sent before its ping (one ordered stream), so each pong frees what preceded the
// ping; a byte bound caps the rest.
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::realtime::detail {

/// Sent event packets, oldest first, with their offsets. One block of text plus an index: no
/// allocation per event.
class sent_log {
public:
    void append(std::uint64_t offset, std::string_view wire);
    /// Drops the entries with an offset up to `offset` (the client has them).
    void trim_through(std::uint64_t offset);
    /// Drops the oldest entries while more than `max_bytes` are kept; returns the highest
    /// offset dropped, 0 if none.
    std::uint64_t cap(std::size_t max_bytes);
    /// The entries after `offset`, oldest first.
    std::vector<std::pair<std::uint64_t, std::string>> after(std::uint64_t offset) const;
    std::size_t bytes() const noexcept { return text_.size() - head_bytes_; }
    std::size_t size() const noexcept { return entries_.size() - head_; }

private:
    struct entry {
        std::uint64_t offset;
        std::size_t end; ///< in text_
    };
    std::size_t begin_of(std::size_t i) const noexcept { return i == 0 ? 0 : entries_[i - 1].end; }
    void drop_front(std::size_t n);

    std::string text_;
    std::vector<entry> entries_;
    std::size_t head_ = 0;       ///< entries before it are dropped
    std::size_t head_bytes_ = 0; ///< text before it is dropped
};

/// One socket's recovery state. It outlives the socket when its transport drops, parked in the
/// io_server until a reconnect claims it or it expires. Guarded by `mu`: the socket's strand
/// appends, a reconnecting socket on another strand claims.
struct recovery_state {
    std::mutex mu;
    std::string pid;
    /// socket::set_owner() of the socket it belongs to; a claim must name the same one. Set
    /// before the state is registered, never changed after (read without mu).
    std::string owner;
    std::uint64_t last_offset = 0;  ///< given to the newest event
    std::uint64_t ping_mark = 0;    ///< last_offset when the pending ping was sent
    std::uint64_t lost_through = 0; ///< the highest offset dropped unconfirmed (bound, binary)
    sent_log log;
    bool claimed = false; ///< a reconnect took it over: nothing more is kept
};

/// Parses the offset a client reports: our own decimal strings. nullopt if it is not one.
std::optional<std::uint64_t> parse_offset(std::string_view s) noexcept;

/// Disconnect reasons after which a client may come back for what it missed (socket.io's
/// recoverable reasons: the transport went away, not a disconnect someone asked for or bad
/// input).
bool recoverable_reason(std::string_view reason) noexcept;

} // namespace chainlit::realtime::detail
