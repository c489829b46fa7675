// The websocket write-behind layer: frames are encoded as RFC 6455 says at each length boundary,
// raw writes and frames leave in the order they were made, and what was buffered reaches the
// socket.
#include "realtime/coalescing_stream.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace asio = boost::asio;
using asio::ip::tcp;
using chainlit::realtime::detail::coalescing_stream;

namespace {

struct frame {
    bool fin;
    int opcode;
    bool masked;
    std::string payload;
};

// Reads one frame from a blocking socket: a parser written from the RFC, independent of the
// encoder under test.
frame read_frame(tcp::socket& s) {
    unsigned char h[2];
    asio::read(s, asio::buffer(h));
    frame f{(h[0] & 0x80) != 0, h[0] & 0x0F, (h[1] & 0x80) != 0, {}};
    std::uint64_t len = h[1] & 0x7F;
    if (len == 126 || len == 127) {
        unsigned char ext[8];
        const std::size_t n = len == 126 ? 2 : 8;
        asio::read(s, asio::buffer(ext, n));
        len = 0;
        for (std::size_t i = 0; i < n; ++i)
            len = (len << 8) | ext[i];
    }
    f.payload.resize(len);
    asio::read(s, asio::buffer(f.payload));
    return f;
}

class coalescing_stream_test : public ::testing::Test {
protected:
    void SetUp() override {
        tcp::acceptor acc(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        client.connect(acc.local_endpoint());
        stream = std::make_shared<coalescing_stream>(boost::beast::tcp_stream(acc.accept()));
        stream->set_owner(stream);
    }
    /// Runs the io_context until everything buffered has been handed to the socket (bounded).
    void drain() {
        for (int i = 0; i < 1000 && stream->buffered() > 0; ++i)
            io.run_for(std::chrono::milliseconds(5));
        ASSERT_EQ(stream->buffered(), 0u);
        io.restart();
    }

    asio::io_context io;
    tcp::socket client{io};
    std::shared_ptr<coalescing_stream> stream;
};

} // namespace

TEST_F(coalescing_stream_test, encodes_every_length_form_unmasked_with_fin) {
    const std::vector<std::size_t> sizes{0, 1, 125, 126, 127, 65535, 65536, 70000};
    for (std::size_t i = 0; i < sizes.size(); ++i)
        stream->append_frame(std::string(sizes[i], static_cast<char>('a' + i)), i % 2 == 1);
    drain();
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        const auto f = read_frame(client);
        EXPECT_TRUE(f.fin);
        EXPECT_FALSE(f.masked); // servers never mask (RFC 6455 5.1)
        EXPECT_EQ(f.opcode, i % 2 == 1 ? 0x2 : 0x1);
        EXPECT_EQ(f.payload, std::string(sizes[i], static_cast<char>('a' + i))) << sizes[i];
    }
}

TEST_F(coalescing_stream_test, raw_writes_and_frames_keep_their_order) {
    bool completed = false;
    std::size_t written = 0;
    const std::string raw = "\x89\x02hi"; // a ping frame, as Beast would write one
    stream->append_frame("first", false);
    stream->async_write_some(asio::buffer(raw),
                             [&](const boost::system::error_code& ec, std::size_t n) {
                                 EXPECT_FALSE(ec);
                                 completed = true;
                                 written = n;
                             });
    EXPECT_FALSE(completed); // never completes inside the initiating call
    stream->append_frame("second", false);
    drain();
    EXPECT_TRUE(completed);
    EXPECT_EQ(written, raw.size());
    EXPECT_EQ(read_frame(client).payload, "first");
    const auto ping = read_frame(client);
    EXPECT_EQ(ping.opcode, 0x9);
    EXPECT_EQ(ping.payload, "hi");
    EXPECT_EQ(read_frame(client).payload, "second");
}

TEST_F(coalescing_stream_test, a_failed_flush_makes_later_writes_fail) {
    client.close();
    stream->next_layer().socket().shutdown(tcp::socket::shutdown_send);
    // Keep writing until the kernel reports the peer gone (bounded).
    for (int i = 0; i < 200 && !stream->failed(); ++i) {
        stream->append_frame(std::string(64 * 1024, 'x'), true);
        io.run_for(std::chrono::milliseconds(5));
        io.restart();
    }
    ASSERT_TRUE(stream->failed());
    boost::system::error_code got;
    stream->async_write_some(asio::buffer(std::string_view("late")),
                             [&](const boost::system::error_code& ec, std::size_t) { got = ec; });
    io.run_for(std::chrono::milliseconds(50));
    EXPECT_TRUE(got);
}
