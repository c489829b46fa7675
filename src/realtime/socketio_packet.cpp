#include "chainlit/realtime/socketio_packet.hpp"

#include <boost/container/small_vector.hpp>

#include <cmath>

namespace chainlit::realtime::socketio {
namespace {

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

bool is_binary(packet_type t) noexcept {
    return t == packet_type::binary_event || t == packet_type::binary_ack;
}

bool payload_valid(const packet& p) {
    switch (p.type) {
    case packet_type::connect:
        return p.data.is_null() || p.data.is_object();
    case packet_type::disconnect:
        return p.data.is_null();
    case packet_type::connect_error:
        return p.data.is_object() || p.data.is_string();
    case packet_type::event:
    case packet_type::binary_event: {
        const auto* a = p.data.if_array();
        return a && !a->empty() && (*a)[0].is_string();
    }
    case packet_type::ack:
    case packet_type::binary_ack:
        return p.data.is_array() && p.id.has_value();
    }
    return false;
}

} // namespace

json::object placeholder(std::size_t n) {
    json::object o;
    o["_placeholder"] = true;
    o["num"] = n;
    return o;
}

std::optional<std::size_t> placeholder_num(const json::value& v) noexcept {
    const auto* o = v.if_object();
    if (!o || o->size() != 2)
        return std::nullopt;
    const auto* flag = o->if_contains("_placeholder");
    const auto* num = o->if_contains("num");
    if (!flag || !num || !flag->is_bool() || !flag->get_bool())
        return std::nullopt;
    if (const auto* u = num->if_uint64())
        return static_cast<std::size_t>(*u);
    if (const auto* i = num->if_int64(); i && *i >= 0)
        return static_cast<std::size_t>(*i);
    return std::nullopt;
}

namespace {

// One walk for both checks decode needs. Non-finite numbers (from `1e999`) are refused because
// Boost.JSON would serialize them as `Infinity`, which is not JSON: an app echoing a payload
// would send its client something it cannot parse. JSON.stringify never produces them.
bool walk_valid(const json::value& root, std::size_t attachments, bool check_placeholders) {
    // Inline room for typical payloads: the walk runs for every packet received.
    boost::container::small_vector<const json::value*, 32> stack{&root};
    while (!stack.empty()) {
        const json::value* v = stack.back();
        stack.pop_back();
        if (const auto* o = v->if_object()) {
            if (check_placeholders && o->contains("_placeholder")) {
                const auto n = placeholder_num(*v);
                if (!n || *n >= attachments)
                    return false;
                continue;
            }
            for (const auto& kv : *o)
                stack.push_back(&kv.value());
        } else if (const auto* a = v->if_array()) {
            for (const auto& e : *a)
                stack.push_back(&e);
        } else if (const auto* d = v->if_double(); d && !std::isfinite(*d)) {
            return false;
        }
    }
    return true;
}

} // namespace

bool placeholders_valid(const json::value& root, std::size_t attachments) {
    return walk_valid(root, attachments, true);
}

std::string encode(const packet& p) {
    std::string out;
    out += static_cast<char>('0' + static_cast<int>(p.type));
    if (is_binary(p.type)) {
        out += std::to_string(p.attachments);
        out += '-';
    }
    if (!p.nsp.empty() && p.nsp != "/") {
        out += p.nsp;
        out += ',';
    }
    if (p.id)
        out += std::to_string(*p.id);
    if (!p.data.is_null())
        out += json::serialize(p.data);
    return out;
}

result<packet> decode(std::string_view s, const decode_limits& limits) {
    packet p;
    if (s.empty() || s[0] < '0' || s[0] > '6')
        return errc::parse_error;
    p.type = static_cast<packet_type>(s[0] - '0');
    std::size_t i = 1;

    if (is_binary(p.type)) {
        const auto start = i;
        std::size_t n = 0;
        while (i < s.size() && is_digit(s[i])) {
            n = n * 10 + static_cast<std::size_t>(s[i] - '0');
            if (n > limits.max_attachments)
                return errc::too_large;
            ++i;
        }
        if (i == start || i >= s.size() || s[i] != '-' || n == 0)
            return errc::parse_error;
        ++i;
        p.attachments = n;
    }

    if (i < s.size() && s[i] == '/') {
        const auto comma = s.find(',', i);
        const auto end = comma == std::string_view::npos ? s.size() : comma;
        if (end - i > limits.max_nsp_length)
            return errc::too_large;
        p.nsp.assign(s.substr(i, end - i));
        i = comma == std::string_view::npos ? s.size() : comma + 1;
    }

    if (i < s.size() && is_digit(s[i])) {
        std::uint64_t id = 0;
        while (i < s.size() && is_digit(s[i])) {
            id = id * 10 + static_cast<std::uint64_t>(s[i] - '0');
            if (id > max_ack_id)
                return errc::too_large;
            ++i;
        }
        p.id = id;
    }

    if (i < s.size()) {
        json::parse_options opts;
        opts.max_depth = limits.max_depth;
        boost::system::error_code ec;
        p.data = json::parse(s.substr(i), ec, {}, opts);
        if (ec)
            return errc::parse_error;
    }

    if (!payload_valid(p))
        return errc::parse_error;
    if (p.id && p.type != packet_type::event && p.type != packet_type::binary_event &&
        p.type != packet_type::ack && p.type != packet_type::binary_ack)
        return errc::parse_error;
    if (!walk_valid(p.data, p.attachments, is_binary(p.type)))
        return errc::parse_error;
    return p;
}

} // namespace chainlit::realtime::socketio
