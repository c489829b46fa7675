// libFuzzer target for what an MCP server sends (llm/mcp_protocol.hpp) and for the policy's
// parsers of user input (split_command, address_refusal). Invariants: no crash, no UB, only the
// documented exceptions; a response id is only found on a message without a method; an answer
// to a server request keeps its id; split words never hold a NUL.
#include "chainlit/llm/mcp.hpp"
#include "llm/mcp_protocol.hpp"

#include "fuzz_check.hpp"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace mcp = chainlit::llm::mcp;
namespace json = chainlit::json;

using chainlit::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto msg = mcp::detail::parse_message(text)) {
        if (mcp::detail::response_id(*msg))
            check(!msg->contains("method"));
        if (auto answer = mcp::detail::answer_server_request(*msg)) {
            check(answer->at("id") == msg->at("id"));
            (void)json::serialize(*answer);
        }
        try {
            auto result = mcp::detail::result_of(*msg, "fuzz", "tools/list");
            std::string cursor;
            for (const auto& t : mcp::detail::parse_tools(result, cursor))
                check(!t.name.empty() && t.name.size() <= 256);
            if (result.is_object())
                (void)json::serialize(mcp::detail::tool_output(result.as_object()));
        } catch (const mcp::mcp_error&) {
        } catch (const std::runtime_error&) { // tool_output of an isError result
        }
    }
    try {
        for (const auto& w : mcp::split_command(text))
            check(w.find('\0') == std::string::npos);
    } catch (const mcp::mcp_error&) {
    }
    mcp::policy p;
    (void)mcp::address_refusal(text.substr(0, 64), p);
    return 0;
}
