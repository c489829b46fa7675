#include "chainlit/realtime/engineio_packet.hpp"

#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::realtime::engineio;

TEST(engineio_packet, encodes_text_packets_with_type_digit) {
    EXPECT_EQ(encode_text({packet_type::open, R"({"sid":"x"})"}), R"(0{"sid":"x"})");
    EXPECT_EQ(encode_text({packet_type::ping, ""}), "2");
    EXPECT_EQ(encode_text({packet_type::pong, "probe"}), "3probe");
    EXPECT_EQ(encode_text({packet_type::message, "hello"}), "4hello");
    EXPECT_EQ(encode_text({packet_type::noop, ""}), "6");
}

TEST(engineio_packet, decodes_every_type) {
    for (char c = '0'; c <= '6'; ++c) {
        auto p = decode_text(std::string(1, c) + "data");
        ASSERT_TRUE(p) << c;
        EXPECT_EQ(static_cast<char>(p->type), c);
        EXPECT_EQ(p->data, "data");
        EXPECT_FALSE(p->binary);
    }
}

TEST(engineio_packet, rejects_empty_and_unknown_types) {
    EXPECT_FALSE(decode_text(""));
    EXPECT_FALSE(decode_text("7"));
    EXPECT_FALSE(decode_text("x"));
    EXPECT_FALSE(decode_text("/"));
}

TEST(engineio_packet, payload_joins_with_record_separator) {
    std::vector<packet> ps{{packet_type::message, "a"},
                           {packet_type::ping, ""},
                           {packet_type::message, std::string("\x00\xff", 2), true}};
    const auto body = encode_payload(ps);
    EXPECT_EQ(body, std::string("4a\x1e"
                                "2\x1e"
                                "bAP8="));
    auto back = decode_payload(body);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, ps);
}

TEST(engineio_packet, append_record_matches_encode_payload) {
    std::string body;
    append_record(body, {packet_type::message, "x"});
    append_record(body, {packet_type::message, "yz", true});
    EXPECT_EQ(body, "4x\x1e"
                    "beXo=");
}

TEST(engineio_packet, payload_rejects_malformed_records) {
    EXPECT_FALSE(decode_payload(""));
    EXPECT_FALSE(decode_payload("4a\x1e"));
    EXPECT_FALSE(decode_payload("\x1e"
                                "4a"));
    EXPECT_FALSE(decode_payload("4a\x1e"
                                "9"));
    EXPECT_FALSE(decode_payload("b!!!!"));
}

TEST(engineio_packet, payload_bounds_record_count) {
    std::string body = "6";
    for (int i = 0; i < 10; ++i)
        body += "\x1e"
                "6";
    EXPECT_TRUE(decode_payload(body, {.max_packets = 11}));
    auto r = decode_payload(body, {.max_packets = 10});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), make_error_code(errc::too_large));
}

TEST(engineio_packet, base64_round_trips_all_lengths) {
    std::string data;
    for (int i = 0; i < 300; ++i) {
        auto enc = base64_encode(data);
        EXPECT_EQ(enc.size() % 4, 0u);
        auto dec = base64_decode(enc);
        ASSERT_TRUE(dec) << i;
        EXPECT_EQ(*dec, data);
        data += static_cast<char>(i * 37);
    }
}

TEST(engineio_packet, base64_known_vectors) {
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(*base64_decode("Zm9vYmE="), "fooba");
}

TEST(engineio_packet, base64_rejects_malformed) {
    EXPECT_FALSE(base64_decode("Zg="));
    EXPECT_FALSE(base64_decode("Z==="));
    EXPECT_FALSE(base64_decode("Zg==Zg=="));
    EXPECT_FALSE(base64_decode("Zm9v YmE"));
    EXPECT_FALSE(base64_decode("Zm=v"));
    EXPECT_TRUE(base64_decode(""));
}
