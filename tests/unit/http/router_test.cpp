#include "chainlit/http/router.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::http;

namespace {
handler tagged(std::string tag) {
    return [tag](request&) -> task<response> { co_return response::text(tag); };
}

response run(const router& r, request& req) {
    boost::asio::io_context ioc;
    auto fut = boost::asio::co_spawn(ioc, r.dispatch(req), boost::asio::use_future);
    ioc.run();
    return fut.get();
}

response call(const router& r, method m, std::string target) {
    request req(m, std::move(target), {}, {});
    return run(r, req);
}
} // namespace

TEST(router, literal_and_param_routes) {
    router r;
    r.add(method::get, "/hello", tagged("hello"));
    r.add(method::get, "/hello/{session_id}", tagged("session"));
    EXPECT_EQ(call(r, method::get, "/hello").body(), "hello");
    EXPECT_EQ(call(r, method::get, "/hello/abc").body(), "session");
    request req(method::get, "/hello/abc%20def?x=1", {}, {});
    auto res = run(r, req);
    EXPECT_EQ(res.body(), "session");
    EXPECT_EQ(req.path_param("session_id"), "abc def");
    EXPECT_EQ(req.query_param("x"), "1");
}

TEST(router, literal_beats_param) {
    router r;
    r.add(method::put, "/project/thread/{id}", tagged("param"));
    r.add(method::put, "/project/thread/share", tagged("share"));
    EXPECT_EQ(call(r, method::put, "/project/thread/share").body(), "share");
    EXPECT_EQ(call(r, method::put, "/project/thread/x").body(), "param");
}

TEST(router, not_found_and_method_not_allowed_are_json) {
    router r;
    r.add(method::post, "/only-post", tagged("p"));
    auto nf = call(r, method::get, "/nope");
    EXPECT_EQ(nf.status(), 404);
    EXPECT_EQ(nf.body(), R"({"detail":"Not Found"})");
    auto na = call(r, method::get, "/only-post");
    EXPECT_EQ(na.status(), 405);
    EXPECT_EQ(na.body(), R"({"detail":"Method Not Allowed"})");
    EXPECT_EQ(na.header("Allow"), "POST");
}

TEST(router, all_methods_dispatch) {
    router r;
    r.add(method::get, "/m", tagged("GET"));
    r.add(method::post, "/m", tagged("POST"));
    r.add(method::put, "/m", tagged("PUT"));
    r.add(method::patch, "/m", tagged("PATCH"));
    r.add(method::del, "/m", tagged("DELETE"));
    r.add(method::options, "/m", tagged("OPTIONS"));
    for (auto m :
         {method::get, method::post, method::put, method::patch, method::del, method::options})
        EXPECT_EQ(call(r, m, "/m").body(), to_string(m));
    EXPECT_EQ(call(r, method::head, "/m").body(), "GET"); // HEAD falls back to GET
}

TEST(router, options_without_route_lists_allowed_methods) {
    router r;
    r.add(method::get, "/a", tagged("a"));
    r.add(method::post, "/a", tagged("a"));
    auto res = call(r, method::options, "/a");
    EXPECT_EQ(res.status(), 204);
    EXPECT_EQ(res.header("Allow"), "GET, POST, OPTIONS");
}

TEST(router, conflicts_are_rejected_when_added) {
    router r;
    r.add(method::get, "/a/{x}", tagged("1"));
    EXPECT_THROW(r.add(method::get, "/a/{y}", tagged("2")), std::invalid_argument);
    EXPECT_NO_THROW(r.add(method::post, "/a/{y}", tagged("3")));
    EXPECT_NO_THROW(r.add(method::get, "/a/{y}", tagged("4"), route_priority::builtin));
    EXPECT_THROW(r.add(method::get, "no-slash", tagged("5")), std::invalid_argument);
    EXPECT_THROW(r.add(method::get, "/a/{x:path}/b", tagged("6")), std::invalid_argument);
    EXPECT_THROW(r.add(method::get, "/a/{}", tagged("7")), std::invalid_argument);
    EXPECT_THROW(r.add(method::get, "/a/x{y}", tagged("8")), std::invalid_argument);
}

TEST(router, app_routes_win_over_builtin_and_catch_all) {
    router r;
    r.add(method::get, "/{path:path}", tagged("spa"), route_priority::fallback);
    r.add(method::get, "/user", tagged("builtin"), route_priority::builtin);
    r.add(method::get, "/user", tagged("app"));
    EXPECT_EQ(call(r, method::get, "/user").body(), "app");
    EXPECT_EQ(call(r, method::get, "/anything/deep").body(), "spa");
    EXPECT_EQ(call(r, method::get, "/").body(), "spa");
}

TEST(router, rest_parameter_captures_remainder) {
    router r;
    r.add(method::get, "/public/{path:path}", tagged("pub"));
    request req(method::get, "/public/elements/a.jsx", {}, {});
    EXPECT_EQ(run(r, req).body(), "pub");
    EXPECT_EQ(req.path_param("path"), "elements/a.jsx");
}

TEST(router, trailing_slash_is_a_distinct_path) {
    router r;
    r.add(method::get, "/ws/socket.io", tagged("bare"));
    r.add(method::get, "/ws/socket.io/", tagged("slash"));
    EXPECT_EQ(call(r, method::get, "/ws/socket.io").body(), "bare");
    EXPECT_EQ(call(r, method::get, "/ws/socket.io/").body(), "slash");
}

TEST(router, empty_param_segment_does_not_match) {
    router r;
    r.add(method::get, "/hello/{id}", tagged("x"));
    EXPECT_EQ(call(r, method::get, "/hello/").status(), 404);
}
