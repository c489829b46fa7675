// The chat context's id log: order, one entry per id, and edit_message's truncation.
#include "chat/message_id_log.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace chainlit;

namespace {

std::vector<std::string> all(const message_id_log& log) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < log.size(); ++i)
        out.emplace_back(log.at(i));
    return out;
}

} // namespace

TEST(MessageIdLog, KeepsOrderAndEachIdOnce) {
    message_id_log log;
    EXPECT_TRUE(log.add("a"));
    EXPECT_TRUE(log.add("bb"));
    EXPECT_FALSE(log.add("a"));
    EXPECT_TRUE(log.add("ccc"));
    EXPECT_TRUE(log.add("")); // an empty id is an id like any other
    EXPECT_FALSE(log.add(""));
    EXPECT_EQ(all(log), (std::vector<std::string>{"a", "bb", "ccc", ""}));
    EXPECT_TRUE(log.contains("bb"));
    EXPECT_FALSE(log.contains("b"));
    EXPECT_FALSE(log.contains("bbb"));
}

TEST(MessageIdLog, TruncateAfterReturnsTheLaterIdsInOrder) {
    message_id_log log;
    for (const char* id : {"u1", "r1", "u2", "r2", "u3"})
        log.add(id);
    auto later = log.truncate_after("r1");
    ASSERT_TRUE(later);
    EXPECT_EQ(*later, (std::vector<std::string>{"u2", "r2", "u3"}));
    EXPECT_EQ(all(log), (std::vector<std::string>{"u1", "r1"}));
    EXPECT_FALSE(log.contains("u2"));
    // The removed ids can come back, at the end.
    EXPECT_TRUE(log.add("u3"));
    EXPECT_EQ(all(log), (std::vector<std::string>{"u1", "r1", "u3"}));
}

TEST(MessageIdLog, TruncateAfterTheLastOrAnUnknownIdChangesNothing) {
    message_id_log log;
    log.add("x");
    log.add("y");
    auto none = log.truncate_after("y");
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    EXPECT_FALSE(log.truncate_after("nope"));
    EXPECT_EQ(all(log), (std::vector<std::string>{"x", "y"}));
}

TEST(MessageIdLog, ManyIdsSurviveRehashingAndDeepTruncation) {
    message_id_log log;
    const int n = 20'000;
    for (int i = 0; i < n; ++i)
        ASSERT_TRUE(log.add("id-" + std::to_string(i)));
    for (int i = 0; i < n; i += 997)
        ASSERT_FALSE(log.add("id-" + std::to_string(i)));
    ASSERT_EQ(log.size(), std::size_t(n));
    auto later = log.truncate_after("id-99");
    ASSERT_TRUE(later);
    ASSERT_EQ(later->size(), std::size_t(n - 100));
    EXPECT_EQ(later->front(), "id-100");
    EXPECT_EQ(later->back(), "id-" + std::to_string(n - 1));
    EXPECT_EQ(log.size(), 100u);
    for (int i = 0; i < n; ++i)
        ASSERT_EQ(log.contains("id-" + std::to_string(i)), i < 100) << i;
    for (int i = 100; i < 200; ++i)
        ASSERT_TRUE(log.add("id-" + std::to_string(i)));
    EXPECT_EQ(log.at(150), "id-150");
}
