#pragma once
// Engine.IO protocol v4 packets: the framing under Socket.IO. Pure functions, no I/O, safe on
// untrusted input: every decoder returns an error instead of throwing and bounds its work.
#include "chainlit/core/error.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainlit::realtime::engineio {

/// Packet types, with their wire digit ('0'..'6').
enum class packet_type : char {
    open = '0',
    close = '1',
    ping = '2',
    pong = '3',
    message = '4',
    upgrade = '5',
    noop = '6',
};

/// One Engine.IO packet. `binary` is only meaningful for `message`: its `data` is raw bytes
/// (a websocket binary frame, or a `b<base64>` record over polling).
struct packet {
    packet_type type = packet_type::message;
    std::string data;
    bool binary = false;

    friend bool operator==(const packet&, const packet&) = default;
};

/// Bounds on what one polling payload may make the decoder do.
struct payload_limits {
    std::size_t max_packets = 1024; ///< records per POST; a real client sends a handful
};

/// The record separator between packets of a polling payload.
inline constexpr char record_separator = '\x1e';

/// A text packet as it goes in a websocket text frame or a polling record: the type digit then
/// the data. Binary packets are not text: use `encode_record` for polling and send `data` as a
/// binary frame over websocket.
std::string encode_text(const packet& p);

/// One polling record: `encode_text` for text packets, `b<base64(data)>` for binary ones.
std::string encode_record(const packet& p);

/// Packets joined with `\x1e`, the body of a polling GET response.
std::string encode_payload(std::span<const packet> packets);
/// Appends one record to a payload under construction (adds the separator when needed).
void append_record(std::string& payload, const packet& p);

/// Decodes a websocket text frame or one text record. Errors: errc::parse_error when empty or
/// when the type digit is unknown.
result<packet> decode_text(std::string_view frame);

/// Decodes one polling record (text, or `b<base64>`). Errors: errc::parse_error.
result<packet> decode_record(std::string_view record);

/// Decodes the body of a polling POST. Errors: errc::parse_error for any malformed record,
/// errc::too_large past `limits.max_packets`.
result<std::vector<packet>> decode_payload(std::string_view body,
                                           const payload_limits& limits = {});

/// Standard base64 (RFC 4648, with padding), as engine.io uses for binary over polling.
std::string base64_encode(std::string_view bytes);
/// Strict decoding: padding required, no whitespace. Errors: errc::parse_error.
result<std::string> base64_decode(std::string_view text);

} // namespace chainlit::realtime::engineio
