#include "chainlit/http/request.hpp"

#include <gtest/gtest.h>

using namespace chainlit;
using namespace chainlit::http;

TEST(request, headers_are_case_insensitive) {
    request r(method::get, "/x", {{"content-type", "application/json"}, {"x-a", "1"}}, "");
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_EQ(r.header("X-A"), "1");
    EXPECT_FALSE(r.header("missing"));
}

TEST(request, query_params_decoded_in_order) {
    request r(method::get, "/x?a=1&b=hello%20world&a=2&c", {}, "");
    EXPECT_EQ(r.path(), "/x");
    EXPECT_EQ(r.query_param("a"), "1");
    EXPECT_EQ(r.query_param("b"), "hello world");
    EXPECT_EQ(r.query_param("c"), "");
    EXPECT_FALSE(r.query_param("d"));
    EXPECT_EQ(r.query_params().size(), 4u);
}

TEST(request, malformed_query_is_empty_not_fatal) {
    request r(method::get, "/x?a=%zz", {}, "");
    EXPECT_FALSE(r.query_param("a"));
}

TEST(request, cookies_from_several_headers_keep_duplicates) {
    request r(method::get, "/", {{"cookie", "a=1; b=2"}, {"cookie", "a=3"}}, "");
    EXPECT_EQ(r.cookie("a"), "1");
    EXPECT_EQ(r.cookie("b"), "2");
    EXPECT_EQ(r.cookies().size(), 3u);
}

TEST(request, json_body) {
    request ok(method::post, "/", {}, R"({"a":[1,2]})");
    auto v = ok.json();
    ASSERT_TRUE(v);
    EXPECT_EQ(v->at("a").as_array().size(), 2u);
    request bad(method::post, "/", {}, "{not json");
    EXPECT_FALSE(bad.json());
    std::string deep(10000, '[');
    request hostile(method::post, "/", {}, deep);
    EXPECT_FALSE(hostile.json());
}

TEST(request, form_by_content_type) {
    request r(method::post, "/", {{"content-type", "application/x-www-form-urlencoded"}},
              "username=a&password=b");
    auto f = r.form();
    ASSERT_TRUE(f);
    EXPECT_EQ(*f->get("password"), "b");
    request other(method::post, "/", {{"content-type", "application/json"}}, "{}");
    EXPECT_FALSE(other.form());
}

TEST(request, scheme_honours_forwarded_proto) {
    request plain(method::get, "/", {}, "");
    EXPECT_EQ(plain.scheme(), "http");
    request proxied(method::get, "/", {{"x-forwarded-proto", "https, http"}}, "");
    EXPECT_EQ(proxied.scheme(), "https");
    request junk(method::get, "/", {{"x-forwarded-proto", "gopher"}}, "");
    EXPECT_EQ(junk.scheme(), "http");
}

TEST(request, typed_locals) {
    request r;
    EXPECT_EQ(r.local<int>(), nullptr);
    r.set_local(42);
    ASSERT_NE(r.local<int>(), nullptr);
    EXPECT_EQ(*r.local<int>(), 42);
}
