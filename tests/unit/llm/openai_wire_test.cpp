#include "llm/http_client.hpp"
#include "llm/openai_wire.hpp"

#include <gtest/gtest.h>

namespace llm = chainlit::llm;
namespace d = chainlit::llm::detail;
namespace json = chainlit::json;

TEST(OpenAiWire, BodyCarriesModelMessagesToolsAndStreamOptions) {
    llm::chat_request r;
    r.messages = json::array{json::object{{"role", "user"}, {"content", "hi"}}};
    r.params = {{"temperature", 0.2}, {"model", "ignored"}, {"stream", false}};
    json::array tools{json::object{{"type", "function"}}};
    json::object b = d::build_body(r, "m1", tools, true, true);
    EXPECT_EQ(b.at("model"), "m1");
    EXPECT_EQ(b.at("stream"), true);
    EXPECT_EQ(b.at("temperature"), 0.2);
    EXPECT_EQ(b.at("messages").as_array().size(), 1u);
    EXPECT_EQ(b.at("tools").as_array().size(), 1u);
    EXPECT_EQ(b.at("stream_options").at("include_usage"), true);
    json::object plain = d::build_body(r, "m1", {}, false, true);
    EXPECT_FALSE(plain.contains("tools"));
    EXPECT_FALSE(plain.contains("stream_options"));
}

TEST(OpenAiWire, StreamedTextToolCallDeltasAndUsageAddUp) {
    d::stream_accumulator acc;
    EXPECT_EQ(
        acc.add(
            R"({"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"He"}}]})"),
        "He");
    EXPECT_EQ(acc.add(R"({"choices":[{"delta":{"content":"llo"}}]})"), "llo");
    acc.add(
        R"({"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"calc","arguments":"{\"a\""}}]}}]})");
    acc.add(
        R"({"choices":[{"delta":{"tool_calls":[{"index":1,"id":"c2","function":{"name":"time","arguments":""}}]}}]})");
    acc.add(
        R"({"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]},"finish_reason":"tool_calls"}]})");
    acc.add(
        R"({"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}})");
    llm::completion c = std::move(acc).finish();
    EXPECT_EQ(c.content, "Hello");
    EXPECT_EQ(c.model, "m");
    EXPECT_EQ(c.finish_reason, "tool_calls");
    ASSERT_EQ(c.tool_calls.size(), 2u);
    EXPECT_EQ(c.tool_calls[0].id, "c1");
    EXPECT_EQ(c.tool_calls[0].name, "calc");
    EXPECT_EQ(c.tool_calls[0].arguments, "{\"a\":1}");
    EXPECT_EQ(c.tool_calls[1].name, "time");
    ASSERT_TRUE(c.usage);
    EXPECT_EQ(c.usage->prompt_tokens, 7);
    EXPECT_EQ(c.usage->total_tokens, 10);
}

TEST(OpenAiWire, BrokenChunksAreClearErrors) {
    d::stream_accumulator acc;
    EXPECT_THROW(acc.add("{not json"), llm::error);
    EXPECT_THROW(acc.add("[1,2]"), llm::error);
    EXPECT_THROW(acc.add(R"({"choices":[{"delta":{"tool_calls":[{"index":100000000}]}}]})"),
                 llm::error);
    try {
        acc.add(R"({"error":{"message":"overloaded","type":"server_error"}})");
        FAIL() << "an error chunk must throw";
    } catch (const llm::error& e) {
        EXPECT_NE(std::string(e.what()).find("overloaded"), std::string::npos) << e.what();
    }
}

TEST(OpenAiWire, AWholeAnswerWithToolCalls) {
    llm::completion c = d::parse_completion(
        R"({"model":"m","choices":[{"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
            "tool_calls":[{"id":"x","type":"function","function":{"name":"f","arguments":"{}"}}]}}],
            "usage":{"prompt_tokens":2,"completion_tokens":1}})");
    EXPECT_EQ(c.content, "");
    ASSERT_EQ(c.tool_calls.size(), 1u);
    EXPECT_EQ(c.tool_calls[0].name, "f");
    EXPECT_EQ(c.usage->total_tokens, 3);
    EXPECT_THROW(d::parse_completion(R"({"choices":[]})"), llm::error);
    EXPECT_THROW(d::parse_completion("<html>"), llm::error);
}

TEST(OpenAiWire, ErrorBodiesNameStatusCodeAndProviderMessage) {
    llm::error e = d::http_error(
        "h:1", 429,
        R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})");
    EXPECT_EQ(e.status(), 429);
    EXPECT_EQ(e.code(), "rate_limit_exceeded");
    EXPECT_STREQ(
        e.what(),
        "The model call failed: HTTP 429 from h:1 (rate_limit_exceeded): Rate limit reached");
    EXPECT_STREQ(d::http_error("h:1", 404, R"({"error":"model 'x' not found"})").what(),
                 "The model call failed: HTTP 404 from h:1: model 'x' not found");
    EXPECT_STREQ(d::http_error("h:1", 502, "Bad\r\nGateway").what(),
                 "The model call failed: HTTP 502 from h:1: BadGateway");
    EXPECT_STREQ(d::http_error("h:1", 401, R"({"detail":"no key"})").what(),
                 "The model call failed: HTTP 401 from h:1: no key");
}

TEST(OpenAiWire, RetryAfterInSecondsOrAsAnHttpDate) {
    const auto now = std::chrono::system_clock::from_time_t(784111777); // Sun, 06 Nov 1994 08:49:37
    EXPECT_EQ(d::parse_retry_after("2", now), std::chrono::milliseconds(2000));
    EXPECT_EQ(d::parse_retry_after(" 0.25 ", now), std::chrono::milliseconds(250));
    EXPECT_EQ(d::parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now),
              std::chrono::milliseconds(3000));
    EXPECT_EQ(d::parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
              std::chrono::milliseconds(0));
    EXPECT_FALSE(d::parse_retry_after("soon", now));
    EXPECT_FALSE(d::parse_retry_after("-1", now));
    EXPECT_FALSE(d::parse_retry_after("", now));
    EXPECT_FALSE(d::parse_retry_after("1e9", now));
}

TEST(OpenAiWire, BaseUrls) {
    auto ep = d::parse_endpoint("http://127.0.0.1:8080/v1/");
    EXPECT_FALSE(ep.tls);
    EXPECT_EQ(ep.host, "127.0.0.1");
    EXPECT_EQ(ep.port, "8080");
    EXPECT_EQ(ep.path, "/v1");
    auto tls = d::parse_endpoint("https://example.test/openai/deployments/gpt");
    EXPECT_TRUE(tls.tls);
    EXPECT_EQ(tls.port, "443");
    EXPECT_EQ(tls.path, "/openai/deployments/gpt");
    EXPECT_EQ(d::parse_endpoint("http://[::1]:11434/v1").host, "::1");
    EXPECT_THROW(d::parse_endpoint("ftp://x/v1"), llm::error);
    EXPECT_THROW(d::parse_endpoint("not a url"), llm::error);
    EXPECT_THROW(d::parse_endpoint("http:///v1"), llm::error);
}
