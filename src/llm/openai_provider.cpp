// The OpenAI-compatible provider: one call, its retries and its stream.
#include "chainlit/chat/context.hpp" // task_cancelled
#include "chainlit/llm/openai.hpp"
#include "http_client.hpp"
#include "openai_wire.hpp"
#include "sse.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdlib>
#include <random>

namespace chainlit::llm {
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

/// The wait before retry `attempt` (0-based): exponential with jitter, or what the server
/// asked for, capped either way.
std::chrono::milliseconds backoff(const openai_options& o, int attempt,
                                  const std::string& retry_after) {
    if (auto asked = detail::parse_retry_after(retry_after, std::chrono::system_clock::now()))
        return std::min(*asked, o.max_backoff);
    thread_local std::minstd_rand rng{std::random_device{}()};
    const double base =
        static_cast<double>(o.initial_backoff.count()) * (1 << std::min(attempt, 16));
    const double jittered = base * std::uniform_real_distribution<double>(0.5, 1.0)(rng);
    return std::min(std::chrono::milliseconds(static_cast<long long>(jittered)), o.max_backoff);
}

task<void> sleep_for(std::chrono::milliseconds d) {
    asio::steady_timer t(co_await asio::this_coro::executor, d);
    auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec)
        throw task_cancelled(); // only a cancellation stops a timer early
}

class openai_provider final : public provider {
public:
    explicit openai_provider(openai_options o)
        : o_(std::move(o)), ep_(detail::parse_endpoint(o_.base_url)) {
        if (ep_.tls)
            tls_ = detail::make_tls_context(o_.verify_tls, o_.ca_file);
        target_ = ep_.path + "/chat/completions";
        if (!o_.query.empty())
            target_ += "?" + o_.query;
    }

    std::string default_model() const override { return o_.model; }
    std::string name() const override { return "openai"; }

    task<completion> chat(const chat_request& r, const json::array& tools,
                          const delta_sink* on_delta) override {
        const std::string model = r.model.empty() ? o_.model : r.model;
        const std::string body = json::serialize(
            detail::build_body(r, model, tools, on_delta != nullptr, o_.stream_usage));
        std::vector<std::pair<std::string, std::string>> headers = o_.headers;
        headers.emplace_back("Accept", on_delta ? "text/event-stream" : "application/json");
        if (!o_.api_key.empty())
            headers.emplace_back("Authorization", "Bearer " + o_.api_key);
        detail::http_limits limits;
        limits.connect_timeout = o_.connect_timeout;
        limits.read_timeout = o_.read_timeout;
        limits.deadline = std::chrono::steady_clock::now() + o_.total_timeout;
        limits.max_body = o_.max_response_bytes;

        for (int attempt = 0;; ++attempt) {
            attempt_state st;
            std::optional<error> failure;
            std::string retry_after;
            try {
                const detail::http_head head = co_await detail::post(
                    ep_, target_, headers, body, limits, tls_,
                    [&](const detail::http_head& h, std::string_view bytes) -> task<void> {
                        co_await take(st, h, bytes, on_delta);
                    });
                if (head.status >= 200 && head.status < 300) {
                    completion c = finish(st, head, on_delta);
                    if (on_delta && !is_event_stream(head) && !c.content.empty())
                        co_await (*on_delta)(c.content);
                    co_return c;
                }
                failure = detail::http_error(ep_.label(), head.status, st.error_body);
                retry_after = head.retry_after;
                st.retry = detail::retryable_status(head.status);
            } catch (const detail::transport_error& t) {
                failure = error("The model call failed: " + t.message + " (" + ep_.label() + ")");
                // A request that was answered may have run: retry only while nothing was shown.
                st.retry = !st.streamed && !t.permanent;
            }
            const bool time_left = std::chrono::steady_clock::now() < limits.deadline;
            if (!st.retry || attempt >= o_.max_retries || !time_left)
                throw *failure;
            const auto wait = backoff(o_, attempt, retry_after);
            if (std::chrono::steady_clock::now() + wait >= limits.deadline)
                throw *failure;
            co_await sleep_for(wait);
        }
    }

private:
    struct attempt_state {
        detail::sse_parser sse;
        detail::stream_accumulator acc;
        std::vector<std::string> events;
        std::string body;       ///< a whole (non-streamed) 2xx answer
        std::string error_body; ///< the start of a non-2xx answer
        bool done = false;      ///< [DONE] seen
        bool streamed = false;  ///< text reached the sink: no retry after this
        bool retry = false;
    };

    static bool is_event_stream(const detail::http_head& h) {
        return h.content_type.find("text/event-stream") != std::string::npos;
    }

    task<void> take(attempt_state& st, const detail::http_head& h, std::string_view bytes,
                    const delta_sink* on_delta) {
        if (h.status < 200 || h.status >= 300) {
            if (st.error_body.size() < 64 * 1024)
                st.error_body.append(bytes.substr(0, 64 * 1024 - st.error_body.size()));
            co_return;
        }
        if (!on_delta || !is_event_stream(h)) {
            st.body.append(bytes); // bounded by max_response_bytes in the reader
            co_return;
        }
        st.events.clear();
        st.sse.feed(bytes, st.events);
        for (const std::string& ev : st.events) {
            if (st.done)
                break;
            if (ev == "[DONE]") {
                st.done = true;
                break;
            }
            const std::string text = st.acc.add(ev);
            if (!text.empty()) {
                st.streamed = true;
                co_await (*on_delta)(text);
            }
        }
    }

    completion finish(attempt_state& st, const detail::http_head& head,
                      const delta_sink* on_delta) {
        if (on_delta && is_event_stream(head)) {
            completion c = std::move(st.acc).finish();
            if (!st.done && c.finish_reason.empty())
                throw error("The model call failed: the stream from " + ep_.label() +
                            " ended before its last chunk");
            return c;
        }
        // Asked to stream but answered in one piece (some servers ignore "stream"): still a
        // valid answer; chat() hands its text to the sink in one piece.
        return detail::parse_completion(st.body);
    }

    openai_options o_;
    detail::endpoint ep_;
    std::string target_;
    std::shared_ptr<asio::ssl::context> tls_;
};

} // namespace

openai_options openai_options::from_env() {
    openai_options o;
    if (auto url = env("OPENAI_BASE_URL"); !url.empty())
        o.base_url = std::move(url);
    o.api_key = env("OPENAI_API_KEY");
    if (auto model = env("OPENAI_MODEL"); !model.empty())
        o.model = std::move(model);
    return o;
}

bool openai_options::configured_in_env() {
    return !env("OPENAI_BASE_URL").empty() || !env("OPENAI_API_KEY").empty();
}

std::shared_ptr<provider> make_openai_provider(openai_options options) {
    return std::make_shared<openai_provider>(std::move(options));
}

} // namespace chainlit::llm
