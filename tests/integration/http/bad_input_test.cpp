// Bad input gets an answer and the server goes on serving others (issue 2's table).
#include "chainlit/app/app.hpp"

#include "support/http_client.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace chainlit;
using chainlit::test::http_client;
using chainlit::test::raw_exchange;

namespace {

class bad_input : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = std::filesystem::temp_directory_path() / ("cl_bad_" + std::to_string(::getpid()));
        std::filesystem::create_directories(root_ / "public");
        std::ofstream(root_ / "secret.txt") << "top secret";
        std::ofstream(root_ / "public" / "ok.txt") << "ok";
        app_.get("/hello",
                 [](request&) -> task<response> { co_return response::html("Hello World"); });
        app_.post("/json", [](request& req) -> task<response> {
            auto v = req.json();
            if (!v)
                co_return response::error(422, "Body is not valid JSON");
            co_return response::json(*v);
        });
        run_options o;
        o.port = 0;
        o.threads = 2;
        o.app_root = root_;
        o.access_log = false;
        o.header_limit = 2048;
        o.body_limit = 4096;
        o.read_timeout = std::chrono::milliseconds(400);
        o.idle_timeout = std::chrono::milliseconds(1500);
        app_.start(o);
    }
    void TearDown() override {
        app_.stop();
        app_.wait();
        std::filesystem::remove_all(root_);
    }
    void expect_still_serving() {
        http_client c(app_.port());
        EXPECT_EQ(c.get("/hello").body(), "Hello World");
    }
    static int status_of(const std::string& raw) {
        if (raw.size() < 12 || raw.compare(0, 9, "HTTP/1.1 ") != 0)
            return -1;
        return std::stoi(raw.substr(9, 3));
    }
    app app_;
    std::filesystem::path root_;
};

} // namespace

TEST_F(bad_input, malformed_request_line_is_400) {
    for (const char* junk : {"GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET /x HTTP/9\r\n\r\n",
                             "\x01\x02\x03 / HTTP/1.1\r\n\r\n"}) {
        auto out = raw_exchange(app_.port(), junk);
        EXPECT_EQ(status_of(out), 400) << junk << " -> " << out;
        EXPECT_NE(out.find(R"({"detail":)"), std::string::npos);
    }
    expect_still_serving();
}

TEST_F(bad_input, header_block_over_limit_is_431) {
    std::string req =
        "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4000, 'a') + "\r\n\r\n";
    EXPECT_EQ(status_of(raw_exchange(app_.port(), req)), 431);
    expect_still_serving();
}

TEST_F(bad_input, body_over_limit_is_413) {
    std::string body(5000, 'x');
    std::string req =
        "POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n\r\n" + body;
    EXPECT_EQ(status_of(raw_exchange(app_.port(), req)), 413);
    std::string chunked = "POST /json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 10; ++i)
        chunked += "3e8\r\n" + std::string(1000, 'y') + "\r\n";
    chunked += "0\r\n\r\n";
    EXPECT_EQ(status_of(raw_exchange(app_.port(), chunked)), 413);
    expect_still_serving();
}

TEST_F(bad_input, invalid_json_gets_detail) {
    std::string req =
        "POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{oops";
    auto out = raw_exchange(app_.port(), req);
    EXPECT_EQ(status_of(out), 422);
    EXPECT_NE(out.find(R"({"detail":"Body is not valid JSON"})"), std::string::npos);
}

TEST_F(bad_input, path_traversal_is_refused) {
    for (const char* target : {"/public/../secret.txt", "/public/%2e%2e/secret.txt",
                               "/public/..%2fsecret.txt", "/public/%2e%2e%5csecret.txt"}) {
        auto out =
            raw_exchange(app_.port(), std::string("GET ") + target +
                                          " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        const int st = status_of(out);
        EXPECT_TRUE(st == 400 || st == 404) << target << " -> " << st;
        EXPECT_EQ(out.find("top secret"), std::string::npos) << target;
    }
    expect_still_serving();
}

TEST_F(bad_input, slow_drip_client_is_closed_by_the_timeout) {
    namespace asio = boost::asio;
    asio::io_context ioc;
    asio::ip::tcp::socket s(ioc);
    s.connect({asio::ip::make_address("127.0.0.1"), app_.port()});
    chainlit::test::set_receive_timeout(s, std::chrono::seconds(5));
    const auto start = std::chrono::steady_clock::now();
    std::string req = "GET /hello HTTP/1.1\r\nHost: x\r\n";
    boost::system::error_code ec;
    for (char ch : req) {
        asio::write(s, asio::buffer(&ch, 1), ec);
        if (ec)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
    char buf[256];
    s.read_some(asio::buffer(buf), ec); // the server closes: EOF (or reset), not a response
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
    EXPECT_LT(elapsed, std::chrono::seconds(4));
    expect_still_serving();
}

TEST_F(bad_input, idle_keep_alive_connection_is_closed) {
    namespace asio = boost::asio;
    asio::io_context ioc;
    asio::ip::tcp::socket s(ioc);
    s.connect({asio::ip::make_address("127.0.0.1"), app_.port()});
    chainlit::test::set_receive_timeout(s, std::chrono::seconds(5));
    char buf[16];
    boost::system::error_code ec;
    s.read_some(asio::buffer(buf), ec);
    EXPECT_EQ(ec, asio::error::eof);
}

TEST_F(bad_input, unknown_method_and_bad_target) {
    EXPECT_EQ(status_of(raw_exchange(app_.port(), "BREW /hello HTTP/1.1\r\nHost: x\r\n\r\n",
                                     std::chrono::seconds(2))),
              405);
    EXPECT_EQ(status_of(raw_exchange(app_.port(),
                                     "GET hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
              400);
    expect_still_serving();
}

TEST(bad_input_limits, huge_header_limit_still_answers_431) {
    // A configured limit above what Beast can report used to crash the process with
    // std::length_error on a single field over 64 KiB.
    app a;
    a.get("/hello", [](request&) -> task<response> { co_return response::text("hi"); });
    run_options o;
    o.port = 0;
    o.threads = 1;
    o.access_log = false;
    o.app_root = std::filesystem::temp_directory_path();
    o.header_limit = 1024 * 1024;
    a.start(o);
    std::string req =
        "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(70'000, 'a') + "\r\n\r\n";
    auto out = raw_exchange(a.port(), req);
    EXPECT_EQ(out.substr(0, 12), "HTTP/1.1 431");
    http_client c(a.port());
    EXPECT_EQ(c.get("/hello").body(), "hi");
    a.stop();
    a.wait();
}
