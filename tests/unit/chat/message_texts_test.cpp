#include "chat/message_texts.hpp"

#include <gtest/gtest.h>

using chainlit::message_texts;
namespace json = chainlit::json;

namespace {
std::string roles(const json::array& a) {
    std::string out;
    for (const auto& m : a)
        out += std::string(m.at("role").as_string()) + ":" +
               std::string(m.at("content").as_string()) + " ";
    return out;
}
} // namespace

TEST(MessageTexts, RolesFollowTheMessageTypes) {
    EXPECT_EQ(message_texts::role_of("user_message"), message_texts::role::user);
    EXPECT_EQ(message_texts::role_of("assistant_message"), message_texts::role::assistant);
    EXPECT_EQ(message_texts::role_of("system_message"), message_texts::role::system);
    EXPECT_EQ(message_texts::role_of("tool"), message_texts::role::none);
}

TEST(MessageTexts, SetReplaceClearAndTruncate) {
    message_texts t;
    t.set(0, message_texts::role::user, "hi");
    t.set(1, message_texts::role::assistant, "hel");
    t.set(1, message_texts::role::assistant, "hello"); // an update replaces the text
    t.set(3, message_texts::role::system, "note");     // position 2 stays empty
    EXPECT_EQ(roles(t.to_openai()), "user:hi assistant:hello system:note ");
    t.clear(3);
    EXPECT_EQ(roles(t.to_openai()), "user:hi assistant:hello ");
    t.set(2, message_texts::role::user, "again");
    t.truncate(1); // an edit of the first message drops what followed
    EXPECT_EQ(roles(t.to_openai()), "user:hi ");
    EXPECT_EQ(t.size(), 1u);
}

TEST(MessageTexts, ManyReplacementsKeepTheTextsRight) {
    // A message updated thousands of times (a long stream finished with update) must not
    // keep every old copy, and compaction must not mix texts up.
    message_texts t;
    t.set(0, message_texts::role::user, "question");
    std::string answer;
    for (int i = 0; i < 5000; ++i) {
        answer += "w" + std::to_string(i) + " ";
        t.set(1, message_texts::role::assistant, answer);
    }
    const json::array a = t.to_openai();
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a[0].at("content"), "question");
    EXPECT_EQ(a[1].at("content").as_string(), answer);
}
