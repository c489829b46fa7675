#pragma once
// Socket.IO protocol v5 packets, carried in Engine.IO message packets. Pure functions, safe on
// untrusted input: decoding returns an error instead of throwing and bounds its work (ack id
// digits, attachment count, JSON nesting).
#include "chainlit/core/error.hpp"
#include "chainlit/core/json.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::realtime::socketio {

enum class packet_type : std::uint8_t {
    connect = 0,
    disconnect = 1,
    event = 2,
    ack = 3,
    connect_error = 4,
    binary_event = 5,
    binary_ack = 6,
};

/// One Socket.IO packet without its binary attachments. For binary types the JSON `data`
/// holds placeholders `{"_placeholder":true,"num":N}` for attachments 0..attachments-1, which
/// travel as the next `attachments` Engine.IO binary messages.
struct packet {
    packet_type type = packet_type::event;
    std::string nsp = "/";
    std::optional<std::uint64_t> id; ///< ack id, for event/ack types
    json::value data;                ///< null when the packet has none
    std::size_t attachments = 0;     ///< binary_event / binary_ack only
};

/// Bounds on what decoding one packet may do.
struct decode_limits {
    std::size_t max_attachments = 16; ///< binary parts per packet; audio chunks use one
    std::size_t max_depth = 32;       ///< JSON nesting; deeper is refused, not recursed
    std::size_t max_nsp_length = 256; ///< namespace name bytes
};

/// The largest ack id accepted: 2^53-1, the largest integer a JS client can count to exactly.
inline constexpr std::uint64_t max_ack_id = (std::uint64_t{1} << 53) - 1;

/// The text form of `p` (the Engine.IO message data).
std::string encode(const packet& p);

/// Parses the text form of a packet and checks its payload shape the way socket.io-parser does:
/// CONNECT carries an object or nothing, DISCONNECT nothing, EVENT a non-empty array starting
/// with a string, ACK an array, CONNECT_ERROR an object or string; binary types carry at least
/// one attachment and placeholders that each point at one of them. Non-finite numbers (`1e999`)
/// are refused: they could not be serialized back as JSON.
/// Errors: errc::parse_error for malformed input, errc::too_large past `limits`.
result<packet> decode(std::string_view text, const decode_limits& limits = {});

/// `{"_placeholder":true,"num":n}`: put this in event arguments where attachment n goes.
json::object placeholder(std::size_t n);

/// If `v` is a placeholder, its attachment number; otherwise nullopt.
std::optional<std::size_t> placeholder_num(const json::value& v) noexcept;

/// True if every placeholder anywhere in `v` has a number below `attachments`. Iterative, so
/// depth is bounded by the parser's max_depth only.
bool placeholders_valid(const json::value& v, std::size_t attachments);

} // namespace chainlit::realtime::socketio
