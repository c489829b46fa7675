// libFuzzer target for what an LLM provider sends back: the SSE stream (split at a point the
// input chooses), each event as a stream chunk, a whole answer, an error body, a Retry-After
// value, and base URLs.
// Invariants checked: no crash or UB; only llm::error is thrown; the split does not change the
// events; a Retry-After is never negative.
#include "chainlit/llm/types.hpp"
#include "llm/http_client.hpp"
#include "llm/openai_wire.hpp"
#include "llm/sse.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using namespace chainlit::llm;

namespace {

void check(bool ok) {
    if (!ok)
        std::abort();
}

template <class F> void expect_llm_error_only(F&& f) {
    try {
        f();
    } catch (const error&) {
    }
}

std::vector<std::string> events_of(std::string_view text, std::size_t split) {
    detail::sse_parser p(4096);
    std::vector<std::string> out;
    try {
        p.feed(text.substr(0, split), out);
        p.feed(text.substr(split), out);
    } catch (const error&) {
        out.push_back("<too large>");
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    const std::size_t split = data[0] % (size + 1);
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const auto whole = events_of(text, text.size());
    check(events_of(text, std::min(split, text.size())) == whole);
    detail::stream_accumulator acc;
    for (const std::string& ev : whole)
        expect_llm_error_only([&] { acc.add(ev); });
    const completion c = std::move(acc).finish();
    check(c.tool_calls.size() <= 128);
    expect_llm_error_only([&] { detail::parse_completion(text); });
    const error e = detail::http_error("h:1", 500, text);
    check(std::string_view(e.what()).starts_with("The model call failed"));
    if (auto wait = detail::parse_retry_after(text.substr(0, 64), std::chrono::system_clock::now()))
        check(wait->count() >= 0);
    expect_llm_error_only([&] { detail::parse_endpoint(text.substr(0, 256)); });
    return 0;
}
