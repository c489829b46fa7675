#include "chainlit/realtime/engineio_packet.hpp"

#include <array>

namespace chainlit::realtime::engineio {
namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<signed char, 256> make_reverse() {
    std::array<signed char, 256> r{};
    for (auto& v : r)
        v = -1;
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        r[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
    return r;
}
constexpr auto reverse = make_reverse();

bool valid_type(char c) noexcept {
    return c >= '0' && c <= '6';
}

} // namespace

std::string base64_encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(in[k]); };
    for (; i + 3 <= in.size(); i += 3) {
        const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (const auto rest = in.size() - i; rest == 1) {
        const unsigned v = byte(i) << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += "==";
    } else if (rest == 2) {
        const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

result<std::string> base64_decode(std::string_view in) {
    if (in.size() % 4 != 0)
        return errc::parse_error;
    std::string out;
    out.reserve(in.size() / 4 * 3);
    for (std::size_t i = 0; i < in.size(); i += 4) {
        const bool last = i + 4 == in.size();
        int pad = 0;
        unsigned v = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = in[i + k];
            if (c == '=') {
                // Padding only at the end of the last quantum, at most two characters.
                if (!last || k < 2)
                    return errc::parse_error;
                ++pad;
                v <<= 6;
                continue;
            }
            const int d = reverse[static_cast<unsigned char>(c)];
            if (d < 0 || pad > 0)
                return errc::parse_error;
            v = (v << 6) | static_cast<unsigned>(d);
        }
        out += static_cast<char>((v >> 16) & 0xff);
        if (pad < 2)
            out += static_cast<char>((v >> 8) & 0xff);
        if (pad < 1)
            out += static_cast<char>(v & 0xff);
    }
    return out;
}

std::string encode_text(const packet& p) {
    std::string out;
    out.reserve(1 + p.data.size());
    out += static_cast<char>(p.type);
    out += p.data;
    return out;
}

std::string encode_record(const packet& p) {
    if (p.binary && p.type == packet_type::message)
        return "b" + base64_encode(p.data);
    return encode_text(p);
}

void append_record(std::string& payload, const packet& p) {
    if (!payload.empty())
        payload += record_separator;
    if (p.binary && p.type == packet_type::message) {
        payload += 'b';
        payload += base64_encode(p.data);
    } else {
        payload += static_cast<char>(p.type);
        payload += p.data;
    }
}

std::string encode_payload(std::span<const packet> packets) {
    std::string out;
    for (const auto& p : packets)
        append_record(out, p);
    return out;
}

result<packet> decode_text(std::string_view frame) {
    if (frame.empty() || !valid_type(frame.front()))
        return errc::parse_error;
    return packet{static_cast<packet_type>(frame.front()), std::string(frame.substr(1)), false};
}

result<packet> decode_record(std::string_view record) {
    if (!record.empty() && record.front() == 'b') {
        auto bytes = base64_decode(record.substr(1));
        if (!bytes)
            return bytes.error();
        return packet{packet_type::message, std::move(*bytes), true};
    }
    return decode_text(record);
}

result<std::vector<packet>> decode_payload(std::string_view body, const payload_limits& limits) {
    std::vector<packet> out;
    std::size_t start = 0;
    while (true) {
        if (out.size() >= limits.max_packets)
            return errc::too_large;
        const auto sep = body.find(record_separator, start);
        auto p = decode_record(body.substr(start, sep - start));
        if (!p)
            return p.error();
        out.push_back(std::move(*p));
        if (sep == std::string_view::npos)
            break;
        start = sep + 1;
    }
    return out;
}

} // namespace chainlit::realtime::engineio
