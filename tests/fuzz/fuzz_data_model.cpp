// Fuzzes the wire-model readers of the data layer (StepDict, ThreadDict, ElementDict, feedback,
// pagination, filters come from clients): any JSON must give a value or parse_error, and a
// value must serialise and read back to the same JSON.
#include "chainlit/data/model.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace chainlit;
using namespace chainlit::data;

namespace {
template <class T> void round_trip(const json::value& v) {
    auto parsed = from_json<T>(v);
    if (!parsed)
        return;
    const json::value once = to_json(*parsed);
    auto again = from_json<T>(once);
    if (!again || json::value(to_json(*again)) != once)
        __builtin_trap();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    boost::system::error_code ec;
    const auto v = json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
    if (ec)
        return 0;
    round_trip<step_dict>(v);
    round_trip<thread_dict>(v);
    round_trip<element_dict>(v);
    round_trip<feedback>(v);
    round_trip<user>(v);
    round_trip<persisted_user>(v);
    round_trip<pagination>(v);
    round_trip<thread_filter>(v);
    return 0;
}
