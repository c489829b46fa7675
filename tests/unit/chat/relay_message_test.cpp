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

TEST(RelayMessage, AHandoverNamesTheNodeThatWaitsAndCarriesAnObject) {
    auto m = parse_relay_message(R"({"op":"handover","session":"s1","call":3,"from":"node2",)"
                                 R"("payload":{"user":"alice","client":"webapp","pid":"p"}})");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->op, kind::handover);
    EXPECT_EQ(m->from, "node2");
    EXPECT_EQ(m->payload.at("user").as_string(), "alice");
    EXPECT_FALSE(parse_relay_message(R"({"op":"handover","session":"s1","call":3,"from":"",)"
                                     R"("payload":{}})"));
    EXPECT_FALSE(parse_relay_message(R"({"op":"handover","session":"s1","call":3,"from":"n",)"
                                     R"("payload":"x"})"));
}

TEST(MovedChat, SurvivesTheBusAndRefusesWhatCannotBeReplayed) {
    chainlit::moved_chat m;
    m.started = true;
    m.session = chainlit::json::object{{"count", 2}};
    m.offline.emplace_back("task_end", chainlit::json::object{});
    m.recovery.emplace();
    m.recovery->pid = "pid1";
    m.recovery->last_offset = 9;
    m.recovery->events.emplace_back(8, R"(42["stream_token",{"token":"a"},"8"])");
    auto back = chainlit::parse_moved_chat(chainlit::to_json(m));
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->started);
    EXPECT_EQ(back->session.at("count").as_int64(), 2);
    ASSERT_EQ(back->offline.size(), 1u);
    EXPECT_EQ(back->offline[0].first, "task_end");
    ASSERT_TRUE(back->recovery);
    EXPECT_EQ(back->recovery->pid, "pid1");
    EXPECT_EQ(back->recovery->last_offset, 9u);
    ASSERT_EQ(back->recovery->events.size(), 1u);
    EXPECT_EQ(back->recovery->events[0].second, m.recovery->events[0].second);

    // Only an EVENT of the default namespace goes out as it is; an offset past the last one,
    // or a packet of another kind (a DISCONNECT, say), makes the whole reply malformed.
    auto v = chainlit::to_json(m);
    v.at("recovery").at("events").as_array()[0].as_array()[1] = "41";
    EXPECT_FALSE(chainlit::parse_moved_chat(v));
    v = chainlit::to_json(m);
    v.at("recovery").at("events").as_array()[0].as_array()[0] = 10;
    EXPECT_FALSE(chainlit::parse_moved_chat(v));
    v = chainlit::to_json(m);
    v.at("offline").as_array()[0].as_array()[0] = "";
    EXPECT_FALSE(chainlit::parse_moved_chat(v));
    EXPECT_FALSE(chainlit::parse_moved_chat(chainlit::json::object{{"started", true}}));
}

TEST(RelayMessage, ABatchAndASyncCarryTheirSessionsSendsInOrder) {
    auto m = parse_relay_message(
        R"({"op":"sync","session":"s1","call":4,"from":"node1","ops":[)"
        R"({"op":"emit","event":"new_message","payload":{"output":"hi"}},)"
        R"({"op":"remember","id":"m1","type":"assistant_message","text":"hi"}]})");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->op, kind::sync);
    ASSERT_EQ(m->ops.size(), 2u);
    EXPECT_EQ(m->ops[0].op, kind::emit);
    EXPECT_EQ(m->ops[0].session, "s1");
    EXPECT_EQ(m->ops[1].op, kind::remember);
    EXPECT_EQ(*m->ops[1].text, "hi");
    auto b = parse_relay_message(
        R"({"op":"batch","session":"s1","ops":[{"op":"revise","id":"m1","type":"x"}]})");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->op, kind::batch);
    ASSERT_EQ(b->ops.size(), 1u);
    EXPECT_FALSE(b->ops[0].text);
    // Only sends may be batched, each well formed: one bad op refuses the whole message.
    EXPECT_FALSE(parse_relay_message(R"({"op":"batch","session":"s1","ops":[{"op":"moved"}]})"));
    EXPECT_FALSE(parse_relay_message(
        R"({"op":"batch","session":"s1","ops":[{"op":"emit","event":"e","payload":1},)"
        R"({"op":"remember","id":"m","type":"t"}]})"));
    EXPECT_FALSE(parse_relay_message(R"({"op":"batch","session":"s1","ops":{}})"));
    EXPECT_FALSE(
        parse_relay_message(R"({"op":"sync","session":"s1","call":1,"from":"n","ops":3})"));
}
