#include "chainlit/realtime/socketio_packet.hpp"

#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::realtime::socketio;

namespace {
packet make(packet_type t, json::value data, std::optional<std::uint64_t> id = {},
            std::string nsp = "/", std::size_t attachments = 0) {
    packet p;
    p.type = t;
    p.data = std::move(data);
    p.id = id;
    p.nsp = std::move(nsp);
    p.attachments = attachments;
    return p;
}
} // namespace

TEST(socketio_packet, encodes_the_reference_examples) {
    EXPECT_EQ(encode(make(packet_type::connect, json::value(nullptr))), "0");
    EXPECT_EQ(encode(make(packet_type::connect, json::object{{"sid", "abc"}})),
              R"(0{"sid":"abc"})");
    EXPECT_EQ(encode(make(packet_type::connect, json::object{{"token", "1"}}, {}, "/admin")),
              R"(0/admin,{"token":"1"})");
    EXPECT_EQ(encode(make(packet_type::disconnect, nullptr)), "1");
    EXPECT_EQ(encode(make(packet_type::event, json::array{"hello", 1})), R"(2["hello",1])");
    EXPECT_EQ(encode(make(packet_type::event, json::array{"hello"}, 12)), R"(212["hello"])");
    EXPECT_EQ(encode(make(packet_type::ack, json::array{"bar"}, 12, "/admin")),
              R"(3/admin,12["bar"])");
    EXPECT_EQ(encode(make(packet_type::connect_error, json::object{{"message", "no"}})),
              R"(4{"message":"no"})");
    EXPECT_EQ(encode(make(packet_type::binary_event, json::array{"b", placeholder(0)}, {}, "/", 1)),
              R"(51-["b",{"_placeholder":true,"num":0}])");
    EXPECT_EQ(encode(make(packet_type::binary_ack, json::array{placeholder(0)}, 15, "/", 1)),
              R"(61-15[{"_placeholder":true,"num":0}])");
}

TEST(socketio_packet, decode_round_trips_encode) {
    const packet samples[] = {
        make(packet_type::connect, nullptr),
        make(packet_type::connect, json::object{{"sessionId", "s"}, {"userEnv", "{}"}}),
        make(packet_type::disconnect, nullptr, {}, "/x"),
        make(packet_type::event, json::array{"ev", json::object{{"a", 1}}}, 7),
        make(packet_type::ack, json::array{}, 0),
        make(packet_type::connect_error, "oops"),
        make(packet_type::binary_event, json::array{"ev", placeholder(1), placeholder(0)}, 3, "/",
             2),
        make(packet_type::binary_ack, json::array{placeholder(0)}, 9007199254740991ull, "/", 1),
    };
    for (const auto& p : samples) {
        const auto text = encode(p);
        auto back = decode(text);
        ASSERT_TRUE(back) << text;
        EXPECT_EQ(back->type, p.type) << text;
        EXPECT_EQ(back->nsp, p.nsp) << text;
        EXPECT_EQ(back->id, p.id) << text;
        EXPECT_EQ(back->data, p.data) << text;
        EXPECT_EQ(back->attachments, p.attachments) << text;
    }
}

TEST(socketio_packet, parses_namespace_without_payload) {
    auto p = decode("0/chat,");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->nsp, "/chat");
    EXPECT_TRUE(p->data.is_null());
    auto q = decode("1/chat");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->nsp, "/chat");
}

TEST(socketio_packet, rejects_malformed_packets) {
    for (std::string_view bad : {
             "",
             "7",
             "a",
             "2",
             "2{}",
             "2[]",
             "2[1]",
             "2[\"ev\"",
             "2[\"ev\"]x",
             "3[\"x\"]",
             "3",
             "0[]",
             "0\"s\"",
             "1{}",
             "4",
             "4[1]",
             "5[\"ev\"]",
             "5-[\"ev\"]",
             "50-[\"ev\"]",
             "51[\"ev\"]",
             "51-[\"ev\"]x",
             "1-[\"ev\"]",
             "0{\"a\":1}garbage",
             "2\xff[\"ev\"]",
             "2[\"\xff\xfe\"]",
             "012{}",
             "112",
         }) {
        EXPECT_FALSE(decode(bad)) << bad;
    }
}

TEST(socketio_packet, rejects_placeholders_outside_attachments) {
    EXPECT_FALSE(decode(R"(51-["ev",{"_placeholder":true,"num":1}])"));
    EXPECT_FALSE(decode(R"(51-["ev",{"_placeholder":true,"num":-1}])"));
    EXPECT_FALSE(decode(R"(51-["ev",{"_placeholder":true,"num":"0"}])"));
    EXPECT_FALSE(decode(R"(51-["ev",{"x":{"_placeholder":1,"num":0}}])"));
    EXPECT_TRUE(
        decode(R"(52-["ev",[{"_placeholder":true,"num":1}],{"_placeholder":true,"num":0}])"));
}

TEST(socketio_packet, bounds_attachments_ack_ids_and_depth) {
    EXPECT_TRUE(decode("516-[\"ev\"]"));
    auto r = decode("517-[\"ev\"]");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), make_error_code(errc::too_large));
    EXPECT_FALSE(decode("599999999999999999999999999-[\"ev\"]"));
    EXPECT_TRUE(decode("29007199254740991[\"ev\"]"));
    EXPECT_FALSE(decode("29007199254740992[\"ev\"]"));
    EXPECT_FALSE(decode("2" + std::string(10000, '9') + "[\"ev\"]"));

    std::string deep = "2[\"ev\",";
    deep += std::string(100, '[') + std::string(100, ']') + "]";
    EXPECT_FALSE(decode(deep));
    EXPECT_TRUE(decode(deep, {.max_depth = 200}));
    EXPECT_FALSE(decode("0/" + std::string(300, 'n') + ","));
}

TEST(socketio_packet, rejects_non_finite_numbers) {
    EXPECT_FALSE(decode(R"(2["ev",1e999])"));
    EXPECT_FALSE(decode(R"(2["ev",{"a":[-4334e1615]}])"));
    EXPECT_TRUE(decode(R"(2["ev",1.5e300])"));
}

TEST(socketio_packet, placeholder_helpers) {
    EXPECT_EQ(placeholder_num(placeholder(3)), 3u);
    EXPECT_FALSE(placeholder_num(json::object{{"_placeholder", true}}));
    EXPECT_FALSE(placeholder_num(json::value("x")));
    EXPECT_TRUE(placeholders_valid(json::array{placeholder(0), json::array{placeholder(1)}}, 2));
    EXPECT_FALSE(placeholders_valid(json::array{placeholder(2)}, 2));
}
