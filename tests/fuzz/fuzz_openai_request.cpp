// libFuzzer target for the body of POST /v1/chat/completions (chat/openai_request.hpp).
// Invariants checked: no crash, no exception, no UB; an accepted request names a model within
// the limit, has messages, and its last_user index is a user message; a refusal has a message
// and its error body serializes.
#include "chat/openai_request.hpp"

#include "fuzz_check.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace oa = chainlit::openai_api;

using chainlit::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto parsed = oa::parse_completion_request(body);
    if (auto* r = std::get_if<oa::completion_request>(&parsed)) {
        check(!r->model.empty() && r->model.size() <= oa::max_model_name);
        check(!r->messages.empty() && r->messages.size() <= oa::max_messages);
        check(r->last_user < r->messages.size());
        check(r->messages[r->last_user].role == "user");
        check(!r->params.contains("messages") && !r->params.contains("model"));
    } else {
        const auto& e = std::get<oa::request_error>(parsed);
        check(!e.message.empty() && e.status >= 400 && e.status < 600);
        check(!chainlit::json::serialize(oa::error_body(e)).empty());
    }
    return 0;
}
