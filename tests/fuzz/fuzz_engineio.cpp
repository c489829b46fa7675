// libFuzzer target: the Engine.IO decoders see every byte a client sends (polling bodies and
// websocket frames). They must never crash, and what they accept must re-encode identically.
#include "chainlit/realtime/engineio_packet.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace chainlit::realtime::engineio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    if (auto packets = decode_payload(in)) {
        auto again = decode_payload(encode_payload(*packets));
        if (!again || *again != *packets)
            std::abort();
    }
    if (auto p = decode_text(in)) {
        if (encode_text(*p) != in)
            std::abort();
    }
    // Unused low bits of the last base64 quantum are ignored, so only bytes must round-trip.
    if (auto b = base64_decode(in)) {
        auto again = base64_decode(base64_encode(*b));
        if (!again || *again != *b)
            std::abort();
    }
    return 0;
}
