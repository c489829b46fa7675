#include "llm/sse.hpp"

#include "chainlit/llm/types.hpp"

#include <gtest/gtest.h>

using chainlit::llm::detail::sse_parser;

namespace {

std::vector<std::string> feed_split(std::string_view text, std::size_t piece) {
    sse_parser p;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < text.size(); i += piece)
        p.feed(text.substr(i, piece), out);
    return out;
}

} // namespace

TEST(Sse, EventsEndAtABlankLineWhateverTheSplit) {
    const std::string text = "data: {\"a\":1}\n\ndata: [DONE]\n\n";
    for (std::size_t piece : {1u, 2u, 3u, 7u, 100u}) {
        const auto ev = feed_split(text, piece);
        ASSERT_EQ(ev.size(), 2u) << piece;
        EXPECT_EQ(ev[0], "{\"a\":1}");
        EXPECT_EQ(ev[1], "[DONE]");
    }
}

TEST(Sse, CrLfAndCrBreaksAreLineEnds) {
    EXPECT_EQ(feed_split("data: x\r\n\r\ndata: y\r\rdata: z\n\n", 1),
              (std::vector<std::string>{"x", "y", "z"}));
}

TEST(Sse, CommentsOtherFieldsAndMultiLineData) {
    const auto ev = feed_split(": keep-alive\n\nevent: chunk\nid: 4\ndata: one\ndata:two\n\n", 5);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0], "one\ntwo");
}

TEST(Sse, AnEventWithoutItsBlankLineIsNotDispatched) {
    EXPECT_TRUE(feed_split("data: half", 3).empty());
}

TEST(Sse, AnOversizedEventIsAnError) {
    sse_parser p(64);
    std::vector<std::string> out;
    EXPECT_THROW(p.feed("data: " + std::string(100, 'x'), out), chainlit::llm::error);
}
