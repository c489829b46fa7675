// The seed's persistence promises, end to end over HTTP with a real SQLite database:
// a token for a user that does not exist is refused; a message sent from an HTTP context
// appears in that user's history; only the author reaches a thread.
#include "chainlit/app/app.hpp"
#include "chainlit/auth/jwt.hpp"
#include "chainlit/data/data_layer.hpp"

#include "support/http_client.hpp"

#include <filesystem>
#include <gtest/gtest.h>

using namespace chainlit;
using chainlit::test::http_client;
namespace bhttp = boost::beast::http;
namespace fs = std::filesystem;

namespace {

constexpr const char* secret = "persistence-test-secret-0123456789-abcdefghijkl";

class history : public ::testing::Test {
protected:
    void SetUp() override {
        ::setenv("CHAINLIT_AUTH_SECRET", secret, 1);
        ::unsetenv("DATABASE_URL");
        root_ = fs::temp_directory_path() / ("cl_hist_" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_);
        db_url_ = "sqlite://" + (root_ / "chat.db").string();
        app_.data_layer(db_url_);
        // A login callback makes login required, as in a real deployment.
        app_.password_auth_callback(
            [](std::string, std::string) -> task<std::optional<user>> { co_return std::nullopt; });
        app_.get("/notify", [](request& req, const user& u) -> task<response> {
            auto ctx = init_http_context(req, u);
            message m("A message from an HTTP context");
            co_await ctx.send(m);
            co_return response::json(json::object{{"thread", ctx.session().thread_id()}});
        });
        run_options o;
        o.port = 0;
        o.threads = 2;
        o.app_root = root_;
        o.access_log = false;
        app_.start(o);
        auto dl = data::make_data_layer(db_url_);
        ASSERT_TRUE(dl);
        db_ = std::move(*dl);
    }
    void TearDown() override {
        app_.stop();
        app_.wait();
        db_.reset();
        fs::remove_all(root_);
        ::unsetenv("CHAINLIT_AUTH_SECRET");
    }
    void add_user(const std::string& identifier) {
        data::user u;
        u.identifier = identifier;
        ASSERT_TRUE(db_->create_user(u));
    }
    static std::string bearer(const std::string& identifier) {
        user u;
        u.identifier = identifier;
        return "Bearer " + auth::create_jwt(u, secret);
    }
    test::response call(bhttp::verb v, const std::string& target, const std::string& who,
                        std::string body = {}) {
        http_client c(app_.port());
        return c.request(v, target, std::move(body),
                         {{"Authorization", bearer(who)}, {"Content-Type", "application/json"}});
    }

    app app_;
    fs::path root_;
    std::string db_url_;
    std::unique_ptr<data::data_layer> db_;
};

} // namespace

TEST_F(history, token_for_unknown_user_is_refused) {
    auto r = call(bhttp::verb::get, "/notify", "mallory");
    EXPECT_EQ(r.result_int(), 401);
    EXPECT_EQ(r.body(), R"({"detail":"Invalid authentication token"})");
    EXPECT_EQ(call(bhttp::verb::get, "/user", "mallory").result_int(), 401);
    add_user("mallory");
    EXPECT_EQ(call(bhttp::verb::get, "/notify", "mallory").result_int(), 200);
    auto me = call(bhttp::verb::get, "/user", "mallory");
    EXPECT_EQ(me.result_int(), 200);
    EXPECT_NE(me.body().find(R"("identifier":"mallory")"), std::string::npos) << me.body();
}

TEST_F(history, http_context_message_appears_in_history) {
    add_user("alice");
    auto sent = call(bhttp::verb::get, "/notify", "alice");
    ASSERT_EQ(sent.result_int(), 200) << sent.body();
    const auto thread_id = std::string(json::parse(sent.body()).at("thread").as_string());

    // The write is queued on the data thread; the listing reads on the same thread after it.
    auto list = call(bhttp::verb::post, "/project/threads", "alice",
                     R"({"pagination":{"first":10},"filter":{}})");
    ASSERT_EQ(list.result_int(), 200) << list.body();
    auto page = json::parse(list.body());
    const auto& data = page.at("data").as_array();
    ASSERT_EQ(data.size(), 1u) << list.body();
    EXPECT_EQ(data[0].at("id").as_string(), thread_id);

    auto thread = call(bhttp::verb::get, "/project/thread/" + thread_id, "alice");
    ASSERT_EQ(thread.result_int(), 200) << thread.body();
    EXPECT_NE(thread.body().find("A message from an HTTP context"), std::string::npos);
    EXPECT_NE(thread.body().find(R"("userIdentifier":"alice")"), std::string::npos);
}

TEST_F(history, only_the_author_reaches_a_thread) {
    add_user("alice");
    add_user("bob");
    auto sent = call(bhttp::verb::get, "/notify", "alice");
    ASSERT_EQ(sent.result_int(), 200);
    const auto tid = std::string(json::parse(sent.body()).at("thread").as_string());
    call(bhttp::verb::post, "/project/threads", "alice",
         R"({"pagination":{"first":1},"filter":{}})");

    EXPECT_EQ(call(bhttp::verb::get, "/project/thread/" + tid, "bob").result_int(), 401);
    auto bob_list = call(bhttp::verb::post, "/project/threads", "bob",
                         R"({"pagination":{"first":10},"filter":{}})");
    EXPECT_EQ(json::parse(bob_list.body()).at("data").as_array().size(), 0u);
    const std::string rename = R"({"threadId":")" + tid + R"(","name":"Renamed"})";
    EXPECT_EQ(call(bhttp::verb::put, "/project/thread", "bob", rename).result_int(), 401);
    EXPECT_EQ(call(bhttp::verb::put, "/project/thread", "alice", rename).result_int(), 200);
    auto t = call(bhttp::verb::get, "/project/thread/" + tid, "alice");
    EXPECT_NE(t.body().find(R"("name":"Renamed")"), std::string::npos) << t.body();
    const std::string del = R"({"threadId":")" + tid + R"("})";
    EXPECT_EQ(call(bhttp::verb::delete_, "/project/thread", "bob", del).result_int(), 401);
    EXPECT_EQ(call(bhttp::verb::delete_, "/project/thread", "alice", del).result_int(), 200);
    EXPECT_EQ(call(bhttp::verb::get, "/project/thread/" + tid, "alice").result_int(), 404);
    EXPECT_EQ(call(bhttp::verb::get, "/project/thread/no-such-thread", "alice").result_int(), 404);
}

TEST_F(history, hostile_search_strings_are_literal) {
    add_user("alice");
    ASSERT_EQ(call(bhttp::verb::get, "/notify", "alice").result_int(), 200);
    for (const char* search : {"%", "_", "' OR 1=1 --", "\"; DROP TABLE threads; --"}) {
        json::object body{{"pagination", json::object{{"first", 10}}},
                          {"filter", json::object{{"search", search}}}};
        auto r = call(bhttp::verb::post, "/project/threads", "alice", json::serialize(body));
        ASSERT_EQ(r.result_int(), 200) << search;
        EXPECT_EQ(json::parse(r.body()).at("data").as_array().size(), 0u) << search;
    }
    // The database is intact.
    auto all = call(bhttp::verb::post, "/project/threads", "alice",
                    R"({"pagination":{"first":10},"filter":{}})");
    EXPECT_EQ(json::parse(all.body()).at("data").as_array().size(), 1u);
}

TEST(persistence, unopenable_database_fails_start) {
    app a;
    a.data_layer("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
    run_options o;
    o.port = 0;
    o.access_log = false;
    o.app_root = fs::temp_directory_path();
    EXPECT_THROW(a.start(o), config_error);
}

TEST(persistence, routes_without_data_layer) {
    ::unsetenv("DATABASE_URL");
    app a;
    run_options o;
    o.port = 0;
    o.access_log = false;
    o.app_root = fs::temp_directory_path();
    a.start(o);
    http_client c(a.port());
    auto r = c.request(bhttp::verb::post, "/project/threads", R"({"pagination":{"first":5}})",
                       {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.result_int(), 400);
    auto fb = c.request(bhttp::verb::put, "/feedback", R"({"feedback":{"forId":"x","value":1}})",
                        {{"Content-Type", "application/json"}});
    EXPECT_EQ(fb.result_int(), 500);
    EXPECT_EQ(fb.body(), R"({"detail":"Data persistence is not enabled"})");
    a.stop();
    a.wait();
}
