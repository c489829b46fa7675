// The Socket.IO message encoders: the single-argument one (emit_one's) frames an event exactly as
// the general one does.
#include "realtime/sio_socket.hpp"

#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::realtime;

TEST(encode_message, single_argument_matches_the_argument_array) {
    const json::value arg = json::object{{"id", "m1"}, {"output", "a \"quoted\" word"}};
    EXPECT_EQ(
        encode_message_json("new_message", json::serialize(arg)),
        encode_message(socketio::packet_type::event, event_data("new_message", {arg}), 0, {}));
    EXPECT_EQ(encode_message_json("new_message", json::serialize(arg)),
              R"(42["new_message",{"id":"m1","output":"a \"quoted\" word"}])");
}

TEST(encode_message, frames_ack_ids_and_attachments) {
    EXPECT_EQ(encode_message(socketio::packet_type::binary_event,
                             event_data("audio", {socketio::placeholder(0)}), 1, 7),
              R"(451-7["audio",{"_placeholder":true,"num":0}])");
    EXPECT_EQ(encode_message(socketio::packet_type::disconnect, nullptr, 0, {}), "41");
}
