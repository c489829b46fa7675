#include "chainlit/http/cookie.hpp"

#include <gtest/gtest.h>

using namespace chainlit::http;

TEST(cookie, safe_defaults) {
    cookie c{"access_token", "abc"};
    EXPECT_EQ(c.to_header(), "access_token=abc; Path=/; HttpOnly; SameSite=Lax");
}

TEST(cookie, samesite_none_implies_secure_and_max_age) {
    cookie c{"t", "v"};
    c.same_site = same_site::none;
    c.max_age = 0;
    EXPECT_EQ(c.to_header(), "t=v; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=None");
}

TEST(cookie, parse_header_skips_junk) {
    auto v = parse_cookie_header(" a=1;b = 2 ; junk; =x; c=\"q\"; d=");
    ASSERT_EQ(v.size(), 4u);
    EXPECT_EQ(v[0], (std::pair<std::string, std::string>{"a", "1"}));
    EXPECT_EQ(v[1], (std::pair<std::string, std::string>{"b", "2"}));
    EXPECT_EQ(v[2], (std::pair<std::string, std::string>{"c", "q"}));
    EXPECT_EQ(v[3], (std::pair<std::string, std::string>{"d", ""}));
}
