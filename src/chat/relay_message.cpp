// The bus messages between nodes (cluster_relay.hpp): parsed strictly, since anything that
// can write to Redis can write them.
#include "cluster_relay.hpp"

#include <boost/json/parse.hpp>

namespace chainlit {
namespace {

const json::string* string_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v ? v->if_string() : nullptr;
}

bool take_string(const json::object& o, std::string_view key, std::string& out) {
    const auto* s = string_at(o, key);
    if (!s)
        return false;
    out.assign(s->data(), s->size());
    return true;
}

bool take_call(const json::object& o, std::uint64_t& out) {
    const auto* v = o.if_contains("call");
    if (!v)
        return false;
    if (const auto* u = v->if_uint64()) {
        out = *u;
        return true;
    }
    if (const auto* i = v->if_int64(); i && *i >= 0) {
        out = static_cast<std::uint64_t>(*i);
        return true;
    }
    return false;
}

/// An emit's or a call's non-empty "event" and its "payload" (moved out of `o`).
bool take_event(json::object& o, relay_message& m) {
    auto* payload = o.if_contains("payload");
    if (!take_string(o, "event", m.event) || m.event.empty() || !payload)
        return false;
    m.payload = std::move(*payload);
    return true;
}

/// An emit, remember or revise of `m.session`: a message of its own, or one of a batch's ops.
std::optional<relay_message> parse_op(json::object& o, const std::string& op, relay_message m) {
    if (op == "emit") {
        m.op = relay_message::kind::emit;
        if (!take_event(o, m))
            return std::nullopt;
        return m;
    }
    if (op != "remember" && op != "revise")
        return std::nullopt;
    m.op = op == "remember" ? relay_message::kind::remember : relay_message::kind::revise;
    if (!take_string(o, "id", m.id) || !take_string(o, "type", m.type))
        return std::nullopt;
    if (const auto* t = string_at(o, "text"))
        m.text.emplace(t->data(), t->size());
    else if (m.op == relay_message::kind::remember)
        return std::nullopt;
    return m;
}

/// A batch's (or a sync's) "ops": emits, remembers and revises of the message's session, in
/// order. One malformed op refuses the whole message.
bool take_ops(json::object& o, relay_message& m) {
    auto* ops = o.if_contains("ops");
    if (!ops || !ops->is_array())
        return false;
    for (auto& v : ops->as_array()) {
        auto* op_object = v.if_object();
        std::string op;
        if (!op_object || !take_string(*op_object, "op", op))
            return false;
        relay_message one;
        one.session = m.session;
        auto parsed = parse_op(*op_object, op, std::move(one));
        if (!parsed)
            return false;
        m.ops.push_back(std::move(*parsed));
    }
    return true;
}

} // namespace

std::optional<relay_message> parse_relay_message(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object())
        return std::nullopt;
    auto& o = v.as_object();
    std::string op;
    if (!take_string(o, "op", op))
        return std::nullopt;
    relay_message m;
    if (op == "reply") {
        m.op = relay_message::kind::reply;
        if (!take_call(o, m.call) || !take_string(o, "status", m.status))
            return std::nullopt;
        if (auto* value = o.if_contains("value"))
            m.payload = std::move(*value);
        return m;
    }
    if (!take_string(o, "session", m.session) || m.session.empty())
        return std::nullopt;
    if (op == "emit" || op == "remember" || op == "revise")
        return parse_op(o, op, std::move(m));
    if (op == "call") {
        m.op = relay_message::kind::call;
        if (!take_event(o, m))
            return std::nullopt;
        const auto* ms = o.if_contains("timeout_ms");
        if (!take_call(o, m.call) || !take_string(o, "from", m.from) || !ms || !ms->is_int64())
            return std::nullopt;
        m.timeout_ms = ms->as_int64();
        if (m.timeout_ms <= 0 || m.timeout_ms > 24LL * 3600 * 1000)
            return std::nullopt;
        return m;
    }
    if (op == "batch") {
        m.op = relay_message::kind::batch;
        if (!take_ops(o, m))
            return std::nullopt;
        return m;
    }
    if (op == "moved") {
        m.op = relay_message::kind::moved;
        return m;
    }
    if (op == "handover") {
        m.op = relay_message::kind::handover;
        auto* payload = o.if_contains("payload");
        if (!take_call(o, m.call) || !take_string(o, "from", m.from) || m.from.empty() ||
            !payload || !payload->is_object())
            return std::nullopt;
        m.payload = std::move(*payload);
        return m;
    }
    if (op == "sync") {
        m.op = relay_message::kind::sync;
        if (!take_call(o, m.call) || !take_string(o, "from", m.from))
            return std::nullopt;
        if (o.contains("ops") && !take_ops(o, m))
            return std::nullopt;
        return m;
    }
    return std::nullopt;
}

} // namespace chainlit
