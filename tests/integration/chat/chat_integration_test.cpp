// The chat layer's pieces that need no browser: run_blocking, the HTTP context (outside and
// inside a request of a running app), the seed's websocket-context endpoint for an unknown
// session, element factories and the wire dicts of messages and steps (spec E.2, E.3).
#include "support/http_client.hpp"

#include <chainlit/chainlit.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <gtest/gtest.h>
#include <set>
#include <thread>

namespace cl = chainlit;
namespace json = chainlit::json;
namespace asio = boost::asio;
using chainlit::test::http_client;

namespace {

std::set<std::string> keys_of(const json::object& o) {
    std::set<std::string> out;
    for (const auto& kv : o)
        out.insert(std::string(kv.key()));
    return out;
}

/// Runs `body` as a coroutine on a one-thread io_context until it finishes; rethrows.
void run_coro(std::function<cl::task<void>()> body) {
    asio::io_context ioc;
    std::exception_ptr failure;
    asio::co_spawn(ioc, std::move(body), [&](std::exception_ptr e) { failure = e; });
    ioc.run();
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace

// ---- run_blocking ---------------------------------------------------------------------------

TEST(RunBlocking, RunsOffTheCallingThreadAndResumesThereWithTheValue) {
    std::thread::id io_thread, blocking_thread, after;
    int value = 0;
    run_coro([&]() -> cl::task<void> {
        io_thread = std::this_thread::get_id();
        auto fn = [&] {
            blocking_thread = std::this_thread::get_id();
            return 42;
        };
        value = co_await cl::run_blocking(fn);
        after = std::this_thread::get_id();
    });
    EXPECT_EQ(value, 42);
    EXPECT_NE(blocking_thread, io_thread);
    EXPECT_EQ(after, io_thread); // resumed on the caller's executor (the only io thread)
}

TEST(RunBlocking, ReturnsStringsAndVoid) {
    std::string s;
    bool ran = false;
    run_coro([&]() -> cl::task<void> {
        auto make = [] { return std::string(1000, 'x'); };
        s = co_await cl::run_blocking(make);
        auto side = [&] { ran = true; };
        co_await cl::run_blocking(side);
    });
    EXPECT_EQ(s, std::string(1000, 'x'));
    EXPECT_TRUE(ran);
}

TEST(RunBlocking, AnExceptionPropagatesToTheAwaitingCoroutine) {
    std::string caught;
    run_coro([&]() -> cl::task<void> {
        auto fn = []() -> int { throw std::runtime_error("sdk failed"); };
        try {
            co_await cl::run_blocking(fn);
        } catch (const std::runtime_error& e) {
            caught = e.what();
        }
    });
    EXPECT_EQ(caught, "sdk failed");
}

TEST(RunBlocking, ABlockingCallDoesNotStallTheIoThread) {
    // One io thread: a 300 ms blocking call and a 20 ms timer run side by side; the timer must
    // fire while the blocking call is still running.
    std::atomic<bool> blocking_done{false};
    bool timer_fired_first = false;
    asio::io_context ioc;
    asio::co_spawn(
        ioc,
        [&]() -> cl::task<void> {
            auto fn = [&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                blocking_done = true;
                return 1;
            };
            co_await cl::run_blocking(fn);
        },
        asio::detached);
    asio::co_spawn(
        ioc,
        [&]() -> cl::task<void> {
            asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(20));
            co_await t.async_wait(asio::use_awaitable);
            timer_fired_first = !blocking_done.load();
        },
        asio::detached);
    ioc.run();
    EXPECT_TRUE(timer_fired_first);
    EXPECT_TRUE(blocking_done.load());
}

// ---- contexts -------------------------------------------------------------------------------

TEST(HttpContext, OutsideARequestOfARunningAppThrowsLogicError) {
    cl::http::request req; // never dispatched by an app
    EXPECT_THROW(cl::init_http_context(req), std::logic_error);
}

TEST(WebsocketSession, UnknownIdIsNotFound) {
    EXPECT_EQ(cl::websocket_session::get_by_id("no-such-session"), nullptr);
    EXPECT_EQ(cl::websocket_session::get_by_id(""), nullptr);
}

class ChatApp : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = std::filesystem::temp_directory_path() /
                ("chat_integration_" + cl::uuid4());
        std::filesystem::create_directories(root_);
        app_.get("/http-context", [](cl::request& req) -> cl::task<cl::response> {
            cl::context ctx = cl::init_http_context(req);
            json::object out;
            out["is_websocket"] = ctx.is_websocket();
            out["session_is_websocket"] = ctx.session().is_websocket();
            out["has_id"] = !ctx.session().id().empty();
            out["has_thread"] = !ctx.session().thread_id().empty();
            out["user_session_id"] =
                ctx.user_session().get<std::string>("id").value_or("") == ctx.session().id();
            cl::message m("Hello from HTTP");
            co_await ctx.send(m); // reaches no browser, only returns
            out["sent_id"] = m.id;
            out["sent_thread"] = m.thread_id == ctx.session().thread_id();
            auto answer = co_await ctx.ask_user("anyone?", std::chrono::seconds(1));
            out["ask_without_browser"] = answer.has_value();
            bool bad_toast = false;
            try {
                ctx.toast("x", "purple");
            } catch (const std::invalid_argument&) {
                bad_toast = true;
            }
            out["bad_toast_rejected"] = bad_toast;
            co_return cl::response::json(out);
        });
        app_.get("/hello/{session_id}", [](cl::request& req) -> cl::task<cl::response> {
            auto s = cl::websocket_session::get_by_id(req.path_param("session_id"));
            if (!s)
                co_return cl::response::json(404, json::object{{"detail", "Session not found"}});
            cl::context ctx = cl::init_ws_context(*s);
            cl::message m("Hello World");
            co_await ctx.send(m);
            co_return cl::response::html("Data sent to the websocket client");
        });
        app_.get("/blocking", [](cl::request&) -> cl::task<cl::response> {
            const auto before = std::this_thread::get_id();
            std::thread::id inside;
            auto fn = [&] {
                inside = std::this_thread::get_id();
                return std::string("done");
            };
            auto v = co_await cl::run_blocking(fn);
            json::object out;
            out["value"] = v;
            out["off_io_thread"] = inside != before;
            co_return cl::response::json(out);
        });
        cl::run_options opts;
        opts.port = 0;
        opts.threads = 1;
        opts.access_log = false;
        opts.app_root = root_;
        app_.start(opts);
    }
    void TearDown() override {
        app_.stop();
        app_.wait();
        std::error_code ec;
        std::filesystem::remove_all(root_, ec);
    }

    std::filesystem::path root_;
    cl::app app_;
};

TEST_F(ChatApp, HttpContextSendsToNobodyAndReturns) {
    http_client c(app_.port());
    auto r = c.get("/http-context");
    ASSERT_EQ(r.result_int(), 200) << r.body();
    auto v = boost::json::parse(r.body()).as_object();
    EXPECT_EQ(v.at("is_websocket"), false);
    EXPECT_EQ(v.at("session_is_websocket"), false);
    EXPECT_EQ(v.at("has_id"), true);
    EXPECT_EQ(v.at("has_thread"), true);
    EXPECT_EQ(v.at("user_session_id"), true);
    EXPECT_TRUE(cl::is_uuid4(std::string(v.at("sent_id").as_string())));
    EXPECT_EQ(v.at("sent_thread"), true);
    EXPECT_EQ(v.at("ask_without_browser"), false); // no browser: nullopt at once, no wait
    EXPECT_EQ(v.at("bad_toast_rejected"), true);
    // An HTTP context creates no live session.
    EXPECT_EQ(app_.runtime()->session_count(), 0u);
}

TEST_F(ChatApp, SeedEndpointAnswers404JsonForAnUnknownSession) {
    http_client c(app_.port());
    auto r = c.get("/hello/" + cl::uuid4());
    EXPECT_EQ(r.result_int(), 404);
    EXPECT_NE(r[boost::beast::http::field::content_type].find("application/json"),
              std::string::npos);
    EXPECT_EQ(boost::json::parse(r.body()), boost::json::parse(R"({"detail":"Session not found"})"));
}

TEST_F(ChatApp, RunBlockingInsideAHandlerRunsOffTheIoThread) {
    http_client c(app_.port());
    auto r = c.get("/blocking");
    ASSERT_EQ(r.result_int(), 200) << r.body();
    auto v = boost::json::parse(r.body()).as_object();
    EXPECT_EQ(v.at("value"), "done");
    EXPECT_EQ(v.at("off_io_thread"), true);
}

TEST_F(ChatApp, BuiltInChatRoutesRefuseUnknownSessions) {
    http_client c(app_.port());
    const std::string body =
        R"({"sessionId":"nope","action":{"name":"ping","payload":{},"id":"a","forId":"m"}})";
    auto r = c.request(boost::beast::http::verb::post, "/project/action", body,
                       {{"content-type", "application/json"}});
    EXPECT_EQ(r.result_int(), 404) << r.body();
    auto f = c.get("/project/file/abc?session_id=nope");
    EXPECT_EQ(f.result_int(), 401) << f.body();
    auto bad = c.request(boost::beast::http::verb::post, "/project/action", "{}",
                         {{"content-type", "application/json"}});
    EXPECT_EQ(bad.result_int(), 422) << bad.body();
}

// ---- elements -------------------------------------------------------------------------------

TEST(Elements, FactoriesSetTypeDisplayAndMime) {
    auto t = cl::element::text("a.txt", "hello", "side", "python");
    EXPECT_EQ(t.type, "text");
    EXPECT_EQ(t.display, "side");
    EXPECT_EQ(t.language, "python");
    EXPECT_EQ(t.content, "hello");
    EXPECT_EQ(t.effective_mime(), "text/plain");

    auto img = cl::element::image("p.png", "\x89PNG", "image/png");
    EXPECT_EQ(img.type, "image");
    EXPECT_EQ(img.effective_mime(), "image/png");
    EXPECT_EQ(img.size, "medium");
    EXPECT_EQ(img.display, "inline");

    auto url = cl::element::image_url("r.png", "https://example.invalid/r.png");
    EXPECT_EQ(url.type, "image");
    EXPECT_EQ(url.url, "https://example.invalid/r.png");
    EXPECT_TRUE(url.content.empty());

    auto f = cl::element::file("d.bin", "xyz", "application/x-thing");
    EXPECT_EQ(f.type, "file");
    EXPECT_EQ(f.effective_mime(), "application/x-thing");

    auto pdf = cl::element::pdf("doc.pdf", "%PDF", "side", 3);
    EXPECT_EQ(pdf.type, "pdf");
    EXPECT_EQ(pdf.effective_mime(), "application/pdf");
    EXPECT_EQ(pdf.page, 3);
    EXPECT_EQ(pdf.display, "side");

    auto au = cl::element::audio("a.wav", "RIFF", "audio/wav", true);
    EXPECT_EQ(au.type, "audio");
    EXPECT_EQ(au.effective_mime(), "audio/wav");
    EXPECT_TRUE(au.auto_play);

    auto vid = cl::element::video("v.mp4", "....", "video/mp4");
    EXPECT_EQ(vid.type, "video");
    EXPECT_EQ(vid.effective_mime(), "video/mp4");

    json::value fig = json::object{{"data", json::array{}}, {"layout", json::object{}}};
    auto pl = cl::element::plotly("chart", fig);
    EXPECT_EQ(pl.type, "plotly");
    EXPECT_EQ(pl.effective_mime(), "application/json");
    EXPECT_EQ(boost::json::parse(pl.content), fig);

    json::array tasks;
    tasks.push_back(json::object{{"title", "one"}, {"status", "done"}});
    auto tl = cl::element::tasklist("Running", tasks);
    EXPECT_EQ(tl.type, "tasklist");
    EXPECT_EQ(tl.effective_mime(), "application/json");
    auto tl_content = boost::json::parse(tl.content).as_object();
    EXPECT_EQ(tl_content.at("status"), "Running");
    EXPECT_EQ(tl_content.at("tasks"), json::value(tasks));

    json::value props = json::object{{"count", 3}};
    auto cu = cl::element::custom("Counter", props);
    EXPECT_EQ(cu.type, "custom");
    EXPECT_EQ(cu.props, props);
    EXPECT_EQ(cu.effective_mime(), "application/json");
    EXPECT_EQ(boost::json::parse(cu.content), props);

    cl::element explicit_mime;
    explicit_mime.type = "text";
    explicit_mime.mime = "text/markdown";
    EXPECT_EQ(explicit_mime.effective_mime(), "text/markdown");
    // Ids are fresh uuid4s.
    EXPECT_TRUE(cl::is_uuid4(t.id));
    EXPECT_NE(t.id, img.id);
}

// ---- wire dicts -----------------------------------------------------------------------------

TEST(WireDicts, MessageSendsExactlyTheMessageKeys) {
    cl::message m("hi", "Bot");
    m.created_at = "2024-01-02T03:04:05.123456Z";
    m.thread_id = "t1";
    auto d = m.to_dict();
    // Spec E.2 (the 0.3.0 client's keys; `modes` is HEAD only).
    const std::set<std::string> expected{"id",     "threadId", "parentId", "createdAt",
                                         "command", "start",   "end",      "output",
                                         "name",   "type",     "language", "streaming",
                                         "isError", "waitForAnswer", "metadata", "tags"};
    EXPECT_EQ(keys_of(d), expected);
    EXPECT_EQ(d.at("output"), "hi");
    EXPECT_EQ(d.at("name"), "Bot");
    EXPECT_EQ(d.at("type"), "assistant_message");
    EXPECT_EQ(d.at("threadId"), "t1");
    EXPECT_TRUE(d.at("parentId").is_null());
    EXPECT_EQ(d.at("createdAt"), "2024-01-02T03:04:05.123456Z");
    EXPECT_EQ(d.at("start"), d.at("createdAt")); // messages: start = end = createdAt
    EXPECT_EQ(d.at("end"), d.at("createdAt"));
    EXPECT_EQ(d.at("streaming"), false);
    EXPECT_EQ(d.at("isError"), false);
    EXPECT_EQ(d.at("waitForAnswer"), false);
    EXPECT_TRUE(d.at("metadata").is_object());
    EXPECT_TRUE(cl::is_uuid4(std::string(d.at("id").as_string())));

    m.parent_id = "p";
    m.is_error = true;
    m.language = "python";
    m.command = "search";
    auto e = m.to_dict();
    EXPECT_EQ(e.at("parentId"), "p");
    EXPECT_EQ(e.at("isError"), true);
    EXPECT_EQ(e.at("language"), "python");
    EXPECT_EQ(e.at("command"), "search");
}

TEST(WireDicts, StepSendsTheStepKeys) {
    cl::step s;
    s.name = "Search";
    s.type = "tool";
    s.input = "q";
    s.output = "r";
    s.created_at = s.start = "2024-01-02T03:04:05.000001Z";
    auto d = s.to_dict();
    const std::set<std::string> expected{
        "name",    "type",     "id",        "threadId",  "parentId",    "streaming", "metadata",
        "tags",    "input",    "isError",   "output",    "createdAt",   "start",     "end",
        "language", "defaultOpen", "showInput", "generation"};
    // autoCollapse is HEAD only; every key the 0.3.0 client reads must be there.
    for (const auto& k : expected)
        EXPECT_TRUE(d.contains(k)) << "missing " << k;
    for (const auto& k : keys_of(d))
        EXPECT_TRUE(expected.count(k) || k == "autoCollapse") << "unexpected " << k;
    EXPECT_EQ(d.at("type"), "tool");
    EXPECT_EQ(d.at("input"), "q");
    EXPECT_EQ(d.at("output"), "r");
    EXPECT_EQ(d.at("showInput"), "json");
    EXPECT_TRUE(d.at("end").is_null());
    EXPECT_TRUE(d.at("parentId").is_null());
    s.show_input = "false";
    EXPECT_EQ(s.to_dict().at("showInput"), false);
}

TEST(WireDicts, ActionRoundTrips) {
    cl::action a;
    a.name = "ping";
    a.label = "Ping";
    a.payload = json::object{{"n", 1}};
    a.for_id = "m1";
    auto d = a.to_json();
    EXPECT_EQ(keys_of(d), (std::set<std::string>{"name", "payload", "label", "tooltip", "id",
                                                  "forId"}));
    auto back = cl::action::from_json(d);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->name, "ping");
    EXPECT_EQ(back->id, a.id);
    EXPECT_EQ(back->for_id, "m1");
    EXPECT_EQ(back->payload, a.payload);
    EXPECT_FALSE(cl::action::from_json(json::object{{"label", "no name"}}));
    EXPECT_FALSE(cl::action::from_json(json::value("ping")));
}
