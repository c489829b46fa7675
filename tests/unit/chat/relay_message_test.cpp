// The bus messages between cluster nodes (chat/cluster_relay.hpp): what the relay accepts,
// and the malformed ones it refuses.
#include "chat/cluster_relay.hpp"

#include <gtest/gtest.h>

using chainlit::parse_relay_message;
using kind = chainlit::relay_message::kind;

TEST(RelayMessage, ParsesAnEmitWithItsPayload) {
    auto m = parse_relay_message(
        R"({"op":"emit","session":"s1","event":"new_message","payload":{"output":"hi"}})");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->op, kind::emit);
    EXPECT_EQ(m->session, "s1");
    EXPECT_EQ(m->event, "new_message");
    EXPECT_EQ(m->payload.at("output").as_string(), "hi");
}

TEST(RelayMessage, ParsesACallAndItsReply) {
    auto call = parse_relay_message(R"({"op":"call","session":"s1","event":"ask","payload":{},)"
                                    R"("call":7,"from":"node1","timeout_ms":10000})");
    ASSERT_TRUE(call);
    EXPECT_EQ(call->op, kind::call);
    EXPECT_EQ(call->call, 7u);
    EXPECT_EQ(call->from, "node1");
    EXPECT_EQ(call->timeout_ms, 10000);
    auto reply = parse_relay_message(R"({"op":"reply","call":7,"status":"ok","value":"x"})");
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->op, kind::reply);
    EXPECT_EQ(reply->status, "ok");
    EXPECT_EQ(reply->payload.as_string(), "x");
}

TEST(RelayMessage, ARevisionWithoutTextIsARemoval) {
    auto m = parse_relay_message(R"({"op":"revise","session":"s1","id":"m1","type":"x"})");
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->text);
    // A remember needs its text.
    EXPECT_FALSE(parse_relay_message(R"({"op":"remember","session":"s1","id":"m1","type":"x"})"));
}

TEST(RelayMessage, ParsesAMove) {
    auto m = parse_relay_message(R"({"op":"moved","session":"s1"})");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->op, kind::moved);
    EXPECT_EQ(m->session, "s1");
    EXPECT_FALSE(parse_relay_message(R"({"op":"moved"})"));
}

TEST(RelayMessage, RefusesWhatIsMalformed) {
    for (
        const char* bad : {
            "",
            "[]",
            "not json",
            R"({"op":"emit"})",
            R"({"op":"emit","session":"","event":"e","payload":1})",
            R"({"op":"emit","session":"s","event":"","payload":1})",
            R"({"op":"emit","session":"s","event":"e"})",
            R"({"op":"call","session":"s","event":"e","payload":1,"call":1,"from":"n"})",
            R"({"op":"call","session":"s","event":"e","payload":1,"call":1,"from":"n","timeout_ms":0})",
            R"({"op":"call","session":"s","event":"e","payload":1,"call":-1,"from":"n","timeout_ms":5})",
            R"({"op":"sync","session":"s","call":1})",
            R"({"op":"reply","status":"ok"})",
            R"({"op":"shutdown","session":"s"})",
            R"({"op":7,"session":"s"})",
        })
        EXPECT_FALSE(parse_relay_message(bad)) << bad;
}
