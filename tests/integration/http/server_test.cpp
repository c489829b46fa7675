// The http server for real: an app on an ephemeral loopback port, a real TCP client.
#include "chainlit/app/app.hpp"

#include "support/http_client.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <thread>

using namespace chainlit;
using chainlit::test::http_client;
namespace bhttp = boost::beast::http;

namespace {

task<void> sleep_for(std::chrono::milliseconds d) {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, d);
    co_await t.async_wait(boost::asio::use_awaitable);
}

class server_test : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = std::filesystem::temp_directory_path() / ("cl_srv_" + std::to_string(::getpid()));
        std::filesystem::create_directories(root_ / "public");
        std::ofstream(root_ / "public" / "theme.json") << R"({"variables":{}})";
        app_.get("/hello",
                 [](request&) -> task<response> { co_return response::html("Hello World"); });
        app_.post("/echo", [](request& req) -> task<response> {
            auto body = req.json();
            if (!body)
                co_return response::error(400, "Invalid JSON body");
            co_return response::json(*body);
        });
        app_.get("/items/{id}", [](request& req) -> task<response> {
            co_return response::json(json::object{{"id", req.path_param("id")},
                                                  {"q", req.query_param("q").value_or("")}});
        });
        app_.get("/slow", [](request&) -> task<response> {
            co_await sleep_for(std::chrono::milliseconds(300));
            co_return response::text("done");
        });
        app_.get("/boom", [](request&) -> task<response> {
            throw std::runtime_error("handler failure");
            co_return response::text("unreachable");
        });
        app_.get("/stream", [](request&) -> task<response> {
            co_return response::stream("text/plain", [](http::body_writer& w) -> task<void> {
                for (int i = 0; i < 3; ++i)
                    co_await w.write("chunk" + std::to_string(i) + ";");
            });
        });
        app_.get("/events", [](request&) -> task<response> {
            co_return response::sse([](http::sse_writer& s) -> task<void> {
                co_await s.send("one", "greeting", "1");
                co_await s.send("two\nlines");
            });
        });
        app_.get("/cookie", [](request& req) -> task<response> {
            auto r = response::text(req.cookie("a").value_or("none"));
            r.set_cookie({"session", "xyz"});
            co_return r;
        });
        app_.get("/split", [](request& req) -> task<response> {
            auto r = response::text("ok");
            r.set_header("X-Echo", req.query_param("v").value_or(""));
            co_return r;
        });
        app_.get("/empty", [](request&) -> task<response> { co_return response(204); });
        run_options o;
        o.port = 0;
        o.threads = 2;
        o.app_root = root_;
        o.access_log = false;
        app_.start(o);
    }
    void TearDown() override {
        app_.stop();
        app_.wait();
        std::filesystem::remove_all(root_);
    }
    app app_;
    std::filesystem::path root_;
};

} // namespace

TEST_F(server_test, serves_custom_endpoint) {
    http_client c(app_.port());
    auto r = c.get("/hello");
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(r.body(), "Hello World");
    EXPECT_EQ(r[bhttp::field::content_type], "text/html; charset=utf-8");
    EXPECT_FALSE(r["X-Request-ID"].empty());
}

TEST_F(server_test, keep_alive_reuses_connection) {
    http_client c(app_.port());
    for (int i = 0; i < 20; ++i) {
        auto r = c.get("/items/" + std::to_string(i) + "?q=a%20b");
        ASSERT_EQ(r.result_int(), 200);
        EXPECT_EQ(r.body(), R"({"id":")" + std::to_string(i) + R"(","q":"a b"})");
    }
}

TEST_F(server_test, pipelined_requests_answered_in_order) {
    http_client c(app_.port());
    c.send_raw("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n"
               "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
               "GET /items/3 HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(c.read_response().body(), R"({"id":"1","q":""})");
    EXPECT_EQ(c.read_response().body(), "done");
    EXPECT_EQ(c.read_response().body(), R"({"id":"3","q":""})");
}

TEST_F(server_test, json_echo_and_invalid_json) {
    http_client c(app_.port());
    auto ok =
        c.request(bhttp::verb::post, "/echo", R"({"a":1})", {{"Content-Type", "application/json"}});
    EXPECT_EQ(ok.body(), R"({"a":1})");
    auto bad =
        c.request(bhttp::verb::post, "/echo", "{oops", {{"Content-Type", "application/json"}});
    EXPECT_EQ(bad.result_int(), 400);
    EXPECT_EQ(bad.body(), R"({"detail":"Invalid JSON body"})");
}

TEST_F(server_test, handler_exception_is_500_and_server_goes_on) {
    http_client c(app_.port());
    auto r = c.get("/boom");
    EXPECT_EQ(r.result_int(), 500);
    EXPECT_EQ(r.body(), R"({"detail":"Internal Server Error"})");
    EXPECT_EQ(c.get("/hello").result_int(), 200);
}

TEST_F(server_test, chunked_stream_and_sse) {
    http_client c(app_.port());
    auto s = c.get("/stream");
    EXPECT_TRUE(s.chunked());
    EXPECT_EQ(s.body(), "chunk0;chunk1;chunk2;");
    auto e = c.get("/events");
    EXPECT_EQ(e[bhttp::field::content_type], "text/event-stream");
    EXPECT_EQ(e.body(), "id: 1\nevent: greeting\ndata: one\n\ndata: two\ndata: lines\n\n");
}

TEST_F(server_test, cookies_in_and_out) {
    http_client c(app_.port());
    auto r = c.get("/cookie", {{"Cookie", "a=42; b=1"}});
    EXPECT_EQ(r.body(), "42");
    EXPECT_EQ(r[bhttp::field::set_cookie], "session=xyz; Path=/; HttpOnly; SameSite=Lax");
}

TEST_F(server_test, builtin_routes) {
    http_client c(app_.port());
    auto head = c.request(bhttp::verb::head, "/");
    EXPECT_EQ(head.result_int(), 200);
    EXPECT_EQ(c.get("/health").body(), R"({"status":"ok"})");
    auto pub = c.get("/public/theme.json");
    EXPECT_EQ(pub.result_int(), 200);
    EXPECT_EQ(pub[bhttp::field::content_type], "application/json");
    EXPECT_EQ(c.get("/public/missing.css").result_int(), 404);
}

TEST_F(server_test, cors_echoes_allowed_origin_with_credentials) {
    http_client c(app_.port());
    auto r = c.get("/hello", {{"Origin", "http://localhost:5173"}});
    EXPECT_EQ(r[bhttp::field::access_control_allow_origin], "http://localhost:5173");
    EXPECT_EQ(r[bhttp::field::access_control_allow_credentials], "true");
    auto pre = c.request(bhttp::verb::options, "/echo", {},
                         {{"Origin", "http://a.test"},
                          {"Access-Control-Request-Method", "POST"},
                          {"Access-Control-Request-Headers", "content-type"}});
    EXPECT_EQ(pre.result_int(), 200);
    EXPECT_EQ(pre[bhttp::field::access_control_allow_origin], "http://a.test");
    EXPECT_EQ(pre[bhttp::field::access_control_allow_headers], "content-type");
    EXPECT_TRUE(c.get("/hello")[bhttp::field::access_control_allow_origin].empty());
}

TEST_F(server_test, concurrent_clients) {
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            http_client c(app_.port());
            for (int i = 0; i < 50; ++i)
                if (c.get("/hello").result_int() == 200)
                    ++ok;
        });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(ok.load(), 400);
}

TEST_F(server_test, graceful_stop_finishes_in_flight_request) {
    const auto port = app_.port();
    http_client c(port);
    c.send_raw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    app_.stop();
    auto r = c.read_response();
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_EQ(r.body(), "done");
    EXPECT_FALSE(r.keep_alive());
    app_.wait();
    EXPECT_THROW(http_client{port}, boost::system::system_error); // no longer listening
}

TEST_F(server_test, header_values_cannot_split_the_response) {
    http_client c(app_.port());
    auto r = c.get("/split?v=a%0D%0AX-Evil:%201%0D%0A%0D%0Abody");
    EXPECT_EQ(r.result_int(), 200);
    EXPECT_TRUE(r["X-Evil"].empty());
    EXPECT_EQ(r["X-Echo"], "a  X-Evil: 1    body");
    EXPECT_EQ(r.body(), "ok");
}

TEST_F(server_test, no_content_and_head_framing) {
    auto raw = chainlit::test::raw_exchange(
        app_.port(), "GET /empty HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(raw.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u) << raw;
    EXPECT_EQ(raw.find("Content-Length"), std::string::npos) << raw;
    auto head = chainlit::test::raw_exchange(
        app_.port(), "HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_NE(head.find("Content-Length: 11\r\n"), std::string::npos) << head;
    EXPECT_EQ(head.find("Hello World"), std::string::npos) << head;
    auto http10 = chainlit::test::raw_exchange(app_.port(), "GET /hello HTTP/1.0\r\n\r\n");
    EXPECT_EQ(http10.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << http10;
    EXPECT_NE(http10.find("Connection: close\r\n"), std::string::npos) << http10;
}
