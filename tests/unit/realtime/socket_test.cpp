#include "chainlit/realtime/socket.hpp"

#include "chainlit/realtime/socketio_packet.hpp"

#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::realtime;

TEST(payload, binary_resolves_placeholders_to_attachments) {
    payload p{json::array{socketio::placeholder(1), socketio::placeholder(0), "text"},
              {"zero", "one"}};
    ASSERT_NE(p.binary(p.args[0]), nullptr);
    EXPECT_EQ(*p.binary(p.args[0]), "one");
    EXPECT_EQ(*p.binary(p.args[1]), "zero");
    EXPECT_EQ(p.binary(p.args[2]), nullptr);
    EXPECT_EQ(p.binary(socketio::placeholder(2)), nullptr);
}
