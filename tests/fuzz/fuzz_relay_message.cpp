// libFuzzer target for the bus messages between cluster nodes (chat/cluster_relay.hpp): any
// client of Redis can publish on a node's channel, so the parser must refuse what is
// malformed. Invariants: no crash, no UB; an accepted message other than a reply names its
// session; an emit or call names its event; a call's timeout is in range and names the node
// that waits; a remember carries its text; a handover carries an object. A reply's value is
// also read as a handed-over chat (parse_moved_chat): what it accepts survives a round trip
// through to_json, and every replayed packet is an EVENT at or below the last offset.
#include "chat/cluster_relay.hpp"

#include "fuzz_check.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using chainlit::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using kind = chainlit::relay_message::kind;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto m = chainlit::parse_relay_message(text);
    if (!m)
        return 0;
    if (m->op == kind::reply) {
        // Any status and value: the waiting side decides what they mean.
        if (auto moved = chainlit::parse_moved_chat(m->payload)) {
            if (moved->recovery)
                for (const auto& [offset, wire] : moved->recovery->events)
                    check(offset <= moved->recovery->last_offset && wire.rfind("42[", 0) == 0);
            auto again = chainlit::parse_moved_chat(chainlit::to_json(*moved));
            check(again && again->offline.size() == moved->offline.size() &&
                  again->started == moved->started);
        }
        return 0;
    }
    check(!m->session.empty());
    if (m->op == kind::emit || m->op == kind::call)
        check(!m->event.empty());
    if (m->op == kind::call)
        check(m->timeout_ms > 0 && m->timeout_ms <= 24LL * 3600 * 1000);
    if (m->op == kind::remember)
        check(m->text.has_value());
    for (const auto& op : m->ops) { // a batch's or a sync's: only sends, of the same session
        check(m->op == kind::batch || m->op == kind::sync);
        check(op.op == kind::emit || op.op == kind::remember || op.op == kind::revise);
        check(op.session == m->session);
        if (op.op == kind::emit)
            check(!op.event.empty());
        if (op.op == kind::remember)
            check(op.text.has_value());
    }
    if (m->op == kind::handover)
        check(m->payload.is_object() && !m->from.empty());
    return 0;
}
