// The connection's single deadline timer: a passed deadline closes the socket (pending reads
// end with operation_aborted), a deadline cleared or moved before it passes closes nothing, and
// a stopped watch never touches its socket again.
#include "http/deadline_watch.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>

namespace asio = boost::asio;
using asio::ip::tcp;
using chainlit::http::deadline_watch;
using namespace std::chrono_literals;

namespace {

class deadline_watch_test : public ::testing::Test {
protected:
    void SetUp() override {
        tcp::acceptor acc(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        peer.connect(acc.local_endpoint());
        server = acc.accept();
        watch = std::make_shared<deadline_watch>(server);
    }
    void TearDown() override { watch->stop(); }

    /// Starts a read on the server side; its outcome lands in `read_result`.
    void start_read() {
        server.async_read_some(asio::buffer(&byte, 1), [this](boost::system::error_code ec,
                                                              std::size_t) { read_result = ec; });
    }
    /// Runs until the read completed (bounded: 2 s of io time).
    void run_until_read() {
        for (int i = 0; i < 400 && !read_result; ++i)
            io.run_for(5ms);
        ASSERT_TRUE(read_result.has_value()) << "the read never completed";
    }

    asio::io_context io;
    tcp::socket peer{io};
    tcp::socket server{io};
    std::shared_ptr<deadline_watch> watch;
    char byte = 0;
    std::optional<boost::system::error_code> read_result;
};

TEST_F(deadline_watch_test, a_passed_deadline_closes_the_socket) {
    watch->expires_after(1ms);
    start_read();
    run_until_read();
    EXPECT_EQ(*read_result, asio::error::operation_aborted);
    EXPECT_TRUE(watch->expired());
    EXPECT_FALSE(server.is_open());
}

TEST_F(deadline_watch_test, a_cleared_deadline_closes_nothing) {
    watch->expires_after(1ms);
    watch->expires_never(); // the timer still fires, finds no deadline and lets the socket be
    start_read();
    for (int i = 0; i < 10; ++i)
        io.run_for(5ms);
    asio::write(peer, asio::buffer("x", 1));
    run_until_read();
    EXPECT_FALSE(*read_result);
    EXPECT_FALSE(watch->expired());
    EXPECT_TRUE(server.is_open());
}

TEST_F(deadline_watch_test, a_moved_deadline_is_the_one_that_counts) {
    watch->expires_after(1ms);
    watch->expires_after(std::chrono::hours(1)); // later: the first wait fires and re-arms
    start_read();
    for (int i = 0; i < 10; ++i)
        io.run_for(5ms);
    EXPECT_TRUE(server.is_open());
    watch->expires_after(1ms); // earlier again: re-armed at once
    run_until_read();
    EXPECT_EQ(*read_result, asio::error::operation_aborted);
    EXPECT_TRUE(watch->expired());
}

TEST_F(deadline_watch_test, a_stopped_watch_leaves_the_socket_alone) {
    watch->expires_after(1ms);
    watch->stop();
    start_read();
    for (int i = 0; i < 10; ++i)
        io.run_for(5ms);
    asio::write(peer, asio::buffer("x", 1));
    run_until_read();
    EXPECT_FALSE(*read_result);
    EXPECT_FALSE(watch->expired());
}

} // namespace
