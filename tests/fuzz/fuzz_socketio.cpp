// libFuzzer target: the Socket.IO packet decoder parses untrusted text (JSON inside). It must
// never crash, must honour its bounds, and what it accepts must survive an encode/decode trip.
#include "chainlit/realtime/socketio_packet.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace chainlit::realtime::socketio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const decode_limits limits{};
    auto p = decode(in, limits);
    if (!p)
        return 0;
    if (p->attachments > limits.max_attachments || (p->id && *p->id > max_ack_id))
        std::abort();
    auto again = decode(encode(*p), limits);
    // JSON data is not compared: Boost.JSON 1.81 parses doubles imprecisely, so a number may
    // drift by an ulp through a round trip; its shape is what the checks above depend on.
    if (!again || again->type != p->type || again->nsp != p->nsp || again->id != p->id ||
        again->attachments != p->attachments)
        std::abort();
    return 0;
}
